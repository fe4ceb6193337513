//! Drawing the conversation screen and the debrief at 120x40 to a `TestBackend`, against
//! drawing an empty bordered block to the same backend in the same run (the baseline:
//! what a frame costs ratatui with next to nothing in it). Target: under 1 ms a frame.
//! Run: cargo bench --bench tui
//!
//! The conversation is "The voucher that ran out yesterday" at its sixth decision (a
//! long transcript, three wrapped choices, a countdown); the debrief is of that run to
//! its ending (ten decisions: bars, the mood chart, both paths, tips). The debrief lays
//! its page out once per width and copies the part in view on later frames; both the
//! later frames and a frame that lays the page out afresh are measured.

use criterion::{Criterion, criterion_group};
use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::session::Mode;
use frontline::tui::app::Screen;
use frontline::tui::input::Context;
use frontline::tui::{Action, App, Config, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::Block;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const W: u16 = 120;
const H: u16 = 40;

fn library(rubric: &Rubric) -> Library {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/expired-promotion.toml");
    Library::from_paths(&[path], rubric)
}

fn app<'a>(library: &'a Library, rubric: &'a Rubric) -> App<'a> {
    let config = Config {
        seed: Some(7),
        shuffle: false,
        trainee: Some("Sam".to_owned()),
        mode: Mode::Coach,
        start: Some("expired-promotion".to_owned()),
        from: None,
        free_text: false,
    };
    let mut app = App::new(library, rubric, config, Theme::colour());
    app.handle(Action::Resize {
        width: W,
        height: H,
    });
    app.handle(Action::Confirm);
    app
}

/// The conversation at its sixth decision (the timed queue step).
fn conversation<'a>(library: &'a Library, rubric: &'a Rubric) -> App<'a> {
    let mut app = app(library, rubric);
    for _ in 0..5 {
        app.handle(Action::Pick(2));
        app.handle(Action::Confirm);
    }
    let t0 = Instant::now();
    app.tick(t0);
    app.tick(t0 + Duration::from_secs(5));
    assert_eq!(app.context(), Context::Turn);
    app
}

/// The debrief of that run, played to its ending.
fn debrief<'a>(library: &'a Library, rubric: &'a Rubric) -> App<'a> {
    let mut app = app(library, rubric);
    while app.context() == Context::Turn {
        app.handle(Action::Pick(2));
        app.handle(Action::Confirm);
    }
    assert_eq!(app.context(), Context::Debrief);
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(W, H)).unwrap()
}

fn draw_app(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| frame.render_widget(black_box(app), frame.area()))
        .unwrap();
}

fn draw_baseline(terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|frame| frame.render_widget(black_box(Block::bordered()), frame.area()))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let talk = conversation(&library, &rubric);
    let done = debrief(&library, &rubric);
    let mut group = c.benchmark_group("tui frame at 120x40");
    let mut t = terminal();
    group.bench_function("empty bordered block (baseline)", |b| {
        b.iter(|| draw_baseline(&mut t))
    });
    let mut t = terminal();
    group.bench_function("conversation", |b| b.iter(|| draw_app(&mut t, &talk)));
    let mut t = terminal();
    group.bench_function("debrief", |b| b.iter(|| draw_app(&mut t, &done)));
    let mut t = terminal();
    group.bench_function("debrief, laid out afresh (first frame, resize)", |b| {
        b.iter(|| {
            forget_layout(&done);
            draw_app(&mut t, &done)
        })
    });
    group.finish();
}

/// Makes the next frame of the debrief lay its page out again, as its first frame does.
fn forget_layout(app: &App) {
    if let Screen::Debrief(state) = &app.screen {
        state.forget_layout();
    }
}

/// Mean time a frame over `n` frames.
fn per_frame(n: u32, mut frame: impl FnMut()) -> Duration {
    for _ in 0..n / 10 {
        frame();
    }
    let start = Instant::now();
    for _ in 0..n {
        frame();
    }
    start.elapsed() / n
}

/// The ratios to the baseline, measured once more side by side after criterion's runs.
fn ratios() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let talk = conversation(&library, &rubric);
    let done = debrief(&library, &rubric);
    let n = 2000;
    let mut t = terminal();
    let base = per_frame(n, || draw_baseline(&mut t));
    let mut t = terminal();
    let conv = per_frame(n, || draw_app(&mut t, &talk));
    let mut t = terminal();
    let deb = per_frame(n, || draw_app(&mut t, &done));
    let mut t = terminal();
    let fresh = per_frame(n, || {
        forget_layout(&done);
        draw_app(&mut t, &done)
    });
    let ratio = |d: Duration| d.as_secs_f64() / base.as_secs_f64();
    println!("\nper frame at {W}x{H}, mean of {n}:");
    println!("  baseline (empty bordered block): {base:?}");
    println!(
        "  conversation: {conv:?} ({:.1}x the baseline)",
        ratio(conv)
    );
    println!("  debrief:      {deb:?} ({:.1}x the baseline)", ratio(deb));
    println!(
        "  debrief laid out afresh (first frame, resize): {fresh:?} ({:.1}x the baseline)",
        ratio(fresh)
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratios();
}
