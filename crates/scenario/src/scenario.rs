//! Loading a scenario: files, `extends`, variants, claims.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use brink_game::Rational;
use serde::Serialize;

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{build_model, Ctx, Model, Param};
use crate::value::{parse_document, Kind, SValue};

/// A player as the scenario declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlayerInfo {
    /// The key used in the file (`nato`).
    pub key: String,
    /// The display name (`NATO (US-led)`).
    pub name: String,
    /// The private types, if any, in order.
    pub types: Vec<String>,
}

/// A named variant of a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VariantInfo {
    /// The name used with `--variant`.
    pub name: String,
    /// What it changes, in words.
    pub about: String,
}

/// What a claim measures in an equilibrium.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Measure {
    /// The probability that the game ends in this outcome: `P(war)`.
    Outcome {
        /// The outcome's name.
        outcome: String,
    },
    /// The probability that this move is made (anywhere in the game, by any type): `P(start.invade)`.
    Move {
        /// The node's name.
        node: String,
        /// The move's name.
        r#move: String,
    },
    /// A player's expected payoff: `E(russia)`.
    Payoff {
        /// The player's key.
        player: String,
    },
    /// A probability given one player's type: `P(escalation | nato = resolute)` or
    /// `P(start.invade | nato = resolute)`, the probability of the event among the plays in
    /// which that player is of that type. (An expected payoff by type is in every answer's
    /// payoffs already.)
    Given {
        /// The event: an outcome or a move.
        event: Box<Measure>,
        /// The player whose type is given.
        player: String,
        /// The type.
        r#type: String,
    },
}

impl Measure {
    /// Reads `P(outcome)`, `P(node.move)`, `E(player)`, or `P(event | player = type)`.
    pub fn parse(text: &str) -> Option<Measure> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix("P(").and_then(|r| r.strip_suffix(')')) {
            if let Some((event, given)) = inner.split_once('|') {
                let (player, ty) = given.split_once('=')?;
                let (player, ty) = (player.trim(), ty.trim());
                if player.is_empty() || ty.is_empty() {
                    return None;
                }
                let event = Measure::parse(&format!("P({})", event.trim()))?;
                return Some(Measure::Given {
                    event: Box::new(event),
                    player: player.into(),
                    r#type: ty.into(),
                });
            }
        }
        let (head, rest) = text.split_once('(')?;
        let inner = rest.strip_suffix(')')?.trim();
        if inner.is_empty() {
            return None;
        }
        match head.trim() {
            "P" => Some(match inner.split_once('.') {
                Some((n, m)) => Measure::Move {
                    node: n.trim().into(),
                    r#move: m.trim().into(),
                },
                None => Measure::Outcome {
                    outcome: inner.into(),
                },
            }),
            "E" => Some(Measure::Payoff {
                player: inner.into(),
            }),
            _ => None,
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measure::Outcome { outcome } => write!(f, "P({outcome})"),
            Measure::Move { node, r#move } => write!(f, "P({node}.{move})"),
            Measure::Payoff { player } => write!(f, "E({player})"),
            Measure::Given {
                event,
                player,
                r#type,
            } => {
                let e = event.to_string();
                let inner = e
                    .strip_prefix("P(")
                    .and_then(|x| x.strip_suffix(')'))
                    .unwrap_or(&e);
                write!(f, "P({inner} | {player} = {type})")
            }
        }
    }
}

/// The direction a claim expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Direction {
    /// Variant A gives a lower value than B.
    Lower,
    /// Variant A gives a higher value than B.
    Higher,
}

/// A claim: "variant A lowers (raises) measure M compared with B over these parameter ranges".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// The claim in words, as the debate puts it.
    pub says: String,
    /// Where the claim comes from (a speaker, a paper) or "illustrative".
    pub source: String,
    /// The scenario file, resolved against the claims file (`None` for claims written inside
    /// a scenario file: they are about that scenario).
    pub scenario: Option<PathBuf>,
    /// The variant that is claimed to change the measure (`base` for no variant).
    pub variant: String,
    /// The variant it is compared with (`base` for no variant).
    pub against: String,
    /// What is compared.
    pub measure: Measure,
    /// Lower or higher.
    pub expect: Direction,
    /// Parameter ranges the claim is meant to hold over, `(name, low, high)`.
    #[serde(serialize_with = "ser_ranges")]
    pub over: Vec<(String, Rational, Rational)>,
}

