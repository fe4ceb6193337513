//! A class server run from the real binary, and trainees driven through russh's client
//! with a vt100 screen: shared by the class tests and the class benchmark.
#![allow(dead_code)]

use russh::client::{self, Handle};
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, Disconnect};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `frontline class --headless` on 127.0.0.1 and a free port, with its own data folder.
pub struct Server {
    pub child: Child,
    /// The trainer's commands (open, reveal, end), one a line.
    pub stdin: Option<std::process::ChildStdin>,
    pub port: u16,
    pub code: String,
    pub fingerprint: String,
    pub data: PathBuf,
    /// Every event line so far.
    pub events: Arc<Mutex<Vec<Value>>>,
}

pub const CODE: &str = "314159";

impl Server {
    /// Starts `frontline class --headless` with `args` (scenario and flags) in `data`.
    pub fn start(data: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .arg("--data-dir")
            .arg(data)
            .args(["class", "--headless", "--port", "0", "--bind", "127.0.0.1"])
            .args(["--code", CODE])
            .args(args)
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let join = lines
            .next()
            .expect("a join line")
            .expect("the join line reads");
        // join: ssh -p PORT join@HOST  code: CODE  host key: SHA256:...
        let words: Vec<&str> = join.split_whitespace().collect();
        assert_eq!(&words[..3], ["join:", "ssh", "-p"], "{join}");
        let port = words[3].parse().expect("a port");
        assert_eq!(words[4], "join@127.0.0.1", "{join}");
        assert_eq!(words[6], CODE, "{join}");
        let fingerprint = words[9].to_owned();
        assert!(fingerprint.starts_with("SHA256:"), "{join}");
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let value: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not a JSON event line ({e}): {line}"));
                sink.lock().unwrap().push(value);
            }
        });
        Server {
            child,
            stdin,
            port,
            code: CODE.to_owned(),
            fingerprint,
            data: data.to_path_buf(),
            events,
        }
    }

    /// Gives the trainer's command (open, reveal, reveal N, end).
    pub fn command(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// The events of one kind so far.
    pub fn events_of(&self, kind: &str) -> Vec<Value> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["event"] == kind)
            .cloned()
            .collect()
    }

    /// Waits until `n` events of `kind` have been written.
    pub fn wait_events(&self, kind: &str, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let found = self.events_of(kind);
            if found.len() >= n {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {n} `{kind}` events; have {:?}",
                self.events.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Ends the class as Ctrl-C does, and waits for the server to exit.
    pub fn end(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not end");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The progress store's file.
    pub fn store_path(&self) -> PathBuf {
        frontline::domain::store::location::store_path(Some(&self.data)).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Accepts the server's key, remembering its fingerprint.
pub struct Accept {
    pub seen: Arc<Mutex<Option<String>>>,
}

impl client::Handler for Accept {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        if let PublicKeyOrCertificate::PublicKey { key, .. } = key {
            let fingerprint = key.fingerprint(russh::keys::HashAlg::Sha256).to_string();
            *self.seen.lock().unwrap() = Some(fingerprint);
        }
        Ok(true)
    }
}

/// An SSH connection that has given the code (or tried to).
pub struct Connection {
    pub handle: Handle<Accept>,
    pub fingerprint: Option<String>,
    pub authenticated: bool,
}

pub async fn connect(port: u16, user: &str, code: &str) -> Connection {
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(120)),
        ..Default::default()
    });
    let seen = Arc::new(Mutex::new(None));
    let mut handle = client::connect(config, ("127.0.0.1", port), Accept { seen: seen.clone() })
        .await
        .expect("connects");
    let authenticated = handle
        .authenticate_password(user, code)
        .await
        .expect("the server answers")
        .success();
    let fingerprint = seen.lock().unwrap().clone();
    Connection {
        handle,
        fingerprint,
        authenticated,
    }
}

/// A trainee at a terminal of `cols` x `rows`: a PTY and a shell on one connection.
pub struct Trainee {
    pub conn: Connection,
    pub channel: russh::Channel<client::Msg>,
    pub screen: vt100::Parser,
    /// Bytes of screen received.
    pub received: u64,
    pub closed: bool,
    pub exit_status: Option<u32>,
}

