//! Sending xAPI statements to an LRS: a tiny HTTP server on 127.0.0.1, started inside each
//! test, plays the LRS. An attempt is marked sent only after a 2xx.

use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::{check, load};
use frontline::domain::session::{Mode, Run, RunOptions};
use frontline::domain::store::attempts::AttemptFilter;
use frontline::domain::store::lrs::{Lrs, SendOptions, send_unsent};
use frontline::domain::store::{AttemptStart, Store};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const REFUND: &str = include_str!("fixtures/engine/engine-refund.toml");

/// What the server saw: one entry per request.
#[derive(Debug, Clone)]
struct Seen {
    url: String,
    version: Option<String>,
    auth: Option<String>,
    content_type: Option<String>,
    body: String,
}

/// Serves `answers` in turn (the last one repeats) to at most `limit` requests, on a
/// free port of 127.0.0.1. Returns the endpoint and what it saw.
fn server(answers: Vec<u16>, limit: usize) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for i in 0..limit {
            let Ok(Some(mut request)) = server.recv_timeout(Duration::from_secs(20)) else {
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
                url: request.url().to_owned(),
                version: header("X-Experience-API-Version"),
                auth: header("Authorization"),
                content_type: header("Content-Type"),
                body: String::new(),
            };
            request.as_reader().read_to_string(&mut entry.body).unwrap();
            log.lock().unwrap().push(entry);
            let status = answers[i.min(answers.len() - 1)];
            let body = if status == 200 {
                "[]"
            } else {
                "LRS unavailable"
            };
            let _ =
                request.respond(tiny_http::Response::from_string(body).with_status_code(status));
        }
    });
    (format!("http://127.0.0.1:{port}/xapi/"), seen)
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
    Lrs {
        endpoint,
        user: Some("frontline".into()),
        password: Some("s3cret".into()),
        homepage: "urn:frontline".into(),
    }
}

#[test]
fn a_failed_first_request_is_retried_and_then_marked_sent() {
    let (_dir, mut store) = store_with(2);
    let (endpoint, seen) = server(vec![503, 200], 2);
    let mut pauses = Vec::new();
    let summary = send_unsent(
        &mut store,
        &AttemptFilter::default(),
        &lrs(endpoint),
        &SendOptions::default(),
        |d| pauses.push(d),
    )
    .unwrap();
    assert_eq!(summary.sent.len(), 2);
    assert_eq!(summary.statements, 4);
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
        assert_eq!(statements.as_array().unwrap().len(), 4);
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
    assert!(err.contains("sent 2 attempts (4 statements)"), "{err}");
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