fn ser_ranges<S: serde::Serializer>(
    v: &[(String, Rational, Rational)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for (n, lo, hi) in v {
        seq.serialize_element(&(n, lo.to_string(), hi.to_string()))?;
    }
    seq.end()
}

/// A loaded and fully checked scenario: the base and every variant compile.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The title.
    pub title: String,
    /// What it models.
    pub about: String,
    /// The parameters of the base scenario, with their defaults.
    pub params: Vec<Param>,
    /// The players.
    pub players: Vec<PlayerInfo>,
    /// The variants, in file order.
    pub variants: Vec<VariantInfo>,
    /// The claims written in the scenario file.
    pub claims: Vec<Claim>,
    /// Warnings found while loading (the scenario is usable).
    pub warnings: Vec<Diagnostic>,
    pub(crate) base: Model,
    pub(crate) variant_models: Vec<Model>,
    pub(crate) files: Vec<Arc<SourceFile>>,
}

/// The name that means "no variant".
pub const BASE: &str = "base";

impl Scenario {
    /// The checked model of a variant (`None` or `"base"` for the base scenario).
    pub(crate) fn model(&self, variant: Option<&str>) -> Result<&Model, Box<Diagnostic>> {
        match variant {
            None | Some(BASE) => Ok(&self.base),
            Some(name) => match self.variants.iter().position(|v| v.name == name) {
                Some(i) => Ok(&self.variant_models[i]),
                None => {
                    let known: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
                    Err(Box::new(
                        Diagnostic::error("S040", format!("the scenario has no variant `{name}`"))
                            .hint(if known.is_empty() {
                                "this scenario has no variants".to_string()
                            } else {
                                crate::diag::suggestion_hint(
                                    name,
                                    known.iter().copied(),
                                    &format!("the variants are: {}", known.join(", ")),
                                )
                            }),
                    ))
                }
            },
        }
    }

    /// The parameters of a variant with the variant's defaults.
    pub fn variant_params(&self, variant: Option<&str>) -> Result<&[Param], Box<Diagnostic>> {
        Ok(&self.model(variant)?.params)
    }

    /// The source files the scenario was read from (the file itself first, then what it extends).
    pub fn sources(&self) -> &[Arc<SourceFile>] {
        &self.files
    }
}

/// Reads and checks a scenario file, with everything it extends. Returns every error at once.
pub fn load(path: impl AsRef<Path>) -> Result<Scenario, Vec<Diagnostic>> {
    let path = path.as_ref();
    match crate::diag::read_source(path) {
        Ok(text) => load_from(path, text),
        Err(e) => Err(vec![e.diagnostic(path, "")]),
    }
}

/// Checks a scenario given as text; `path` names it in diagnostics and anchors `extends`.
pub fn parse_str(path: impl AsRef<Path>, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    load_from(path.as_ref(), text.to_string())
}

struct Loader {
    files: Vec<Arc<SourceFile>>,
    diags: Vec<Diagnostic>,
    chain: Vec<PathBuf>,
}

impl Loader {
    /// Reads one file and, recursively, what it extends; returns the merged document.
    fn document(&mut self, path: &Path, text: String) -> Option<SValue> {
        let id = self.files.len();
        self.files.push(Arc::new(SourceFile {
            name: path.display().to_string(),
            text,
        }));
        let source = self.files[id].clone();
        let mut doc = match parse_document(&source.text, id) {
            Ok(d) => d,
            Err(e) => {
                let mut d =
                    Diagnostic::error("S002", format!("TOML syntax: {}", e.message().trim_end()));
                if let Some(span) = e.span() {
                    d = d.at(&source, span);
                }
                self.diags
                    .push(d.hint("see https://toml.io for the syntax"));
                return None;
            }
        };
        let Some(ext) = doc.get("extends").cloned() else {
            return Some(doc);
        };
        let Some(rel) = ext.as_str() else {
            self.diags.push(
                Diagnostic::error("S003", "`extends` must be a file name")
                    .at(&source, ext.span.clone()),
            );
            return None;
        };
        let base_path = path.parent().unwrap_or(Path::new("")).join(rel);
        let canonical = base_path
            .canonicalize()
            .unwrap_or_else(|_| base_path.clone());
        if self.chain.contains(&canonical) {
            self.diags.push(
                Diagnostic::error(
                    "S006",
                    format!("`{rel}` extends itself through a chain of files"),
                )
                .at(&source, ext.span.clone())
                .hint("remove one `extends` from the loop"),
            );
            return None;
        }
        let base_text = match crate::diag::read_source(&base_path) {
            Ok(t) => t,
            // A file that is not UTF-8 is reported at its bad byte, in that file.
            Err(crate::diag::ReadFailure::Encoding(d)) => {
                self.diags.push(*d);
                return None;
            }
            Err(e) => {
                let d = e.diagnostic(&base_path, ", which this scenario extends");
                let hint = d
                    .hint
                    .clone()
                    .unwrap_or_else(|| "the path is relative to this file's folder".into());
                self.diags.push(
                    Diagnostic::error("S006", d.message)
                        .at(&source, ext.span.clone())
                        .hint(hint),
                );
                return None;
            }
        };
        self.chain.push(canonical);
        let mut base = self.document(&base_path, base_text)?;
        self.chain.pop();
        // A file's claims are its own: a file that states `[[claims]]` is checked on those
        // alone (the parent's are checked with the parent, so listing them again would repeat
        // them), which the merge below does, as a child's array replaces its parent's. A file
        // that states none keeps the parent's, so that a file changing only numbers re-checks
        // the parent's arguments under its numbers. Everything else patches the base.
        if let Kind::Table(entries) = &mut doc.kind {
            entries.retain(|(k, _)| k.name != "extends");
        }
        merge_params_aware(&mut base, &doc);
        Some(base)
    }
}

