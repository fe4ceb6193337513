//! Sending xAPI statements to an LRS: a tiny HTTP server on 127.0.0.1, started inside each
//! test, plays the LRS. An attempt is marked sent only after the xAPI answer: 204, or 200
//! with the statements' ids. A redirect is never followed.

use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::{check, load};
use frontline::domain::session::{Mode, Run, RunOptions};
use frontline::domain::store::attempts::AttemptFilter;
use frontline::domain::store::xapi::Versions;
use frontline::domain::store::{AttemptStart, Store};
use frontline::lrs::{Lrs, SendOptions, send_unsent};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const REFUND: &str = include_str!("fixtures/engine/engine-refund.toml");

/// What the server saw: one entry per request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    url: String,
    version: Option<String>,
    auth: Option<String>,
    content_type: Option<String>,
    body: String,
}

/// One answer of the fake LRS: a status, and a body and Location header when given (a
/// 200 without a body answers with the ids of the statements it was sent, as xAPI says).
#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    body: Option<String>,
    location: Option<String>,
}

impl From<u16> for Reply {
    fn from(status: u16) -> Reply {
        Reply {
            status,
            body: None,
            location: None,
        }
    }
}

/// Serves `answers` in turn (the last one repeats) to at most `limit` requests, on a
/// free port of 127.0.0.1. Returns the endpoint and what it saw. The server gives up after
/// two minutes without a request, only so that a test that never sends cannot hang; a
/// busy machine took more than the 20 s it once waited to start the binary and send.
fn server(answers: Vec<u16>, limit: usize) -> (String, Arc<Mutex<Vec<Seen>>>) {
    serve(
        answers.into_iter().map(Reply::from).collect(),
        limit,
        "/xapi/",
    )
}

/// The ids of a batch of statements, as an LRS answers a POST.
fn ids_of(body: &str) -> String {
    let statements: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let ids: Vec<&str> = statements
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["id"].as_str()).collect())
        .unwrap_or_default();
    serde_json::to_string(&ids).unwrap()
}

fn serve(answers: Vec<Reply>, limit: usize, path: &str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for i in 0..limit {
            let Ok(Some(mut request)) = server.recv_timeout(Duration::from_secs(120)) else {
                return;
            };
            let header = |name: &'static str| {
                request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv(name))
                    .map(|h| h.value.as_str().to_owned())
            };
            let mut entry = Seen {
                method: request.method().to_string(),
                url: request.url().to_owned(),
                version: header("X-Experience-API-Version"),
                auth: header("Authorization"),
                content_type: header("Content-Type"),
                body: String::new(),
            };
            request.as_reader().read_to_string(&mut entry.body).unwrap();
            let reply = answers[i.min(answers.len() - 1)].clone();
            let body = match (&reply.body, reply.status) {
                (Some(body), _) => body.clone(),
                (None, 200) => ids_of(&entry.body),
                (None, _) => "LRS unavailable".to_owned(),
            };
            log.lock().unwrap().push(entry);
            let mut response =
                tiny_http::Response::from_string(body).with_status_code(reply.status);
            if let Some(location) = &reply.location {
                response = response.with_header(
                    tiny_http::Header::from_bytes(&b"Location"[..], location.as_bytes()).unwrap(),
                );
            }
            let _ = request.respond(response);
        }
    });
    (format!("http://127.0.0.1:{port}{path}"), seen)
}

/// A store with `finished` finished attempts and one unfinished one.
fn store_with(finished: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("progress.sqlite3")).unwrap();
    let rubric = Rubric::builtin();
    let scenario = load::parse(REFUND).unwrap();
    assert!(check::check(&scenario, REFUND, &rubric).is_empty());
    for i in 0..=finished {
        let options = RunOptions {
            seed: i as u64,
            shuffle: false,
            trainee: "Ana".into(),
            mode: Mode::Assess,
        };
        let mut run = Run::start(&scenario, &rubric, options);
        let id = store
            .begin_attempt(&AttemptStart::for_run(&run, REFUND.as_bytes(), None))
            .unwrap();
        let picks = if i < finished { 3 } else { 1 };
        for seq in 0..picks {
            let a = run.choose(1).unwrap();
            store.record_decision(id, seq, &(&a).into(), 900).unwrap();
        }
        if let Some(result) = run.result() {
            store.finish_attempt(id, &result).unwrap();
        }
    }
    (dir, store)
}

