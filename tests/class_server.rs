//! The live classroom end to end: the real binary serves a class on 127.0.0.1 (a free
//! port), and trainees join through russh's client with a vt100 screen, as `ssh` would.

#[path = "support/class_client.rs"]
mod support;

use frontline::domain::store::Store;
use frontline::domain::store::attempts::AttemptFilter;
use russh::ChannelMsg;
use std::time::Duration;
use support::{CODE, Server, Trainee, connect};

const PARCEL: &str = "tests/fixtures/valid/parcel-mixup.toml";

fn fixture(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn start(dir: &tempfile::TempDir, extra: &[&str]) -> Server {
    let scenario = fixture(PARCEL);
    let mut args = vec![scenario.as_str(), "--seed", "7", "--no-shuffle"];
    args.extend_from_slice(extra);
    Server::start(dir.path(), &args)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn attempts(server: &Server) -> Vec<frontline::domain::store::StoredAttempt> {
    Store::open(server.store_path())
        .unwrap()
        .attempts(&AttemptFilter::default())
        .unwrap()
}

#[test]
fn a_trainee_joins_with_the_code_plays_to_the_debrief_and_the_attempt_is_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir, &[]);
    runtime().block_on(async {
        let mut sam = Trainee::join(server.port, "sam").await;
        assert_eq!(
            sam.conn.fingerprint.as_deref(),
            Some(server.fingerprint.as_str()),
            "the join line shows the key the server uses"
        );
        sam.wait_for("Your name").await;
        assert!(sam.text().contains("Name: sam"), "the SSH user is offered");
        sam.give_name("Sam").await;
        sam.wait_for("Briefing").await;
        sam.play_to_debrief().await;
        assert!(sam.text().contains("Sam"), "{}", sam.text());
    });
    let finished = server.wait_events("finished", 1);
    assert_eq!(finished[0]["trainee"], "Sam");
    let answered = server.events_of("answered");
    let stored = attempts(&server);
    assert_eq!(stored.len(), 1);
    let attempt = &stored[0];
    assert_eq!(attempt.trainee, "Sam");
    assert_eq!(attempt.seed, 7);
    let result = attempt.result.as_ref().expect("the attempt is finished");
    assert_eq!(attempt.decisions.len(), answered.len());
    assert_eq!(result.passed, finished[0]["passed"].as_bool().unwrap());
    assert_eq!(server.wait_events("joined", 1)[0]["trainee"], "Sam");
    let class = attempt
        .class
        .clone()
        .expect("the attempt carries its class");
    let data = server.data.clone();
    assert!(server.end().success());

    let frontline = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let list = frontline(&["class", "--list"]);
    assert!(list.contains(&class), "{list}");
    let report: serde_json::Value = serde_json::from_str(&frontline(&[
        "report", "--class", &class, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(report["attempts"], 1);
    let debrief = &report["debrief"];
    assert_eq!(debrief["scenario"], "parcel-mixup", "{report}");
    let first = &debrief["steps"][0];
    assert_eq!(first["answers"], 1);
}

#[test]
fn a_wrong_code_is_refused_and_said_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir, &[]);
    runtime().block_on(async {
        let wrong = connect(server.port, "join", "000000").await;
        assert!(!wrong.authenticated);
        let right = connect(server.port, "join", CODE).await;
        assert!(right.authenticated);
    });
    let refused = server.wait_events("refused", 1);
    assert_eq!(refused[0]["reason"], "wrong code");
    assert_eq!(refused[0]["from"], "127.0.0.1");
}

#[test]
fn exec_and_subsystem_requests_are_refused_and_nothing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir, &[]);
    runtime().block_on(async {
        for request in ["exec", "subsystem"] {
            let conn = connect(server.port, "join", CODE).await;
            assert!(conn.authenticated);
            let mut channel = conn.handle.channel_open_session().await.unwrap();
            match request {
                "exec" => channel.exec(true, "cat /etc/passwd").await.unwrap(),
                _ => channel.request_subsystem(true, "sftp").await.unwrap(),
            }
            let mut said = Vec::new();
            let mut failed = false;
            while let Ok(Some(msg)) =
                tokio::time::timeout(Duration::from_secs(5), channel.wait()).await
            {
                match msg {
                    ChannelMsg::Failure => failed = true,
                    ChannelMsg::Success => panic!("{request} was accepted"),
                    ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. } => {
                        said.extend_from_slice(&data)
                    }
                    _ => {}
                }
                if failed && !said.is_empty() {
                    break;
                }
            }
            let said = String::from_utf8_lossy(&said);
            assert!(failed, "{request} is answered with a failure");
            assert!(!said.contains("root:"), "nothing ran: {said}");
            assert!(said.contains("refused"), "{said}");
        }
    });
    let refused = server.wait_events("refused", 2);
    let reasons: Vec<&str> = refused
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    assert_eq!(reasons, ["exec", "subsystem"]);
}

