//! The classroom under load: simulated trainees join a `frontline class` (the release
//! binary, on 127.0.0.1) over SSH and each answers a decision a second. Reported for a
//! class of one trainee and a class of many, in the same run:
//!
//! - key to frame: from a trainee's key leaving the client to the first bytes of the
//!   frame it caused arriving (p50, p99);
//! - memory per session: the server's resident memory with the trainees connected, less
//!   its memory before anyone joined, over the number of trainees;
//! - bytes sent per answered decision: everything the server sent the trainees while they
//!   answered, over the answers.
//!
//! A bench binary, not criterion: one load run is the measurement. Run with
//! `cargo bench --bench class` (100 trainees for 20 s), or
//! `cargo bench --bench class -- TRAINEES SECONDS`.

#[path = "../tests/support/class_client.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Server, Trainee};

const SCENARIO: &str = "refund-no-receipt";

#[derive(Debug, Default)]
struct Tally {
    latencies: Vec<Duration>,
    answers: u64,
    bytes: u64,
}

struct Figures {
    trainees: usize,
    p50: Duration,
    p99: Duration,
    answers: u64,
    bytes_per_answer: f64,
    rss_per_session_kib: f64,
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// One trainee: joins, then answers a decision a second until `until`.
async fn trainee(port: u16, i: usize, until: Instant, tally: Arc<Mutex<Tally>>) {
    let mut t = Trainee::join(port, "join").await;
    t.give_name(&format!("Bench {i:03}")).await;
    t.wait_for("Briefing").await;
    t.send(b"\r").await;
    t.wait_for("Decision 1").await;
    // Spread the room's keys over the second, as a real room's are.
    tokio::time::sleep(Duration::from_millis((i as u64 * 37) % 1000)).await;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut local = Tally::default();
    while Instant::now() < until {
        tick.tick().await;
        let text = t.text();
        if text.contains("Debrief") {
            // Play it again: the debrief's r retries, the briefing's Enter starts.
            t.send(b"r").await;
            t.wait_for("Briefing").await;
            t.send(b"\r").await;
            t.wait_for("Decision 1").await;
            continue;
        }
        if text.contains("Press Enter") {
            t.send(b"\r").await;
            t.settle(Duration::from_millis(100)).await;
            continue;
        }
        let before = t.received;
        let sent = Instant::now();
        t.send(b"1").await;
        while t.received == before && !t.closed {
            t.read_for(Duration::from_millis(5)).await;
        }
        local.latencies.push(sent.elapsed());
        local.answers += 1;
        // Whatever else the answer drew.
        t.settle(Duration::from_millis(50)).await;
        local.bytes += t.received - before;
    }
    let mut total = tally.lock().unwrap();
    total.latencies.extend(local.latencies);
    total.answers += local.answers;
    total.bytes += local.bytes;
}

fn measure(trainees: usize, seconds: u64) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    // The default room is 60: a bench of more must say so, as a trainer would.
    let max = trainees.to_string();
    let server = Server::start(dir.path(), &[SCENARIO, "--assess", "--max-trainees", &max]);
    std::thread::sleep(Duration::from_millis(300));
    let empty = rss_kib(server.child.id());
    let tally = Arc::new(Mutex::new(Tally::default()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let port = server.port;
    let rss_peak = Arc::new(Mutex::new(0u64));
    runtime.block_on(async {
        let until = Instant::now() + Duration::from_secs(seconds + 5);
        let tasks: Vec<_> = (0..trainees)
            .map(|i| tokio::spawn(trainee(port, i, until, tally.clone())))
            .collect();
        // Resident memory while everyone is in and answering.
        let pid = server.child.id();
        let peak = rss_peak.clone();
        let sampler = tokio::spawn(async move {
            while Instant::now() < until {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let now = rss_kib(pid);
                let mut p = peak.lock().unwrap();
                *p = (*p).max(now);
            }
        });
        for t in tasks {
            t.await.unwrap();
        }
        sampler.await.unwrap();
    });
    let mut tally = tally.lock().unwrap();
    tally.latencies.sort();
    let at = |q: f64| {
        let n = tally.latencies.len();
        tally.latencies[((n as f64 * q).ceil() as usize).clamp(1, n) - 1]
    };
    let peak = *rss_peak.lock().unwrap();
    Figures {
        trainees,
        p50: at(0.50),
        p99: at(0.99),
        answers: tally.answers,
        bytes_per_answer: tally.bytes as f64 / tally.answers.max(1) as f64,
        rss_per_session_kib: peak.saturating_sub(empty) as f64 / trainees as f64,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; numbers given are the room's size and the seconds.
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let trainees = numbers.first().copied().unwrap_or(100) as usize;
    let seconds = numbers.get(1).copied().unwrap_or(20);
    let one = measure(1, seconds);
    let many = measure(trainees, seconds);
    println!(
        "{:>9} {:>8} {:>9} {:>9} {:>14} {:>17}",
        "trainees", "answers", "p50 ms", "p99 ms", "bytes/answer", "KiB RSS/session"
    );
    for f in [&one, &many] {
        println!(
            "{:>9} {:>8} {:>9.2} {:>9.2} {:>14.0} {:>17.0}",
            f.trainees,
            f.answers,
            f.p50.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.bytes_per_answer,
            f.rss_per_session_kib
        );
    }
    println!(
        "p50 ratio {:.2}, p99 ratio {:.2} ({} trainees against one, same run)",
        many.p50.as_secs_f64() / one.p50.as_secs_f64(),
        many.p99.as_secs_f64() / one.p99.as_secs_f64(),
        trainees
    );
}
