//! The promise of `cc --dry-run apply` (CLI.md, dry run): the apply sends exactly the requests
//! the dry run planned. For every provider and a few scenarios each (a parent and its children
//! made in one file, an update in place, a replace with its children made again, a `--prune`
//! delete), the dry run's recorded requests (`-o json`) and the real apply's requests (`-vvv`'s
//! `> METHOD URL` lines and their bodies) on the same sandbox state are compared by
//! [`assert_same_requests`]: the same mutating requests, in any order (independent changes run concurrently), with the same
//! methods and paths (a placeholder segment `<...>` of the dry run stands for one segment of the
//! real URL, the same one wherever it is used again) and the same bodies (placeholders filled in
//! with what they stood for; a body holding one that no path revealed is not compared).
//!
//! Like with like: a look-up whose method is not GET (an OAuth2 token, Console Connect's
//! service-key check) is sent, not recorded, by a dry run (`Call::lookup`), so the dry run's own
//! `-vv` lines name them, and the apply's requests to those paths are left out.

mod console_connect;
mod huawei;
mod orange;
mod ovh;

use serde_json::Value;

use crate::common::desired::{cc_vars, export, file};
use crate::common::{Sandbox, TestEnv};

/// One request: method, URL (origin, path, query) and JSON body.
#[derive(Debug, Clone, PartialEq)]
struct Sent {
    method: String,
    url: String,
    body: Option<Value>,
}

/// A URL's path segments and its query (`None` without one).
fn split(url: &str) -> (Vec<&str>, Option<&str>) {
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    (path.split('/').collect(), query)
}

/// Whether a dry run's path segment is a placeholder (`<id of the new cloud connection>`).
fn is_placeholder(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('<') && segment.ends_with('>')
}

/// The requests a `-vv` (or `-vvv`) run's stderr shows it sent, not GET, each with the JSON
/// body `-vvv` shows under it.
fn sent_requests(err: &str) -> Vec<Sent> {
    let mut sent: Vec<Sent> = Vec::new();
    for line in err.lines() {
        if let Some(detail) = line.strip_prefix(">   ") {
            let body = serde_json::from_str::<Value>(detail).ok();
            if let (Some(last), Some(body)) = (sent.last_mut(), body) {
                last.body = Some(body);
            }
        } else if let Some(request) = line.strip_prefix("> ") {
            let (method, url) = request.split_once(' ').expect("> METHOD URL");
            sent.push(Sent {
                method: method.to_string(),
                url: url.to_string(),
                body: None,
            });
        }
    }
    sent.retain(|s| s.method != "GET" && s.method != "HEAD");
    sent
}

/// A dry run's plan (`--dry-run ... -o json` on stdout: one request as an object, more as a
/// list) as requests.
fn planned_requests(out: &str) -> Vec<Sent> {
    let planned: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let planned = match planned {
        Value::Array(list) => list,
        one => vec![one],
    };
    planned
        .iter()
        .map(|p| {
            assert_eq!(p["dry_run"], true, "{p}");
            Sent {
                method: p["method"].as_str().unwrap().to_string(),
                url: p["url"].as_str().unwrap().to_string(),
                body: Some(p["body"].clone()).filter(|b| !b.is_null()),
            }
        })
        .collect()
}

/// `text` with every placeholder `bound` so far replaced by what it stood for.
fn filled(text: &str, bound: &[(String, String)]) -> String {
    bound
        .iter()
        .fold(text.to_string(), |t, (p, real)| t.replace(p.as_str(), real))
}

/// Whether `text` still holds a placeholder (`<` then `>`).
fn holds_placeholder(text: &str) -> bool {
    text.find('<').is_some_and(|at| text[at..].contains('>'))
}