fn unsent(store: &Store) -> usize {
    let mut n = 0;
    store
        .for_each_attempt(
            &AttemptFilter {
                unsent_only: true,
                ..Default::default()
            },
            |_| {
                n += 1;
                Ok(())
            },
        )
        .unwrap();
    n
}

fn lrs(endpoint: String) -> Lrs {
    Lrs::new(
        &endpoint,
        Some("frontline".into()),
        Some("s3cret".into()),
        "urn:frontline".into(),
    )
    .unwrap()
}

#[test]
fn a_failed_first_request_is_retried_and_then_marked_sent() {
    let (_dir, mut store) = store_with(2);
    let (endpoint, seen) = server(vec![503, 200], 2);
    let mut pauses = Vec::new();
    // The scenario file played is at hand: each decision is described with its choices.
    let rubric = Rubric::builtin();
    let scenario = load::parse(REFUND).unwrap();
    let mut versions = Versions::new(&rubric);
    versions.add(&scenario, REFUND.as_bytes());
    let summary = send_unsent(
        &mut store,
        &AttemptFilter::default(),
        &lrs(endpoint),
        &versions,
        &SendOptions::default(),
        |d| pauses.push(d),
    )
    .unwrap();
    assert_eq!(summary.sent.len(), 2);
    // Per attempt: three `answered`, then `completed` and the verdict.
    assert_eq!(summary.statements, 10);
    assert_eq!(summary.requests, 2);
    assert!(summary.failure.is_none());
    assert_eq!(pauses, [Duration::from_millis(500)]);
    assert_eq!(unsent(&store), 0);
    for id in &summary.sent {
        assert!(store.attempt(*id).unwrap().sent_at.is_some());
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for s in seen.iter() {
        assert_eq!(s.url, "/xapi/statements");
        assert_eq!(s.version.as_deref(), Some("1.0.3"));
        assert_eq!(s.content_type.as_deref(), Some("application/json"));
        // base64("frontline:s3cret")
        assert_eq!(s.auth.as_deref(), Some("Basic ZnJvbnRsaW5lOnMzY3JldA=="));
        let statements: serde_json::Value = serde_json::from_str(&s.body).unwrap();
        let statements = statements.as_array().unwrap();
        assert_eq!(statements.len(), 10);
        let answered: Vec<_> = statements
            .iter()
            .filter(|s| s["verb"]["display"]["en"] == "answered")
            .collect();
        assert_eq!(answered.len(), 6);
        for a in answered {
            assert!(
                a["object"]["definition"]["choices"]
                    .as_array()
                    .unwrap()
                    .len()
                    > 1
            );
            assert!(a["result"]["success"].is_boolean());
        }
    }
    // The retry sent the very same statements.
    assert_eq!(seen[0].body, seen[1].body);
    drop(seen);

    // Nothing is left to send: a second send makes no request.
    let (endpoint, seen) = server(vec![200], 1);
    let again = send_unsent(
        &mut store,
        &AttemptFilter::default(),
        &lrs(endpoint),
        &Versions::new(&Rubric::builtin()),
        &SendOptions::default(),
        |_| {},
    )
    .unwrap();
    assert!(again.sent.is_empty());
    assert_eq!(again.requests, 0);
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn an_lrs_that_always_fails_leaves_everything_unsent() {
    let (_dir, mut store) = store_with(3);
    let (endpoint, seen) = server(vec![500], 4);
    let mut pauses = Vec::new();
    let options = SendOptions {
        tries: 4,
        batch: 2,
        ..SendOptions::default()
    };
    let summary = send_unsent(
        &mut store,
        &AttemptFilter::default(),
        &lrs(endpoint),
        &Versions::new(&Rubric::builtin()),
        &options,
        |d| pauses.push(d),
    )
    .unwrap();
    assert!(summary.sent.is_empty());
    assert_eq!(summary.unsent, 3);
    assert_eq!(summary.requests, 4);
    // Exponential backoff between the tries.
    assert_eq!(
        pauses,
        [500, 1000, 2000].map(Duration::from_millis).to_vec()
    );
    let failure = summary.failure.unwrap();
    assert!(failure.contains("answered 500"), "{failure}");
    assert_eq!(unsent(&store), 3);
    assert_eq!(seen.lock().unwrap().len(), 4);
}

#[test]
fn a_refusal_is_not_retried_and_says_what_to_check() {
    let (_dir, mut store) = store_with(1);
    let (endpoint, seen) = server(vec![401], 1);
    let summary = send_unsent(
        &mut store,
        &AttemptFilter::default(),
        &lrs(endpoint),
        &Versions::new(&Rubric::builtin()),
        &SendOptions::default(),
        |_| panic!("a refusal is not retried"),
    )
    .unwrap();
    assert_eq!(summary.requests, 1);
    assert!(summary.failure.unwrap().contains("--lrs-user"));
    assert_eq!(unsent(&store), 1);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn nobody_listening_is_a_failure_and_nothing_is_marked() {
    let (_dir, mut store) = store_with(1);
    // A port that was free a moment ago and has nobody on it now.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let summary = send_unsent(
        &mut store,
        &AttemptFilter::default(),
        &lrs(format!("http://127.0.0.1:{port}/xapi/statements")),
        &Versions::new(&Rubric::builtin()),
        &SendOptions {
            tries: 2,
            ..SendOptions::default()
        },
        |_| {},
    )
    .unwrap();
    assert!(summary.sent.is_empty());
    assert!(summary.failure.unwrap().contains("no answer"));
    assert_eq!(unsent(&store), 1);
}

#[test]
fn the_cli_sends_and_reports_through_the_same_sender() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let play = |answers: &str| {
        assert_cmd::Command::cargo_bin("frontline")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("FRONTLINE_DATA")
            .arg("--data-dir")
            .arg(data)
            .args(["play", "--plain", "--json", "--seed", "1", "--no-shuffle"])
            .arg("tests/fixtures/engine/engine-refund.toml")
            .write_stdin(answers)
            .assert()
            .success();
    };
    play("1\n1\n1\n");
    play("2\n1\n2\n");
    let export = |endpoint: &str, tries: &str| {
        assert_cmd::Command::cargo_bin("frontline")
            .unwrap()
            .env("FRONTLINE_LRS_USER", "frontline")
            .env("FRONTLINE_LRS_PASSWORD", "s3cret")
            .arg("--data-dir")
            .arg(data)
            .args([
                "export",
                "--format",
                "xapi",
                "--lrs",
                endpoint,
                "--lrs-tries",
                tries,
            ])
            .output()
            .unwrap()
    };
    // Always failing, one try: exit 1, both still unsent.
    let (endpoint, _) = server(vec![500], 1);
    let out = export(&endpoint, "1");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 attempts were not sent"), "{err}");
    // Then accepted: both sent, with the credentials from the environment.
    let (endpoint, seen) = server(vec![200], 1);
    let out = export(&endpoint, "1");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sent 2 attempts (10 statements)"), "{err}");
    assert_eq!(
        seen.lock().unwrap()[0].auth.as_deref(),
        Some("Basic ZnJvbnRsaW5lOnMzY3JldA==")
    );
    // --lrs needs --format xapi.
    let out = assert_cmd::Command::cargo_bin("frontline")
        .unwrap()
        .arg("--data-dir")
        .arg(data)
        .args(["export", "--format", "jsonl", "--lrs", &endpoint])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// Sends every unsent attempt of `store` to `endpoint`, one try per batch.
fn send_once(store: &mut Store, endpoint: String) -> frontline::lrs::SendSummary {
    send_unsent(
        store,
        &AttemptFilter::default(),
        &lrs(endpoint),
        &Versions::new(&Rubric::builtin()),
        &SendOptions {
            tries: 1,
            ..SendOptions::default()
        },
        |_| {},
    )
    .unwrap()
}

#[test]
fn a_redirect_is_not_followed_and_marks_nothing_sent() {
    for status in [301, 302, 303, 307, 308] {
        let (_dir, mut store) = store_with(2);
        let (endpoint, seen) = serve(
            vec![
                Reply {
                    status,
                    body: Some(String::new()),
                    location: Some("http://127.0.0.1:9/portal".into()),
                },
                Reply::from(200),
            ],
            2,
            "/xapi/",
        );
        let summary = send_once(&mut store, endpoint);
        assert!(summary.sent.is_empty(), "{status}");
        let failure = summary.failure.unwrap();
        assert!(
            failure.contains(&format!(
                "answered {status}, pointing to http://127.0.0.1:9/portal"
            )),
            "{failure}"
        );
        assert!(failure.contains("follows no redirect"), "{failure}");
        assert_eq!(unsent(&store), 2);
        // One POST, and no GET after it.
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].method, "POST");
    }
}