#[test]
fn a_trainee_who_drops_and_comes_back_with_the_same_name_goes_on_where_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir, &["--assess"]);
    runtime().block_on(async {
        let mut sam = Trainee::join(server.port, "join").await;
        sam.give_name("Sam").await;
        sam.wait_for("Briefing").await;
        sam.send(b"\r").await;
        sam.wait_for("Decision 1").await;
        sam.answer(2).await;
        sam.wait_for("Decision 2").await;
        sam.drop_link().await;
        server.wait_events("left", 1);

        let mut back = Trainee::join(server.port, "join").await;
        back.give_name("Sam").await;
        back.wait_for("Decision 2").await;
        back.play_to_debrief().await;
    });
    server.wait_events("finished", 1);
    let stored = attempts(&server);
    assert_eq!(stored.len(), 1, "the same attempt went on");
    let attempt = &stored[0];
    assert!(attempt.result.is_some());
    assert_eq!(
        attempt.decisions[0].record.number, 2,
        "the first answer kept"
    );
    let answered = server.events_of("answered");
    assert_eq!(
        answered.len(),
        attempt.decisions.len(),
        "each answer reported once"
    );
}

#[test]
fn together_pace_opens_holds_reveals_and_the_room_goes_on_along_its_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(&dir, &["--pace", "together", "--assess"]);
    let port = server.port;
    let rt = runtime();
    let mut room = rt.block_on(async {
        let mut room = Vec::new();
        for name in ["Ann", "Ben", "Cleo"] {
            let mut t = Trainee::join(port, "join").await;
            t.give_name(name).await;
            t.wait_for("Briefing").await;
            t.send(b"\r").await;
            t.wait_for("Waiting for the trainer").await;
            room.push(t);
        }
        // Not open yet: an answer is not taken.
        room[0].answer(1).await;
        room[0].wait_for("Waiting for the trainer").await;
        room
    });
    assert!(server.events_of("answered").is_empty());

    server.command("open");
    rt.block_on(async {
        for (t, n) in room.iter_mut().zip([1, 1, 3]) {
            t.wait_for("opened this decision").await;
            t.answer(n).await;
            t.wait_for(&format!("Your answer ({n}) is in")).await;
        }
    });
    assert!(
        server.events_of("answered").is_empty(),
        "answers are held until the reveal"
    );
    // The trainer picks choice 2 instead of the room's choice 1.
    server.command("reveal 2");
    server.wait_events("answered", 3);
    rt.block_on(async {
        for t in room.iter_mut() {
            t.wait_for("Decision 2").await;
            t.wait_for("went on with").await;
        }
    });
    // After the trainer's pick two choices show, in authored order: the second and the
    // third as written (the first needs a flag the pick did not set).
    server.command("open");
    rt.block_on(async {
        for (t, n) in room.iter_mut().zip([2, 2, 1]) {
            t.wait_for("opened this decision").await;
            t.answer(n).await;
            t.wait_for(&format!("Your answer ({n}) is in")).await;
        }
    });
    // Most of the room chose the third, which hangs up; Cleo chose the second (it would
    // have sorted it) but goes on with the room.
    server.command("reveal");
    let finished = server.wait_events("finished", 3);
    for f in &finished {
        assert_eq!(f["ending"], "hangs-up", "{f}");
    }
    let stored = attempts(&server);
    assert_eq!(stored.len(), 3);
    let by = |name: &str| stored.iter().find(|a| a.trainee == name).unwrap();
    let (ann, cleo) = (by("Ann"), by("Cleo"));
    assert_eq!(ann.decisions[0].record.choice, 0);
    assert_eq!(cleo.decisions[0].record.choice, 2, "her own answer is kept");
    assert_eq!(
        ann.decisions[0].record.mood_after, cleo.decisions[0].record.mood_after,
        "the conversation moved as the trainer's pick moved it, for both"
    );
    assert_eq!(cleo.decisions[1].record.choice, 1);
    assert_eq!(ann.decisions[1].record.choice, 2);
    assert_eq!(cleo.result.as_ref().unwrap().ending, "hangs-up");
    let own = |a: &frontline::domain::store::StoredAttempt| {
        a.decisions[1]
            .record
            .marks
            .iter()
            .map(|(_, m)| m.earned)
            .sum::<i64>()
    };
    assert!(
        own(cleo) > own(ann),
        "each trainee is marked on their own answer"
    );
}

