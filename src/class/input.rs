//! A trainee's keystrokes, from the bytes their SSH client sends to the events the player
//! reads.
//!
//! The bytes are parsed by terminput (the same escape-sequence grammar crossterm reads from
//! a local terminal) and handed over as crossterm events, so the player's keymap is the
//! same over SSH as at home. Three limits keep one client from hurting the others or the
//! records: a byte budget (a burst, then a steady rate; what is over it is dropped), a cap
//! on an unfinished escape sequence (garbage that never completes is thrown away), and
//! sanitising: a typed character that is not text (a control character, a bidi override,
//! a zero-width character) never reaches the player, so it never reaches a screen or the
//! store. A sequence cut between two packets is kept and completed by the next one.

use crate::domain::sanitize::clean;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use std::time::Instant;

/// Bytes a client may send at once.
pub const BURST: f64 = 8192.0;
/// Bytes per second a client may send after its burst: far beyond typing and mouse use.
pub const RATE: f64 = 4096.0;
/// The longest escape sequence kept waiting for its end.
pub const MAX_PENDING: usize = 64;

/// Turns one client's bytes into events, within its limits.
#[derive(Debug)]
pub struct Decoder {
    pending: Vec<u8>,
    budget: f64,
    refilled: Instant,
    /// Bytes dropped for going over the budget, for the server's log.
    pub dropped: u64,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(Instant::now())
    }
}

impl Decoder {
    pub fn new(now: Instant) -> Decoder {
        Decoder {
            pending: Vec::new(),
            budget: BURST,
            refilled: now,
            dropped: 0,
        }
    }

    /// The events in `bytes`, received at `now`, appended to `out`.
    pub fn feed(&mut self, bytes: &[u8], now: Instant, out: &mut Vec<Event>) {
        let elapsed = now.saturating_duration_since(self.refilled).as_secs_f64();
        self.refilled = now;
        self.budget = (self.budget + elapsed * RATE).min(BURST);
        let allowed = (self.budget.max(0.0) as usize).min(bytes.len());
        self.budget -= allowed as f64;
        self.dropped += (bytes.len() - allowed) as u64;
        self.pending.extend_from_slice(&bytes[..allowed]);
        self.parse(out);
    }

    fn parse(&mut self, out: &mut Vec<Event>) {
        let buf = &self.pending;
        let (mut start, mut end) = (0, 1);
        while end <= buf.len() {
            let slice = &buf[start..end];
            // A lone ESC with more bytes behind it begins a sequence; alone, it is Esc.
            if slice == [0x1b] && end < buf.len() {
                end += 1;
                continue;
            }
            match terminput::Event::parse_from(slice) {
                Ok(Some(event)) => {
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        push_safe(event, out);
                    }
                    start = end;
                    end = start + 1;
                }
                // An ESC inside an unfinished sequence starts a new one: the old one was cut
                // (a client that dropped mid-frame, noise) and must not swallow what follows.
                Ok(None) if end - start > 1 && buf[end - 1] == 0x1b => start = end - 1,
                Ok(None) => end += 1,
                // Not a sequence anything sends: drop it and read on.
                Err(_) => {
                    start = end;
                    end = start + 1;
                }
            }
        }
        self.pending.drain(..start);
        if self.pending.len() > MAX_PENDING {
            self.pending.clear();
        }
    }
}

/// Adds `event` to `out` when it is safe to hand on: typed characters must be text, and a
/// paste becomes the characters typed one by one, cleaned.
fn push_safe(event: Event, out: &mut Vec<Event>) {
    match event {
        // Ctrl-letter is parsed to the letter with CONTROL, so it gets through; anything
        // else that is not text is dropped.
        Event::Key(KeyEvent {
            code: KeyCode::Char(c),
            ..
        }) if !is_text(c) => {}
        Event::Paste(text) => {
            for c in clean(&text).chars().filter(|&c| is_text(c)) {
                out.push(Event::Key(KeyEvent::new(
                    KeyCode::Char(c),
                    ratatui::crossterm::event::KeyModifiers::NONE,
                )));
            }
        }
        Event::Key(key) if key.kind == KeyEventKind::Release => {}
        // Focus and resize come from the SSH channel itself, never from typed bytes.
        Event::FocusGained | Event::FocusLost | Event::Resize(..) => {}
        other => out.push(other),
    }
}

