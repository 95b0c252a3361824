//! `brink serve` (feature `serve`), tested as a user meets it: the built binary started on a
//! free port of 127.0.0.1, and real HTTP requests to it. Each answer is compared with what the
//! command line prints for the same settings, so the two cannot drift apart. Every request
//! has a time limit, and each test starts and stops its own server.
#![cfg(feature = "serve")]

#[path = "common/cdp.rs"]
mod cdp;
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// A running `brink serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    address: String,
}

impl Server {
    /// Starts `brink serve --port 0 ARGS` in the repository's root (so the default is its
    /// `scenarios/`) and waits for the address it prints.
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brink"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("brink serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("its standard output"))
            .read_line(&mut line)
            .expect("brink serve prints its address");
        let address = line
            .trim()
            .strip_prefix("http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("not an address: {line:?}"))
            .to_string();
        assert!(
            address.starts_with("127.0.0.1:"),
            "the server listens on the loopback interface only: {address}"
        );
        Server { child, address }
    }

    /// Sends one request and returns the status, the content type and the body.
    fn request(&self, method: &str, target: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.address,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("an answer in time");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = text(&raw[..split]);
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line: {head}"));
        let content_type = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-type")
                    .then(|| v.trim().to_string())
            })
            .unwrap_or_default();
        assert!(
            !head.to_ascii_lowercase().contains("transfer-encoding"),
            "answers have a length: {head}"
        );
        (status, content_type, raw[split + 4..].to_vec())
    }

    fn get(&self, target: &str) -> (u16, String, Vec<u8>) {
        self.request("GET", target, b"")
    }

    /// A GET whose answer must be JSON with `status`.
    fn json(&self, target: &str, status: u16) -> Value {
        let (got, content_type, body) = self.get(target);
        assert_eq!(got, status, "{target}: {}", text(&body));
        assert_eq!(content_type, "application/json", "{target}");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The error text of a request that must be refused with 400.
    fn refused(&self, method: &str, target: &str, body: &str) -> String {
        let (status, content_type, answer) = self.request(method, target, body.as_bytes());
        assert_eq!(status, 400, "{method} {target} {body}: {}", text(&answer));
        assert_eq!(content_type, "application/json");
        let v: Value = serde_json::from_slice(&answer).expect("an error as JSON");
        v["error"].as_str().expect("an error text").to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The scenario name, variant and settings both sides are asked with.
const SETTINGS: [(&str, &str, &[&str]); 4] = [
    ("latvia", "base", &[]),
    ("latvia", "tripwire", &["p_resolute=0.15"]),
    ("latvia", "tripwire", &["p_resolute=1/2", "stake=7"]),
    ("models/audience_costs", "base", &[]),
];

fn query(scenario: &str, variant: &str, sets: &[&str]) -> String {
    let mut q = format!("scenario={scenario}&variant={variant}");
    for s in sets {
        q.push_str(&format!("&set={}", s.replace('/', "%2F")));
    }
    q
}

fn cli_args<'a>(file: &'a str, variant: &'a str, sets: &'a [&'a str]) -> Vec<&'a str> {
    let mut args = vec![file, "--variant", variant];
    for s in sets {
        args.extend(["--set", s]);
    }
    args
}

#[test]
fn the_scenario_list_holds_every_variant_with_its_parameters() {
    let server = Server::start(&[]);
    let listing = server.json("/api/scenarios", 200);
    let scenarios = listing["scenarios"].as_array().unwrap();
    let names: Vec<&str> = scenarios
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"latvia") && names.contains(&"models/chicken"),
        "{names:?}"
    );
    // Claims files are not scenarios and are left out.
    assert!(!names.iter().any(|n| n.ends_with("claims")), "{names:?}");
    let latvia = scenarios.iter().find(|s| s["name"] == "latvia").unwrap();
    let loaded = brink_scenario::load(repo().join("scenarios/latvia.toml")).unwrap();
    assert_eq!(latvia["title"], loaded.title.as_str());
    let variants = latvia["variants"].as_array().unwrap();
    assert_eq!(
        variants.len(),
        loaded.variants.len() + 1,
        "base and every variant"
    );
    assert_eq!(variants[0]["name"], "base");
    for v in variants {
        let name = v["name"].as_str().unwrap();
        let params = loaded
            .variant_params(Some(name).filter(|n| *n != "base"))
            .unwrap();
        let listed = v["params"].as_array().unwrap();
        assert_eq!(listed.len(), params.len(), "{name}");
        for (l, p) in listed.iter().zip(params) {
            assert_eq!(l["name"], p.name.as_str());
            assert_eq!(l["about"], p.about.as_str());
            assert_eq!(l["boolean"], p.boolean);
            assert_eq!(l["value"]["exact"], p.default.to_string().as_str());
            match &p.range {
                Some((lo, hi)) => {
                    assert_eq!(l["range"][0]["exact"], lo.to_string().as_str());
                    assert_eq!(l["range"][1]["exact"], hi.to_string().as_str());
                }
                None => assert!(l["range"].is_null()),
            }
        }
    }
}

#[test]
fn only_the_scenarios_given_are_served() {
    let server = Server::start(&["scenarios/latvia.toml"]);
    let listing = server.json("/api/scenarios", 200);
    let names: Vec<&str> = listing["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["latvia"]);
    let error = server.refused("GET", "/api/analyze?scenario=ukraine", "");
    assert!(error.contains("no scenario is called `ukraine`"), "{error}");
}

#[test]
fn analyze_answers_what_the_command_line_prints_with_json() {
    let server = Server::start(&[]);
    let mut summaries = Vec::new();
    for (scenario, variant, sets) in SETTINGS {
        let file = format!("scenarios/{scenario}.toml");
        let file = repo().join(file).display().to_string();
        let mut args = vec!["analyze", "--json"];
        args.extend(cli_args(&file, variant, sets));
        let out = brink(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        let got = server.json(
            &format!("/api/analyze?{}", query(scenario, variant, sets)),
            200,
        );
        assert_eq!(got, cli, "{scenario} {variant} {sets:?}");
        // The same settings as a JSON body.
        let mut set = serde_json::Map::new();
        for s in sets {
            let (k, v) = s.split_once('=').unwrap();
            set.insert(k.into(), Value::String(v.into()));
        }
        let body = serde_json::json!({"scenario": scenario, "variant": variant, "set": set});
        let (status, _, posted) =
            server.request("POST", "/api/analyze", body.to_string().as_bytes());
        assert_eq!(status, 200, "{}", text(&posted));
        assert_eq!(serde_json::from_slice::<Value>(&posted).unwrap(), cli);
        summaries.push(got["summary"].clone());
    }
    // The answer does depend on the settings: Latvia with tripwires at two priors differs.
    assert_ne!(summaries[1], summaries[2]);
    assert!(summaries[1]["headline"]
        .as_str()
        .is_some_and(|h| !h.is_empty()));
}

#[test]
fn the_tree_and_the_map_are_the_pictures_the_commands_draw() {
    let server = Server::start(&[]);
    let dir = scratch("serve-pictures");
    let latvia = latvia();
    // Each tree alone, then after the answer of the same settings (which the server keeps
    // and draws from): both are the picture the command draws.
    for after_answer in [false, true] {
        for (_, variant, sets) in &SETTINGS[..3] {
            let path = dir.join("tree.svg").display().to_string();
            let mut args = vec!["draw", "--solve", "-o", &path];
            args.extend(cli_args(&latvia, variant, sets));
            let out = brink(&args);
            assert!(out.status.success(), "{}", text(&out.stderr));
            let settings = query("latvia", variant, sets);
            if after_answer {
                server.json(&format!("/api/analyze?{settings}"), 200);
            }
            let (status, content_type, svg) = server.get(&format!("/api/tree?{settings}"));
            assert_eq!((status, content_type.as_str()), (200, "image/svg+xml"));
            assert_eq!(
                text(&svg),
                std::fs::read_to_string(&path).unwrap(),
                "{variant} {sets:?}"
            );
        }
    }
    let path = dir.join("map.svg").display().to_string();
    let args = [
        "map",
        &latvia,
        "--x",
        "p_resolute",
        "--y",
        "stake",
        "--xn",
        "5",
        "--yn",
        "5",
        "--variant",
        "tripwire",
        "--set",
        "abandon=6",
        "-o",
        &path,
    ];
    let out = brink(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (status, content_type, svg) = server
        .get("/api/map?scenario=latvia&variant=tripwire&set=abandon=6&x=p_resolute&y=stake&n=5");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "image/svg+xml"),
        "{}",
        text(&svg)
    );
    assert_eq!(text(&svg), std::fs::read_to_string(&path).unwrap());
}

/// The claims written in a scenario file get the verdicts `brink claims FILE --json` prints.
#[test]
fn claims_get_the_verdicts_the_command_line_prints() {
    let server = Server::start(&[]);
    let listing = server.json("/api/scenarios", 200);
    let with_claims: Vec<&str> = listing["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["claims"].as_u64().unwrap() > 0)
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(with_claims.contains(&"latvia"), "{with_claims:?}");
    for name in with_claims {
        // Run from the repository's root with the path the server was given, so the file
        // names in the verdicts agree.
        let out = Command::new(env!("CARGO_BIN_EXE_brink"))
            .args(["claims", &format!("scenarios/{name}.toml"), "--json"])
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        let got = server.json(&format!("/api/claims?scenario={name}"), 200);
        assert_eq!(got, cli, "{name}");
    }
    let error = server.refused("GET", "/api/claims?scenario=latvia&variant=tripwire", "");
    assert!(error.contains("scenario as written"), "{error}");
    let error = server.refused("GET", "/api/claims?scenario=../claims", "");
    assert!(error.contains("no scenario is called"), "{error}");
}

/// Bad requests get 400 and the words the command line uses; the server stays up.
#[test]
fn bad_requests_are_refused_with_the_command_lines_words() {
    let server = Server::start(&[]);
    let latvia = latvia();
    // Unknown variant, unknown parameter, a value outside its range, a value that is no
    // number: each error text holds the CLI's diagnostic, line for line.
    let cases: [(&str, &[&str]); 4] = [
        ("tripwir", &[]),
        ("base", &["p_resolut=0.3"]),
        ("base", &["p_resolute=1.5"]),
        ("base", &["stake=abc"]),
    ];
    for (variant, sets) in cases {
        let mut args = vec!["analyze"];
        args.extend(cli_args(&latvia, variant, sets));
        let out = brink(&args);
        assert!(!out.status.success());
        let cli = text(&out.stderr);
        let error = server.refused(
            "GET",
            &format!("/api/analyze?{}", query("latvia", variant, sets)),
            "",
        );
        let message = cli
            .lines()
            .find(|l| l.contains('×'))
            .unwrap_or_else(|| panic!("a diagnostic: {cli}"))
            .trim();
        assert!(
            error.contains(message),
            "{error}\n-- the CLI said --\n{cli}"
        );
        assert!(
            error.contains("the scenario has 1 error; nothing was solved"),
            "{error}"
        );
        // The tree and the map refuse the same settings the same way.
        let tree = server.refused(
            "GET",
            &format!("/api/tree?{}", query("latvia", variant, sets)),
            "",
        );
        assert_eq!(tree, error);
        let map = server.refused(
            "GET",
            &format!(
                "/api/map?{}&x=abandon&y=stake&n=3",
                query("latvia", variant, sets)
            ),
            "",
        );
        assert_eq!(map, error);
    }
    // A scenario name is a name in the catalogue, never a path.
    for name in [
        "../../etc/passwd",
        "%2Fetc%2Fpasswd",
        "scenarios/latvia.toml",
        "",
    ] {
        let error = server.refused("GET", &format!("/api/analyze?scenario={name}"), "");
        assert!(error.contains("no scenario is called"), "{error}");
    }
    // Huge numbers: beyond a double in JSON, out of range, or too long to read.
    let error = server.refused(
        "POST",
        "/api/analyze",
        r#"{"scenario": "latvia", "set": {"stake": 1e400}}"#,
    );
    assert!(error.starts_with("malformed JSON"), "{error}");
    let error = server.refused("GET", "/api/analyze?scenario=latvia&set=stake=1e4000", "");
    assert!(
        error.contains("outside the declared range [0, 20]"),
        "{error}"
    );
    let long = "9".repeat(500);
    let error = server.refused(
        "GET",
        &format!("/api/analyze?scenario=latvia&set=stake={long}"),
        "",
    );
    assert!(error.contains("characters long"), "{error}");
    // Malformed requests of every kind.
    for (body, expect) in [
        (r#"{"scenario": "latvia""#, "malformed JSON"),
        ("", "malformed JSON"),
        ("\u{0}\u{1}binary", "malformed JSON"),
        ("[\"latvia\"]", "must be a JSON object"),
        (r#"{"scenario": ["latvia"]}"#, "wrong type"),
        (
            r#"{"scenario": "latvia", "set": {"stake": {"value": 1}}}"#,
            "must be a number",
        ),
        (
            r#"{"scenario": "latvia", "params": {}}"#,
            "unknown field `params`",
        ),
        (r#"{"variant": "tripwire"}"#, "names no scenario"),
    ] {
        let error = server.refused("POST", "/api/analyze", body);
        assert!(error.contains(expect), "{body}: {error}");
    }
    for (target, expect) in [
        (
            "/api/analyze?scenario=latvia&sett=stake=1",
            "unknown query key `sett`",
        ),
        ("/api/analyze?scenario=latvia&set=stake", "set=NAME=VALUE"),
        (
            "/api/analyze?scenario=latvia&set=%FF%FE=1",
            "has no parameter",
        ),
        (
            "/api/map?scenario=latvia&x=p_resolute&y=stake&n=1000",
            "a map has from 2 × 2 to",
        ),
        (
            "/api/map?scenario=latvia&x=p_resolute=0:1:999&y=stake",
            "at most 1681 are drawn",
        ),
        (
            "/api/map?scenario=latvia&x=p_resolute&y=p_resolute",
            "two different parameters",
        ),
        (
            "/api/map?scenario=latvia&x=p_resolute&y=no_such&n=3",
            "no_such",
        ),
        (
            "/api/map?scenario=latvia&x=p_resolute",
            "a map needs two parameters",
        ),
        (
            "/api/map?scenario=latvia&x=p_resolute&y=stake&n=many",
            "whole number",
        ),
    ] {
        let error = server.refused("GET", target, "");
        assert!(error.contains(expect), "{target}: {error}");
    }
    // Wrong paths and methods are refused without a crash.
    assert_eq!(server.get("/api/nothing").0, 404);
    assert_eq!(server.get("/../../etc/passwd").0, 404);
    assert_eq!(server.request("DELETE", "/api/analyze", b"").0, 405);
    // A body beyond the limit is refused before it is read.
    let big = format!("{{\"scenario\": \"{}\"}}", "x".repeat(100_000));
    assert_eq!(
        server.request("POST", "/api/analyze", big.as_bytes()).0,
        413
    );
    // After all that the server still answers.
    let answer = server.json("/api/analyze?scenario=latvia", 200);
    assert!(answer["summary"]["headline"].is_string());
}

#[test]
fn the_page_is_served_whole_from_the_binary() {
    let server = Server::start(&[]);
    let (status, content_type, html) = server.get("/");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    let html = text(&html);
    for (asset, kind) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        assert!(
            html.contains(&format!("\"{asset}\"")),
            "the page loads {asset}"
        );
        let (status, content_type, body) = server.get(asset);
        assert_eq!(status, 200);
        assert!(content_type.starts_with(kind), "{asset}: {content_type}");
        // Nothing is fetched from elsewhere: the assets name no other host.
        let body = text(&body);
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{asset}"
        );
        assert!(
            !body.contains("//cdn") && !body.contains("@import"),
            "{asset}"
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    // The page asks only for the API's endpoints.
    let (_, _, js) = server.get("/app.js");
    let js = text(&js);
    for endpoint in [
        "/api/scenarios",
        "/api/analyze?",
        "/api/tree?",
        "/api/map?",
        "/api/claims?",
    ] {
        assert!(js.contains(endpoint), "{endpoint}");
    }
}

/// A path that is missing or not a scenario stops the server before it listens, saying why.
#[test]
fn a_missing_or_wrong_path_is_refused_at_start() {
    for (path, expect) in [
        (
            "no-such-dir",
            "cannot read no-such-dir: no such file or directory",
        ),
        ("examples/chicken.nfg", "is not a scenario file (.toml)"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_brink"))
            .args(["serve", "--port", "0", path])
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(out.stdout.is_empty(), "no address is printed");
        assert!(text(&out.stderr).contains(expect), "{}", text(&out.stderr));
    }
}

/// Ctrl-C (SIGINT) stops the server cleanly: it exits with success, and soon.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server() {
    let mut server = Server::start(&[]);
    assert_eq!(server.get("/api/scenarios").0, 200);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server did not stop within 10 s of Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("stopping"), "{stderr}");
}

/// The answer as the page shows it and as the API gives it: the headline and the sentences.
fn answer_text(summary: &Value) -> String {
    let mut text = summary["headline"].as_str().unwrap().to_string();
    for kind in summary["kinds"].as_array().unwrap() {
        text.push('\n');
        text.push_str(kind["sentence"].as_str().unwrap());
    }
    text
}

/// The page in headless Chromium (driven over the DevTools protocol): open Latvia with
/// tripwires, move the slider of the prior of resolve from its default to a value where the
/// answer differs (found by asking the API along the slider, so the test follows the scenario
/// as it stands), and the answer on the page becomes the API's answer there; moving it back
/// brings the first answer back; the share link opens the page at the moved value. Screenshots
/// at 1400 and 390 pixels wide, with no sideways overflow at either. Set `BRINK_NO_CHROMIUM=1`
/// to skip on a machine without Chromium (CI installs it).
#[test]
fn a_slider_moved_in_chromium_changes_the_answer_on_the_page() {
    if std::env::var_os("BRINK_NO_CHROMIUM").is_some() {
        eprintln!("skipped: BRINK_NO_CHROMIUM is set");
        return;
    }
    let server = Server::start(&["scenarios/latvia.toml"]);
    // The answer's text and its outcomes at a value of the prior.
    let summary = |value: &str| {
        let v = server.json(
            &format!("/api/analyze?scenario=latvia&variant=tripwire&set=p_resolute={value}"),
            200,
        );
        (
            answer_text(&v["summary"]),
            v["equilibrium"]["outcomes"].clone(),
        )
    };
    let listing = server.json("/api/scenarios", 200);
    let variant = listing["scenarios"][0]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "tripwire")
        .expect("Latvia has a tripwire variant")
        .clone();
    let param = variant["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "p_resolute")
        .unwrap()
        .clone();
    let default = param["value"]["exact"].as_str().unwrap().to_string();
    let (first, first_outcomes) = summary(&default);
    // Slider positions in twentieths of the range [0, 1]; the first where the outcomes (not
    // only the words) differ from the default's is used.
    let moved = (0..=20)
        .map(|k| format!("{}", f64::from(k) / 20.0))
        .find(|v| summary(v).1 != first_outcomes)
        .expect("somewhere along p_resolute the outcome with tripwires differs");
    let second = summary(&moved).0;

    let profile = scratch("serve-chromium");
    let mut browser = cdp::Browser::start(&profile);
    let base = format!("http://{}", server.address);
    let shown = "document.getElementById('headline').textContent + [...document.querySelectorAll('#kinds li')].map(li => '\\n' + li.textContent).join('')";
    let open = |browser: &mut cdp::Browser, url: &str| {
        // A mark on the old document, so that waiting cannot be satisfied by it.
        browser.eval("window.leaving = true");
        browser.call("Page.navigate", serde_json::json!({"url": url}));
        browser.wait_for(
            "(() => { const s = document.getElementById('status'); \
             return !window.leaving && s !== null && s.textContent.startsWith('Solved'); })()",
        );
    };
    open(
        &mut browser,
        &format!("{base}/?scenario=latvia&variant=tripwire"),
    );
    assert_eq!(
        browser.eval(shown),
        first.as_str(),
        "the page shows the API's answer"
    );
    let outcomes_before = browser.eval("document.getElementById('outcomes').textContent");
    // The scenario's own claims are listed with their verdicts.
    let claims = listing["scenarios"][0]["claims"].as_u64().unwrap();
    assert!(claims > 0);
    browser.wait_for(&format!(
        "document.querySelectorAll('#claims li').length === {claims}"
    ));

    let slide = |browser: &mut cdp::Browser, value: &str, expect: &str| {
        browser.eval(&format!(
            "(() => {{ const s = document.getElementById('param-p_resolute'); s.value = '{value}'; \
             s.dispatchEvent(new Event('input', {{bubbles: true}})); return s.value; }})()"
        ));
        let expect = serde_json::to_string(expect).unwrap();
        browser.wait_for(&format!("({shown}) === {expect}"));
    };
    slide(&mut browser, &moved, &second);
    assert_ne!(first, second);
    assert_ne!(
        browser.eval("document.getElementById('outcomes').textContent"),
        outcomes_before,
        "the outcome bars change with the answer"
    );
    let share = browser.eval("document.getElementById('share').href");
    let share = share.as_str().unwrap().to_string();
    assert!(
        share.contains(&format!("set=p_resolute%3D{moved}")),
        "{share}"
    );
    slide(&mut browser, &default_slider(&default), &first);
    // The share link opens the page at the moved value.
    open(&mut browser, &share);
    assert_eq!(browser.eval(shown), second.as_str());
    assert_eq!(
        browser.eval("document.getElementById('param-p_resolute').value"),
        serde_json::json!(moved)
    );
    // The tree drawing loaded as a picture.
    browser.wait_for("(() => { const i = document.querySelector('#tree img'); return i !== null && i.complete && i.naturalWidth > 0; })()");

    // The map, drawn on request: coarse, then fine, and no note left when it is done.
    browser.eval("document.getElementById('draw-map').click()");
    browser.wait_for(
        "(() => { const i = document.querySelector('#map img'); \
         return i !== null && i.complete && i.naturalWidth > 0 \
           && document.querySelector('#map .status') === null \
           && document.getElementById('cancel-map').hidden; })()",
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#map pre').length"),
        serde_json::json!(0),
        "the map request was refused"
    );

    let shots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    for (width, mobile) in [(1400u32, false), (390, true)] {
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        browser.wait_for(&format!("window.innerWidth === {width}"));
        assert_eq!(
            browser.eval("document.documentElement.scrollWidth <= window.innerWidth"),
            Value::Bool(true),
            "the page overflows sideways at {width} px"
        );
        let shot = browser.call(
            "Page.captureScreenshot",
            serde_json::json!({"format": "png"}),
        );
        let png = cdp::base64(shot["data"].as_str().unwrap());
        let decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
        let reader = decoder.read_info().expect("a PNG screenshot");
        assert_eq!(reader.info().width, width);
        let path = shots.join(format!("serve-{width}.png"));
        std::fs::write(&path, &png).unwrap();
        eprintln!("screenshot: {}", path.display());
    }
}

/// The slider's position for a default written exactly (`1/2` → `0.5`).
fn default_slider(exact: &str) -> String {
    match exact.split_once('/') {
        Some((n, d)) => format!("{}", n.parse::<f64>().unwrap() / d.parse::<f64>().unwrap()),
        None => exact.to_string(),
    }
}