/// Matches one planned request's URL with a real one, binding its placeholder segments (each
/// to the same real segment wherever it is used): whether they match.
fn urls_match(planned: &str, real: &str, bound: &mut Vec<(String, String)>) -> bool {
    let (planned_path, planned_query) = split(planned);
    let (real_path, real_query) = split(real);
    if planned_path.len() != real_path.len() {
        return false;
    }
    for (p, r) in planned_path.iter().zip(&real_path) {
        if is_placeholder(p) {
            match bound.iter().find(|(b, _)| b == p) {
                Some((_, earlier)) if earlier != r => return false,
                Some(_) => {}
                None => bound.push((p.to_string(), r.to_string())),
            }
        } else if p != r {
            return false;
        }
    }
    planned_query.map(|q| filled(q, bound)) == real_query.map(str::to_string)
}

/// The one comparison: `planned` (the dry run's plan) and `sent` (the apply's non-GET requests)
/// are the same requests once the apply's look-ups (`lookups`: method and path the dry run itself
/// sent) are left out. In any order: `apply` runs independent changes concurrently, so their
/// requests come in either order in either run; each planned request, in the plan's order, takes
/// the first request left that it matches (method, URL with its placeholders bound, body). See
/// the module doc.
fn assert_same_requests(planned: &[Sent], sent: &[Sent], lookups: &[Sent]) {
    let is_lookup = |s: &Sent| {
        lookups
            .iter()
            .any(|l| l.method == s.method && split(&l.url).0 == split(&s.url).0)
    };
    let mut left: Vec<&Sent> = sent.iter().filter(|s| !is_lookup(s)).collect();
    let both = format!(
        "planned:\n{}\nsent:\n{}",
        shown(planned),
        shown(left.iter().copied())
    );
    assert_eq!(planned.len(), left.len(), "{both}");
    let mut bound: Vec<(String, String)> = Vec::new();
    for p in planned {
        let matches = |s: &Sent, with_body: bool| {
            let mut trial = bound.clone();
            s.method == p.method
                && urls_match(&p.url, &s.url, &mut trial)
                && (!with_body || bodies_agree(p, s, &trial))
        };
        let Some(at) = left.iter().position(|s| matches(s, true)) else {
            match left.iter().find(|s| matches(s, false)) {
                Some(s) => panic!("the body of {} {} differs\n{both}", p.method, s.url),
                None => {
                    let near = left.iter().find(|s| s.method == p.method);
                    let near = near.map_or("nothing left", |s| s.url.as_str());
                    panic!("{} {} vs {near}\n{both}", p.method, p.url)
                }
            }
        };
        let s = left.remove(at);
        urls_match(&p.url, &s.url, &mut bound);
    }
}

/// Whether the planned request's body, its placeholders `bound` filled in, is the one sent (a
/// body still holding a placeholder no path revealed is not compared).
fn bodies_agree(p: &Sent, s: &Sent, bound: &[(String, String)]) -> bool {
    let planned = p.body.as_ref().map(|b| filled(&b.to_string(), bound));
    if planned.as_deref().is_some_and(holds_placeholder) {
        return true;
    }
    planned.map(|b| serde_json::from_str::<Value>(&b).unwrap()) == s.body
}

/// Runs `--dry-run apply -f FILE --yes -o json` at `-vv`, then the real `apply` at `-vvv`, on
/// the same state, with `vars` and `more` flags (`--prune`), both expected to succeed; asserts
/// that they agree ([`assert_same_requests`]) and returns the planned requests.
fn dry_run_then_apply(
    env: &TestEnv,
    server: &Sandbox,
    vars: &[(&str, &str)],
    text: &str,
    more: &[&str],
) -> Vec<Sent> {
    let path = file(env, text);
    let dry = [
        "-vv",
        "--dry-run",
        "apply",
        "-f",
        &path,
        "--yes",
        "-o",
        "json",
    ];
    let words = [&dry[..], more].concat();
    let (code, out, err) = cc_vars(env, server, vars, &words);
    assert_eq!(code, 0, "the dry run: {err}");
    let planned = planned_requests(&out);
    assert!(!planned.is_empty(), "something to compare: {err}");
    let lookups = sent_requests(&err);
    let words = [&["-vvv", "apply", "-f", &path, "--yes"], more].concat();
    let (code, _, err) = cc_vars(env, server, vars, &words);
    assert_eq!(code, 0, "the apply: {err}");
    assert_same_requests(&planned, &sent_requests(&err), &lookups);
    planned
}