/// What a file of `[[claims]]` is: a scenario with claims about itself, or a claims file whose
/// claims name the scenarios they are about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A scenario (it may also hold claims): read it with [`load`].
    Scenario,
    /// A claims file: read it with [`crate::load_claims`].
    Claims,
}

/// The keys only a scenario has at its top level.
const SCENARIO_ONLY_KEYS: [&str; 8] = [
    "extends", "root", "params", "players", "nodes", "outcomes", "variants", "assume",
];

/// Decides from its content which kind of file `text` is, so that its errors are reported as
/// that kind's: a file with any key only a scenario has (`extends`, `nodes`, `params`, ...)
/// is a scenario, whatever else is wrong with it; a file with `claims` and none of those is a
/// claims file; anything else, a file that is not valid TOML included, is read as a scenario
/// (whose loader reports the syntax error where it is).
pub fn file_kind(text: &str) -> FileKind {
    let Ok(doc) = parse_document(text, 0) else {
        return FileKind::Scenario;
    };
    let Kind::Table(entries) = &doc.kind else {
        return FileKind::Scenario;
    };
    let has = |name: &str| entries.iter().any(|(k, _)| k.name == name);
    if SCENARIO_ONLY_KEYS.iter().any(|k| has(k)) || !has("claims") {
        FileKind::Scenario
    } else {
        FileKind::Claims
    }
}

/// Merges `patch` into `base`, except that a scalar given for a parameter declared as a table
/// replaces only its `value` (so a variant can write `params.p = 0.2` and keep the range).
fn merge_params_aware(base: &mut SValue, patch: &SValue) {
    let mut patch = patch.clone();
    if let (Some(base_params), Some(patch_params)) =
        (base.get("params").cloned(), patch.get("params").cloned())
    {
        if let (Kind::Table(bp), Kind::Table(mut pp)) = (base_params.kind, patch_params.kind) {
            for (k, v) in pp.iter_mut() {
                let is_scalar = !matches!(v.kind, Kind::Table(_));
                let base_is_table = bp
                    .iter()
                    .any(|(bk, bv)| bk.name == k.name && matches!(bv.kind, Kind::Table(_)));
                if is_scalar && base_is_table {
                    let value = v.clone();
                    *v = SValue {
                        span: value.span.clone(),
                        file: value.file,
                        kind: Kind::Table(vec![(
                            crate::value::SKey {
                                name: "value".into(),
                                span: k.span.clone(),
                                file: k.file,
                            },
                            value,
                        )]),
                    };
                }
            }
            if let Kind::Table(entries) = &mut patch.kind {
                for (k, v) in entries.iter_mut() {
                    if k.name == "params" {
                        v.kind = Kind::Table(pp.clone());
                    }
                }
            }
        }
    }
    base.merge(&patch);
}

const TOP_KEYS: [&str; 11] = [
    "title", "about", "extends", "root", "params", "players", "nodes", "outcomes", "variants",
    "claims", "assume",
];
const VARIANT_KEYS: [&str; 6] = ["about", "params", "players", "nodes", "outcomes", "root"];

