//! A TOML document as a tree of values that all keep their byte span.
//!
//! The scenario checker wants to report every error at once with its position, so it does not
//! deserialize into typed structs (serde stops at the first error). It reads the document into
//! this generic tree with `toml`'s span support and then walks it by hand.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// A value with the byte span it came from.
#[derive(Clone, Debug)]
pub(crate) struct SValue {
    pub span: Range<usize>,
    /// Which loaded file the value comes from (an index into the loader's file list).
    pub file: usize,
    pub kind: Kind,
}

/// The kinds of TOML value the scenario language uses.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Str(String),
    /// A number: its exact value is read from the source text under its span.
    Number,
    Bool(bool),
    Array(Vec<SValue>),
    /// A table, keys in document order, each key with its own span.
    Table(Vec<(SKey, SValue)>),
    /// Anything else (dates); reported as an error where it appears.
    Other,
}

/// A table key with its span.
#[derive(Clone, Debug)]
pub(crate) struct SKey {
    pub name: String,
    pub span: Range<usize>,
    pub file: usize,
}

impl SValue {
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Str(_) => "a string",
            Kind::Number => "a number",
            Kind::Bool(_) => "a boolean",
            Kind::Array(_) => "an array",
            Kind::Table(_) => "a table",
            Kind::Other => "a date",
        }
    }

    pub fn as_table(&self) -> Option<&[(SKey, SValue)]> {
        match &self.kind {
            Kind::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entry with the given key, if this is a table that has it.
    pub fn get(&self, key: &str) -> Option<&SValue> {
        self.as_table()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Number)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Number)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Number)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<SValue>()? {
            out.push(v);
        }
        Ok(Kind::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let span = key.span();
            let name = key.into_inner();
            if name == "$__toml_private_datetime" {
                // A date-time: swallow its value and mark it as unsupported.
                let _: de::IgnoredAny = map.next_value()?;
                return Ok(Kind::Other);
            }
            let value: SValue = map.next_value()?;
            out.push((
                SKey {
                    name,
                    span,
                    file: 0,
                },
                value,
            ));
        }
        Ok(Kind::Table(out))
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

// The span protocol of `toml` (the one `serde_spanned::Spanned` speaks): a value asked for as
// this struct arrives as a map of start, end and value. Tables that exist only implicitly
// (`[a.b]` without `[a]`) arrive as plain maps instead; they get an empty span here and their
// keys keep their own spans, which is where diagnostics point anyway.
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const START: &str = "$__serde_spanned_private_start";
const END: &str = "$__serde_spanned_private_end";
const VALUE: &str = "$__serde_spanned_private_value";

struct SValueVisitor;