/// A character that may be typed into a name or a reply.
fn is_text(c: char) -> bool {
    let mut buf = [0u8; 4];
    let s: &str = c.encode_utf8(&mut buf);
    matches!(clean(s), std::borrow::Cow::Borrowed(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyModifiers, MouseEventKind};
    use std::time::Duration;

    fn events(chunks: &[&[u8]]) -> Vec<Event> {
        let now = Instant::now();
        let mut decoder = Decoder::new(now);
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.feed(chunk, now, &mut out);
        }
        out
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_arrows_and_enter_are_read_as_a_local_terminal_reads_them() {
        let got = events(&[b"1\x1b[A\x1b[B\r\x7fq"]);
        assert_eq!(
            got,
            vec![
                key(KeyCode::Char('1')),
                key(KeyCode::Up),
                key(KeyCode::Down),
                key(KeyCode::Enter),
                key(KeyCode::Backspace),
                key(KeyCode::Char('q')),
            ]
        );
        assert_eq!(
            events(&[b"\x03"]),
            vec![Event::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL
            ))]
        );
    }

    #[test]
    fn a_sequence_cut_between_packets_is_completed_by_the_next_and_a_lone_esc_is_esc() {
        assert_eq!(events(&[b"\x1b[", b"A"]), vec![key(KeyCode::Up)]);
        assert_eq!(events(&[b"\x1b"]), vec![key(KeyCode::Esc)]);
        assert_eq!(
            events(&[b"\xc3", b"\xa9"]),
            vec![key(KeyCode::Char('é'))],
            "a UTF-8 character split in two"
        );
        let mouse = events(&[b"\x1b[<0;10;5M"]);
        assert!(
            matches!(&mouse[..], [Event::Mouse(m)] if matches!(m.kind, MouseEventKind::Down(_)) && m.column == 9 && m.row == 4),
            "{mouse:?}"
        );
    }

    #[test]
    fn characters_that_are_not_text_never_come_through() {
        // A bidi override, a zero-width space and a bell among letters.
        let got = events(&["a\u{202E}b\u{200B}".as_bytes(), b"\x07c"]);
        let typed: Vec<char> = got
            .iter()
            .filter_map(|e| match e {
                Event::Key(KeyEvent {
                    code: KeyCode::Char(c),
                    modifiers: KeyModifiers::NONE,
                    ..
                }) => Some(*c),
                _ => None,
            })
            .collect();
        assert_eq!(typed, vec!['a', 'b', 'c']);
        assert!(events(&[b"\x1b[200~x\x1b\x9b2J\x1b[201~"]).iter().all(
            |e| !matches!(e, Event::Key(KeyEvent { code: KeyCode::Char(c), .. }) if c.is_control())
        ));
    }

    #[test]
    fn garbage_is_dropped_and_reading_goes_on() {
        let mut noise: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
        noise.extend_from_slice(b"\x1b[999;999;999;999;999;999;999;999;999;999;999;999;999");
        let now = Instant::now();
        let mut decoder = Decoder::new(now);
        let mut out = Vec::new();
        decoder.feed(&noise, now, &mut out);
        assert!(decoder.pending.len() <= MAX_PENDING);
        out.clear();
        decoder.feed(b"\x1b\x1b", now, &mut out);
        decoder.feed(b"x", now, &mut out);
        assert!(out.contains(&key(KeyCode::Char('x'))), "{out:?}");
    }

    #[test]
    fn a_flood_is_cut_to_the_budget_and_the_budget_comes_back_with_time() {
        let now = Instant::now();
        let mut decoder = Decoder::new(now);
        let mut out = Vec::new();
        decoder.feed(&vec![b'a'; 100_000], now, &mut out);
        assert_eq!(out.len(), BURST as usize);
        assert_eq!(decoder.dropped, 100_000 - BURST as u64);
        out.clear();
        decoder.feed(b"b", now, &mut out);
        assert!(out.is_empty(), "nothing left this instant");
        decoder.feed(b"c", now + Duration::from_secs(1), &mut out);
        assert_eq!(out, vec![key(KeyCode::Char('c'))]);
    }
}