fn load_from(path: &Path, text: String) -> Result<Scenario, Vec<Diagnostic>> {
    let mut loader = Loader {
        files: Vec::new(),
        diags: Vec::new(),
        chain: vec![path.canonicalize().unwrap_or_else(|_| path.to_path_buf())],
    };
    let doc = loader.document(path, text);
    let mut diags = loader.diags;
    let files = loader.files;
    let Some(doc) = doc else { return Err(diags) };
    let mut ctx = Ctx {
        files: &files,
        diags: Vec::new(),
    };
    if let Some(t) = ctx.table(&doc, "the scenario") {
        ctx.only_keys(t, &TOP_KEYS, "a scenario");
    }
    let about = doc
        .get("about")
        .and_then(|a| ctx.string(a, "`about`"))
        .unwrap_or_default();
    let base = build_model(&mut ctx, &doc, true);

    // Each variant is the base document with the variant's tables merged over it.
    let mut variant_infos = Vec::new();
    let mut variant_models = Vec::new();
    if let Some(vv) = doc.get("variants") {
        if let Some(vt) = ctx.table(vv, "`variants`") {
            for (vk, v) in vt {
                if vk.name == BASE {
                    ctx.err_key(
                        "S011",
                        vk,
                        "`base` is the name of the scenario without a variant".into(),
                        Some("choose another name"),
                    );
                    continue;
                }
                let Some(t) = ctx.table(v, &format!("variant `{}`", vk.name)) else {
                    continue;
                };
                ctx.only_keys(t, &VARIANT_KEYS, "a variant");
                let about = v
                    .get("about")
                    .and_then(|a| ctx.string(a, "`about`"))
                    .unwrap_or_default();
                let mut merged = doc.clone();
                let mut patch = v.clone();
                if let Kind::Table(entries) = &mut patch.kind {
                    entries.retain(|(k, _)| k.name != "about");
                }
                merge_params_aware(&mut merged, &patch);
                let model = build_model(&mut ctx, &merged, false);
                variant_infos.push(VariantInfo {
                    name: vk.name.clone(),
                    about,
                });
                variant_models.push(model);
            }
        }
    }
    let mut all = std::mem::take(&mut ctx.diags);
    diags.append(&mut all);
    dedup(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let Some(base) = base else { return Err(diags) };
    let variant_models: Vec<Model> = match variant_models.into_iter().collect::<Option<_>>() {
        Some(v) => v,
        None => return Err(diags),
    };
    // A parameter that no formula reads, in the base or any variant, is probably a mistake.
    let mut used = std::collections::BTreeSet::new();
    base.mark_used(&mut used);
    variant_models.iter().for_each(|m| m.mark_used(&mut used));
    for p in &base.params {
        if !used.contains(&p.name) {
            let (file, span) = p.key_loc.clone();
            diags.push(
                Diagnostic::error("S070", format!("parameter `{}` is never used", p.name))
                    .at(&files[file], span)
                    .hint("use it in a payoff, prior or probability, or remove it")
                    .warning(),
            );
        }
    }
    let mut scenario = Scenario {
        title: base.title.clone(),
        about,
        params: base.params.clone(),
        players: base
            .players
            .iter()
            .map(|p| PlayerInfo {
                key: p.key.clone(),
                name: p.name.clone(),
                types: p.types.iter().map(|t| t.name.clone()).collect(),
            })
            .collect(),
        variants: variant_infos,
        claims: Vec::new(),
        warnings: diags,
        base,
        variant_models,
        files: files.clone(),
    };
    if let Some(cv) = doc.get("claims") {
        let mut ctx = Ctx {
            files: &files,
            diags: Vec::new(),
        };
        let claims =
            crate::claims::build_claims(&mut ctx, cv, path, &mut |_| Some(scenario.clone()), false);
        if ctx.diags.iter().any(Diagnostic::is_error) {
            let mut d = ctx.diags;
            dedup(&mut d);
            return Err(d);
        }
        scenario.claims = claims;
    }
    Ok(scenario)
}

/// Removes repeated diagnostics (an error in the base shows up again in every variant) and
/// orders them by file and position, so output is stable.
pub(crate) fn dedup(diags: &mut Vec<Diagnostic>) {
    let key = |d: &Diagnostic| {
        (
            d.source.as_ref().map(|s| s.name.clone()),
            d.span.as_ref().map(|s| (s.start, s.end)),
            d.code,
            d.message.clone(),
        )
    };
    diags.sort_by_key(key);
    diags.dedup_by(|a, b| key(a) == key(b));
}