impl<'de> Visitor<'de> for SValueVisitor {
    type Value = SValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<SValue, E> {
        Ok(SValue {
            span: 0..0,
            file: 0,
            kind: Kind::Bool(v),
        })
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<SValue, E> {
        Ok(SValue {
            span: 0..0,
            file: 0,
            kind: Kind::Number,
        })
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<SValue, E> {
        Ok(SValue {
            span: 0..0,
            file: 0,
            kind: Kind::Number,
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<SValue, E> {
        Ok(SValue {
            span: 0..0,
            file: 0,
            kind: Kind::Str(v.to_string()),
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<SValue, A::Error> {
        Ok(SValue {
            span: 0..0,
            file: 0,
            kind: KindVisitor.visit_seq(seq)?,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SValue, A::Error> {
        let Some(first) = map.next_key::<KeyMaybeSpanned>()? else {
            return Ok(SValue {
                span: 0..0,
                file: 0,
                kind: Kind::Table(Vec::new()),
            });
        };
        if first.name == START {
            let start: usize = map.next_value()?;
            let mut end = start;
            let mut kind = Kind::Other;
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    END => end = map.next_value()?,
                    VALUE => kind = map.next_value()?,
                    _ => {
                        let _: de::IgnoredAny = map.next_value()?;
                    }
                }
            }
            return Ok(SValue {
                span: start..end,
                file: 0,
                kind,
            });
        }
        // A plain (implicit) table: read it as such.
        let mut out = Vec::new();
        let value: SValue = map.next_value()?;
        out.push((
            SKey {
                name: first.name,
                span: first.span,
                file: 0,
            },
            value,
        ));
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            let span = k.span();
            let name = k.into_inner();
            let value: SValue = map.next_value()?;
            out.push((
                SKey {
                    name,
                    span,
                    file: 0,
                },
                value,
            ));
        }
        Ok(SValue {
            span: 0..0,
            file: 0,
            kind: Kind::Table(out),
        })
    }
}

/// A key that may come with a span (ordinary keys) or without (the span protocol's own keys).
struct KeyMaybeSpanned {
    name: String,
    span: Range<usize>,
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = KeyMaybeSpanned;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyMaybeSpanned, E> {
        Ok(KeyMaybeSpanned {
            name: v.to_string(),
            span: 0..0,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyMaybeSpanned, A::Error> {
        let (mut start, mut end, mut name) = (0, 0, String::new());
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                START => start = map.next_value()?,
                END => end = map.next_value()?,
                _ => name = map.next_value()?,
            }
        }
        Ok(KeyMaybeSpanned {
            name,
            span: start..end,
        })
    }
}

impl<'de> Deserialize<'de> for KeyMaybeSpanned {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyMaybeSpanned, D::Error> {
        d.deserialize_struct(SPANNED, &[START, END, VALUE], KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for SValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SValue, D::Error> {
        d.deserialize_struct(SPANNED, &[START, END, VALUE], SValueVisitor)
    }
}

/// Parses a whole document. The root table's span is the whole text.
pub(crate) fn parse_document(text: &str, file: usize) -> Result<SValue, toml::de::Error> {
    let kind: Kind = toml::from_str(text)?;
    let mut doc = SValue {
        span: 0..text.len(),
        file,
        kind,
    };
    doc.set_file(file);
    Ok(doc)
}

impl SValue {
    fn set_file(&mut self, file: usize) {
        self.file = file;
        match &mut self.kind {
            Kind::Array(items) => items.iter_mut().for_each(|v| v.set_file(file)),
            Kind::Table(entries) => {
                for (k, v) in entries {
                    k.file = file;
                    v.set_file(file);
                }
            }
            _ => {}
        }
    }

    /// Applies `patch` on top of this value: tables merge key by key (recursively), anything
    /// else is replaced. A patch table holding `replace = true` replaces instead of merging.
    pub fn merge(&mut self, patch: &SValue) {
        let replace_whole = patch
            .get("replace")
            .is_some_and(|v| matches!(v.kind, Kind::Bool(true)));
        match (&mut self.kind, &patch.kind) {
            (Kind::Table(mine), Kind::Table(theirs)) if !replace_whole => {
                for (k, v) in theirs {
                    match mine.iter_mut().find(|(mk, _)| mk.name == k.name) {
                        Some((_, existing)) => existing.merge(v),
                        None => mine.push((k.clone(), v.clone())),
                    }
                }
            }
            _ => {
                let mut new = patch.clone();
                if let Kind::Table(entries) = &mut new.kind {
                    entries.retain(|(k, _)| k.name != "replace");
                }
                *self = new;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_nested_values_and_keys() {
        let text = "a = 1\n[t]\nb = { c = \"x\", d = [1.5, true] }\n[u.v]\nw = 1\n";
        let doc = parse_document(text, 0).unwrap();
        let t = doc.get("t").unwrap();
        let b = t.get("b").unwrap();
        let c = b.get("c").unwrap();
        assert_eq!(&text[c.span.clone()], "\"x\"");
        let d = b.get("d").unwrap();
        match &d.kind {
            Kind::Array(items) => assert_eq!(&text[items[0].span.clone()], "1.5"),
            _ => panic!("not an array"),
        }
        let (key, _) = &doc.as_table().unwrap()[0];
        assert_eq!(&text[key.span.clone()], "a");
        let (key, _) = &b.as_table().unwrap()[1];
        assert_eq!(&text[key.span.clone()], "d");
        let w = doc.get("u").unwrap().get("v").unwrap().get("w").unwrap();
        assert_eq!(&text[w.span.clone()], "1");
    }
}
