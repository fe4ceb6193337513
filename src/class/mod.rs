//! The live classroom: `frontline class` hosts a class from one laptop and trainees join
//! with `ssh`.
//!
//! This layer sits over the TUI and the core: `server` is the SSH side (who may connect,
//! what a connection may do), `input` turns a trainee's bytes into the player's events
//! within limits, `session` runs the player's own `App` for one trainee over their channel,
//! `room` is what the connections share (roster, tallies, lockouts, events), `host_key`
//! keeps the server's key, and `dashboard` is the trainer's screen. The core never learns
//! that a class exists beyond the class id kept with each attempt.

pub mod dashboard;
pub mod host_key;
pub mod input;
pub mod room;
pub mod server;
pub mod session;
pub mod text;
pub mod together;

use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use room::{ClassEvent, Room, Settings};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where `--headless` writes: the CLI's escaping printers (the class never prints raw).
pub struct Output {
    /// A line of text for stdout (the join line).
    pub line: fn(&str),
    /// A JSON document for stdout (an event).
    pub json: fn(&str),
    /// A message for stderr (a trainer's command that could not be done).
    pub err: fn(&str),
}

/// How a class is served.
#[derive(Debug, Clone)]
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    pub headless: bool,
    pub key_path: PathBuf,
    pub settings: Settings,
}

/// How long the end of a class waits for sessions to say goodbye.
const FAREWELL: Duration = Duration::from_secs(5);

/// A fresh class code: six random digits.
pub fn random_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

/// A fresh class id: when it began, and four random hex digits.
pub fn new_class_id() -> String {
    format!(
        "{}-{:04x}",
        jiff::Timestamp::now().strftime("%Y%m%d-%H%M"),
        rand::random::<u16>()
    )
}

/// The host trainees type: the address bound, or this machine's name when every
/// interface is served.
pub fn host_for(bind: IpAddr) -> String {
    if !bind.is_unspecified() {
        return bind.to_string();
    }
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "THIS-COMPUTER".to_owned())
}

/// The line a trainee needs: `join: ssh -p PORT join@HOST  code: CODE  host key: SHA256:...`.
pub fn join_line(port: u16, host: &str, code: &str, fingerprint: &str) -> String {
    format!("join: ssh -p {port} join@{host}  code: {code}  host key: {fingerprint}")
}

/// Serves the class until the trainer ends it. Errors are messages for stderr.
pub fn run(
    options: Options,
    library: Library,
    rubric: Rubric,
    output: &Output,
) -> Result<(), String> {
    let key = host_key::load_or_create(&options.key_path)?;
    let fingerprint = host_key::fingerprint(&key);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the class server: {e}"))?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|e| {
            format!(
                "error: cannot serve the class on {address}: {e}. Pick another port with --port N (or another address with --bind ADDR)."
            )
        })?;
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let join = join_line(
        port,
        &host_for(options.bind),
        &options.settings.code,
        &fingerprint,
    );
    let room = Arc::new(Room::new(options.settings, library, rubric));
    let (tx, rx) = std::sync::mpsc::channel();
    room.report_to(tx);
    let config = Arc::new(server::config(key));
    runtime.spawn(server::serve(room.clone(), config, listener));
    // Registered here, before the join line is shown: a Ctrl-C the moment it appears
    // ends the class rather than killing the server (the spawned task may start later).
    let ending = {
        let _context = runtime.enter();
        EndSignals::register()
    };
    runtime.spawn(end_on_signal(ending, room.clone()));

    let served = if options.headless {
        headless(&room, &join, &rx, output);
        Ok(())
    } else {
        let every = options.bind.is_unspecified();
        dashboard::run(&room, &join, every, &rx)
            .map_err(|e| format!("error: the terminal failed: {e}"))
    };
    room.end();
    // Trainees are told and their sessions close; every answer is already committed.
    let deadline = Instant::now() + FAREWELL;
    while room.seated() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if options.headless {
        print_events(&rx, output);
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}

/// The signals that end a class, registered with the runtime as soon as they are made.
struct EndSignals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl EndSignals {
    /// Needs the runtime's context (`Runtime::enter`).
    fn register() -> EndSignals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let streams = match (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) {
                (Ok(term), Ok(int)) => Some((term, int)),
                _ => None,
            };
            EndSignals { streams }
        }
        #[cfg(not(unix))]
        EndSignals {}
    }
}

/// Ends the class on Ctrl-C or SIGTERM.
async fn end_on_signal(signals: EndSignals, room: Arc<Room>) {
    #[cfg(unix)]
    {
        let Some((mut term, mut int)) = signals.streams else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = signals;
        let _ = tokio::signal::ctrl_c().await;
    }
    room.end();
}

/// `--headless`: the join line, then one JSON object a line per event, until the class
/// ends. Standard input takes the trainer's keys as words, one a line: `open`, `reveal`,
/// `reveal N` (go on along choice N as written) for together pace, and `end`.
fn headless(
    room: &Arc<Room>,
    join: &str,
    rx: &std::sync::mpsc::Receiver<ClassEvent>,
    output: &Output,
) {
    (output.line)(join);
    let commands = room.clone();
    let err = output.err;
    std::thread::spawn(move || {
        use crate::domain::bounded_read::{Line, read_line};
        // A command is a word or two: a longer line is read past, never kept.
        const COMMAND_MAX: usize = 4096;
        let mut input = std::io::stdin().lock();
        let mut bytes = Vec::new();
        loop {
            match read_line(&mut input, &mut bytes, COMMAND_MAX) {
                Ok(Line::Read) => {
                    let line = String::from_utf8_lossy(&bytes);
                    if let Err(message) = command(&commands, line.trim()) {
                        err(&message);
                    }
                }
                Ok(Line::TooLong) => err(&format!(
                    "a line of standard input over {COMMAND_MAX} bytes is not a command (open, reveal, reveal N, end); it was not read"
                )),
                Ok(Line::End) | Err(_) => break,
            }
        }
    });
    while !room.has_ended() {
        if let Ok(event) = rx.recv_timeout(Duration::from_millis(100)) {
            print_event(&event, output);
            print_events(rx, output);
        }
    }
}

/// One trainer command from standard input.
fn command(room: &Room, line: &str) -> Result<(), String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let together = || {
        room.together
            .as_ref()
            .ok_or_else(|| format!("`{line}`: the class is not in together pace (--pace together)"))
    };
    match words.as_slice() {
        [] => Ok(()),
        ["end"] => {
            room.end();
            Ok(())
        }
        ["open"] => together()?
            .open()
            .then_some(())
            .ok_or_else(|| "open: a decision is open already; reveal it first".to_owned()),
        ["reveal"] => together()?
            .reveal(room, None)
            .then_some(())
            .ok_or_else(|| "reveal: no decision is open, or nobody has answered it".to_owned()),
        ["reveal", n] => {
            let n: usize = n.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                format!("reveal {n}: give the choice's number as written, from 1")
            })?;
            together()?
                .reveal(room, Some(n - 1))
                .then_some(())
                .ok_or_else(|| format!("reveal {n}: no decision is open, or it has no choice {n}"))
        }
        _ => Err(format!(
            "`{line}`: the trainer's commands are open, reveal, reveal N and end"
        )),
    }
}

fn print_events(rx: &std::sync::mpsc::Receiver<ClassEvent>, output: &Output) {
    while let Ok(event) = rx.try_recv() {
        print_event(&event, output);
    }
}

fn print_event(event: &ClassEvent, output: &Output) {
    if let Ok(line) = serde_json::to_string(event) {
        (output.json)(&line);
    }
}