impl Trainee {
    pub async fn join(port: u16, user: &str) -> Trainee {
        Trainee::join_sized(port, user, "xterm-256color", 100, 30).await
    }

    pub async fn join_sized(port: u16, user: &str, term: &str, cols: u16, rows: u16) -> Trainee {
        let conn = connect(port, user, CODE).await;
        assert!(conn.authenticated, "the class code is accepted");
        let channel = conn.handle.channel_open_session().await.expect("a session");
        channel
            .request_pty(false, term, cols.into(), rows.into(), 0, 0, &[])
            .await
            .expect("a pty");
        channel.request_shell(false).await.expect("a shell");
        Trainee {
            conn,
            channel,
            screen: vt100::Parser::new(
                std::num::NonZeroU16::new(rows.max(1)).unwrap(),
                std::num::NonZeroU16::new(cols.max(1)).unwrap(),
                0,
            ),
            received: 0,
            closed: false,
            exit_status: None,
        }
    }

    pub async fn send(&self, bytes: &[u8]) {
        self.channel
            .data_bytes(bytes.to_vec())
            .await
            .expect("the channel takes keys");
    }

    pub fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads what the server sends for up to `wait`; false once the channel closed.
    pub async fn read_for(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        while !self.closed {
            match tokio::time::timeout_at(deadline, self.channel.wait()).await {
                Err(_) => return true,
                Ok(Some(msg)) => self.take(msg),
                Ok(None) => self.closed = true,
            }
        }
        false
    }

    fn take(&mut self, msg: ChannelMsg) {
        match msg {
            ChannelMsg::Data { data } => {
                self.received += data.len() as u64;
                self.screen.process(&data);
            }
            ChannelMsg::ExtendedData { data, .. } => {
                self.received += data.len() as u64;
                self.screen.process(&data);
            }
            ChannelMsg::ExitStatus { exit_status } => self.exit_status = Some(exit_status),
            ChannelMsg::Eof | ChannelMsg::Close => self.closed = true,
            _ => {}
        }
    }

    /// Reads until the screen shows `text`; panics with the screen after 30 s.
    pub async fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.text().contains(text) {
            assert!(
                Instant::now() < deadline && !self.closed,
                "waited for {text:?}; the screen shows:\n{}",
                self.text()
            );
            self.read_for(Duration::from_millis(50)).await;
        }
    }

    /// Reads until nothing new has come for `quiet`.
    pub async fn settle(&mut self, quiet: Duration) {
        loop {
            let before = self.received;
            if !self.read_for(quiet).await || self.received == before {
                return;
            }
        }
    }

    /// Gives the name at the prompt: clears what is offered, types `name`, Enter.
    pub async fn give_name(&mut self, name: &str) {
        self.wait_for("Your name").await;
        self.send(b"\x15").await;
        self.send(name.as_bytes()).await;
        self.send(b"\r").await;
    }

    /// Answers with choice `n` and reads until the screen changed.
    pub async fn answer(&mut self, n: u8) {
        self.send(&[b'0' + n]).await;
        self.settle(Duration::from_millis(150)).await;
    }

    /// Plays on with the first choice (Enter past feedback) until the debrief shows.
    pub async fn play_to_debrief(&mut self) {
        for _ in 0..60 {
            self.settle(Duration::from_millis(150)).await;
            let text = self.text();
            if text.contains("Debrief") {
                return;
            }
            if text.contains("Press Enter") || text.contains("Briefing") {
                self.send(b"\r").await;
            } else {
                self.send(b"1").await;
            }
        }
        panic!(
            "no debrief after 60 keys; the screen shows:\n{}",
            self.text()
        );
    }

    /// Drops the connection without a goodbye (a laptop lid closed).
    pub async fn drop_link(self) {
        let _ = self
            .conn
            .handle
            .disconnect(Disconnect::ByApplication, "gone", "")
            .await;
    }
}