#[test]
fn sixty_trainees_answer_at_once_every_answer_is_kept_and_the_sixty_first_is_told_the_class_is_full()
 {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir, &["--assess"]);
    let port = server.port;
    let rt = runtime();
    let room = rt.block_on(async {
        let joins = (0..60).map(|i| {
            tokio::spawn(async move {
                let mut t = Trainee::join(port, "join").await;
                t.give_name(&format!("Trainee {i:02}")).await;
                t.wait_for("Briefing").await;
                t.send(b"\r").await;
                t.wait_for("Decision 1").await;
                t
            })
        });
        let mut room = Vec::new();
        for j in joins {
            room.push(j.await.unwrap());
        }
        let mut late = Trainee::join(port, "join").await;
        while late.read_for(Duration::from_millis(200)).await {}
        assert!(
            late.text().contains("The class is full (60 trainees)"),
            "{}",
            late.text()
        );
        assert_eq!(late.exit_status, Some(1));
        let answers = room.into_iter().map(|mut t| {
            tokio::spawn(async move {
                t.send(b"1").await;
                t.wait_for("Decision 2").await;
                t
            })
        });
        let mut room = Vec::new();
        for a in answers {
            room.push(a.await.unwrap());
        }
        room
    });
    server.wait_events("answered", 60);
    let refused = server.events_of("refused");
    assert!(
        refused.iter().any(|e| e["reason"] == "class full"),
        "{refused:?}"
    );
    let stored = attempts(&server);
    assert_eq!(stored.len(), 60);
    for attempt in &stored {
        assert_eq!(attempt.decisions.len(), 1, "{}", attempt.trainee);
        assert!(attempt.class.is_some());
    }
    drop(room);
}

#[test]
fn a_client_sending_garbage_and_impossible_sizes_affects_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir, &[]);
    let port = server.port;
    runtime().block_on(async {
        let mut sam = Trainee::join(port, "join").await;
        sam.give_name("Sam").await;
        sam.wait_for("Briefing").await;

        let noisy = Trainee::join(port, "join").await;
        let mut noise: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        noise.extend_from_slice(b"\x1b[<0;9999;9999M\x1b]52;c;AAAA\x07\x1bP+q\x1b\\");
        noisy.send(&noise).await;
        for (cols, rows) in [(0, 0), (10_000, 10_000), (1, 1), (65_535, 3)] {
            noisy.channel.window_change(cols, rows, 0, 0).await.unwrap();
        }
        noisy.send(b"\x1b[12").await;
        noisy.drop_link().await;

        // The other trainee plays on, undisturbed.
        sam.play_to_debrief().await;
        let again = Trainee::join(port, "join").await;
        assert!(again.conn.authenticated, "the server still takes trainees");
    });
    let finished = server.wait_events("finished", 1);
    assert_eq!(finished[0]["trainee"], "Sam");
    server.wait_events("left", 1);
    let stored = attempts(&server);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].result.is_some());
}