/// The method and URL of each request, one a line, for messages.
fn shown<'a>(requests: impl IntoIterator<Item = &'a Sent>) -> String {
    let lines: Vec<String> = requests
        .into_iter()
        .map(|s| format!("{} {}", s.method, s.url))
        .collect();
    lines.join("\n")
}

/// Asserts the methods of `planned`, in order.
fn assert_methods(planned: &[Sent], methods: &[&str]) {
    let planned_methods: Vec<&str> = planned.iter().map(|s| s.method.as_str()).collect();
    assert_eq!(planned_methods, methods, "{}", shown(planned));
}

/// Applies `text` (setting a scenario up, not compared), which must succeed.
fn set_up(env: &TestEnv, server: &Sandbox, vars: &[(&str, &str)], text: &str) {
    let path = file(env, text);
    let (code, _, err) = cc_vars(env, server, vars, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "setting up: {err}");
}

// The comparison itself, on requests written here: what it lets through and what it does not.

fn request(method: &str, url: &str, body: Option<Value>) -> Sent {
    Sent {
        method: method.to_string(),
        url: url.to_string(),
        body,
    }
}

#[test]
fn a_placeholder_stands_for_one_segment_the_same_wherever_it_is_used() {
    let planned = [
        request("POST", "http://h/a", Some(serde_json::json!({"n": 1}))),
        request(
            "POST",
            "http://h/a/<id of a>/b",
            Some(serde_json::json!({"a": "<id of a>"})),
        ),
        request("DELETE", "http://h/a/<id of a>?force=true", None),
    ];
    let sent = [
        request("POST", "http://h/token", None),
        request("POST", "http://h/a", Some(serde_json::json!({"n": 1}))),
        request(
            "POST",
            "http://h/a/42/b",
            Some(serde_json::json!({"a": "42"})),
        ),
        request("DELETE", "http://h/a/42?force=true", None),
    ];
    let lookups = [request("POST", "http://h/token", None)];
    assert_same_requests(&planned, &sent, &lookups);
}

#[test]
fn the_requests_of_independent_changes_may_come_in_any_order() {
    let planned = [
        request("PUT", "http://h/a/1", Some(serde_json::json!({"n": 1}))),
        request("PUT", "http://h/a/2", Some(serde_json::json!({"n": 2}))),
    ];
    let sent = [planned[1].clone(), planned[0].clone()];
    assert_same_requests(&planned, &sent, &[]);
}

#[test]
#[should_panic(expected = "vs http://h/a/43")]
fn a_placeholder_used_again_for_another_segment_differs() {
    let planned = [
        request("POST", "http://h/a/<id of a>/b", None),
        request("DELETE", "http://h/a/<id of a>", None),
    ];
    let sent = [
        request("POST", "http://h/a/42/b", None),
        request("DELETE", "http://h/a/43", None),
    ];
    assert_same_requests(&planned, &sent, &[]);
}

#[test]
#[should_panic(expected = "the body of POST http://h/a differs")]
fn another_body_differs() {
    let planned = [request(
        "POST",
        "http://h/a",
        Some(serde_json::json!({"n": 1})),
    )];
    let sent = [request(
        "POST",
        "http://h/a",
        Some(serde_json::json!({"n": 2})),
    )];
    assert_same_requests(&planned, &sent, &[]);
}

#[test]
#[should_panic(expected = "planned:")]
fn a_request_only_the_apply_sends_differs() {
    let planned = [request("DELETE", "http://h/a/1", None)];
    let sent = [
        request("DELETE", "http://h/a/1", None),
        request("DELETE", "http://h/a/2", None),
    ];
    assert_same_requests(&planned, &sent, &[]);
}