#[test]
fn only_the_xapi_answer_marks_attempts_sent() {
    let refusals = [
        (200, Some("[]"), "with 0 statement ids for the 10 sent"),
        (
            200,
            Some("<html><body>Welcome to the portal</body></html>"),
            "not as an xAPI statements resource does",
        ),
        (
            200,
            Some(r#"["a","b","c","d"]"#),
            "with 4 statement ids for the 10 sent",
        ),
        (202, Some(""), "answered 202"),
        (201, Some("[]"), "answered 201"),
    ];
    for (status, body, words) in refusals {
        let (_dir, mut store) = store_with(2);
        let (endpoint, _) = serve(
            vec![Reply {
                status,
                body: body.map(str::to_owned),
                location: None,
            }],
            1,
            "/xapi/",
        );
        let summary = send_once(&mut store, endpoint);
        assert!(summary.sent.is_empty(), "{status} {body:?}");
        let failure = summary.failure.unwrap();
        assert!(failure.contains(words), "{failure}");
        assert_eq!(unsent(&store), 2);
    }
    // 204 No Content, and 200 with exactly the statements' ids (in any order), are.
    for reply in [Reply::from(204), Reply::from(200)] {
        let (_dir, mut store) = store_with(2);
        let (endpoint, _) = serve(vec![reply], 1, "/xapi/");
        let summary = send_once(&mut store, endpoint);
        assert_eq!(summary.sent.len(), 2, "{:?}", summary.failure);
        assert_eq!(unsent(&store), 0);
    }
}

#[test]
fn the_statements_url_keeps_the_endpoints_path_and_query() {
    let (_dir, mut store) = store_with(1);
    let (endpoint, seen) = serve(vec![Reply::from(200)], 1, "/ok/?a=b#frag");
    let summary = send_once(&mut store, endpoint);
    assert_eq!(summary.sent.len(), 1, "{:?}", summary.failure);
    assert_eq!(seen.lock().unwrap()[0].url, "/ok/statements?a=b");
}

/// `frontline export --format xapi --lrs ...` with `args` after it and `env` set.
fn cli_send(
    data: &std::path::Path,
    endpoint: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("frontline").unwrap();
    cmd.env_remove("FRONTLINE_LRS_USER")
        .env_remove("FRONTLINE_LRS_PASSWORD")
        .arg("--data-dir")
        .arg(data)
        .args([
            "export",
            "--format",
            "xapi",
            "--lrs",
            endpoint,
            "--lrs-tries",
            "1",
        ])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn credentials_in_the_url_are_used_and_never_echoed_and_plain_http_is_warned_of() {
    let (dir, store) = store_with(1);
    drop(store);
    // Accepted: the credentials go as basic auth, the lines name the LRS without them.
    let (endpoint, seen) = server(vec![200], 1);
    let with_creds = endpoint.replace("http://", "http://frontline:s3cret@");
    let out = cli_send(dir.path(), &with_creds, &[], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        !err.contains("s3cret") && !err.contains("frontline:"),
        "{err}"
    );
    assert!(
        err.contains("warning:") && err.contains("plain http"),
        "{err}"
    );
    assert_eq!(
        seen.lock().unwrap()[0].auth.as_deref(),
        Some("Basic ZnJvbnRsaW5lOnMzY3JldA==")
    );
    // Failing (nobody listening): the error line does not show them either.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (_dir, store) = store_with(1);
    let data = _dir.path().to_owned();
    drop(store);
    let out = cli_send(
        &data,
        &format!("http://frontline:s3cret@127.0.0.1:{port}/xapi/"),
        &[],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("s3cret"), "{err}");
    assert!(err.contains("not sent"), "{err}");
    // A malformed URL with credentials is refused without showing them.
    let out = cli_send(&data, "http://frontline:s3cret@[::1/xapi/", &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("s3cret"), "{err}");
}

#[test]
fn a_password_without_a_user_or_a_url_of_another_scheme_is_a_usage_error() {
    let (dir, store) = store_with(1);
    drop(store);
    let (endpoint, seen) = server(vec![200], 1);
    let out = cli_send(
        dir.path(),
        &endpoint,
        &[],
        &[("FRONTLINE_LRS_PASSWORD", "s3cret")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without a user"), "{err}");
    for bad in ["ftp://127.0.0.1/xapi/", "file:///etc/passwd"] {
        let out = cli_send(dir.path(), bad, &[], &[]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("http or https"), "{err}");
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
    assert_eq!(
        unsent(&Store::open(dir.path().join("progress.sqlite3")).unwrap()),
        1
    );
}
