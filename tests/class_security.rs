//! The class server's guards, end to end on 127.0.0.1: the lockout after five wrong codes,
//! the connection that never authenticates, no colour for a dumb terminal, and a host key
//! that others can read.

#[path = "support/class_client.rs"]
mod support;

use std::io::Read;
use std::time::Duration;
use support::{CODE, Server, Trainee, connect};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn parcel() -> String {
    format!(
        "{}/tests/fixtures/valid/parcel-mixup.toml",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn five_wrong_codes_lock_the_address_out_even_with_the_right_code() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[&parcel()]);
    runtime().block_on(async {
        for _ in 0..5 {
            assert!(!connect(server.port, "join", "999999").await.authenticated);
        }
        // The right code now: the connection is closed before it can be given.
        let config = std::sync::Arc::new(russh::client::Config::default());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
        let handler = support::Accept { seen };
        let refused =
            match russh::client::connect(config, ("127.0.0.1", server.port), handler).await {
                Err(_) => true,
                Ok(mut handle) => !matches!(
                    handle.authenticate_password("join", CODE).await,
                    Ok(r) if r.success()
                ),
            };
        assert!(refused, "locked out for a minute");
    });
    let refused = server.wait_events("refused", 5);
    let reasons: Vec<&str> = refused
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    assert_eq!(
        reasons[..5],
        [
            "wrong code",
            "wrong code",
            "wrong code",
            "wrong code",
            "wrong code; locked out for a minute"
        ],
    );
}

#[test]
fn a_connection_that_never_gives_the_code_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[&parcel()]);
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    // Well past the 20 s the server gives; a read that still blocks then fails the test.
    socket
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        match socket.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e) => panic!("the connection was not dropped: {e}"),
        }
    }
    assert!(seen.starts_with(b"SSH-2.0-"), "{seen:?}");
}

#[test]
fn a_dumb_terminal_gets_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[&parcel()]);
    runtime().block_on(async {
        for (term, colour) in [("dumb", false), ("xterm-256color", true)] {
            let mut t = Trainee::join_sized(server.port, "join", term, 100, 30).await;
            t.give_name(&format!("T {term}")).await;
            t.wait_for("Briefing").await;
            t.settle(Duration::from_millis(200)).await;
            let screen = t.screen.screen();
            let coloured = (0..30).any(|row| {
                (0..100).any(|col| {
                    screen.cell(row, col).is_some_and(|c| {
                        c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default
                    })
                })
            });
            assert_eq!(coloured, colour, "TERM={term}:\n{}", t.text());
        }
    });
}

#[cfg(unix)]
#[test]
fn a_host_key_others_can_read_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("class_host_ed25519_key");
    {
        let server = Server::start(dir.path(), &[&parcel()]);
        assert!(server.end().success());
    }
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "made owner-only");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["class", "--headless", "--port", "0", "--bind", "127.0.0.1"])
        .arg(parcel())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chmod 600"), "{err}");
    assert!(out.stdout.is_empty(), "no join line for a refused key");
}
