//! Issue 20: the commands print text from files, names and the store only through
//! `cli::render`, which escapes it (`domain::sanitize`). This test reads the source of the
//! commands (`src/main.rs`, `src/cli`), of the class server (`src/class`) and of the LRS
//! sender (`src/lrs.rs`) and fails on any other way to stdout, stderr or a trainee's SSH
//! channel, so a later edit cannot print a trainee's name or a scenario's text raw.
//!
//! The class server draws a trainee's screen with ratatui (which drops control and
//! zero-width characters) and sends the frames down the channel; the few lines that send
//! bytes themselves are listed in [`ALLOWED`] with why they are safe.

use std::path::{Path, PathBuf};

/// The one module that writes to the terminal, after escaping.
const RENDER: &str = "src/cli/render.rs";

/// Ways to write that skip the escaping: the print macros, write macros (to a locked
/// stdout or any writer), raw writes, and handles on the standard streams.
const BYPASSES: &[&str] = &[
    "print!(",
    "println!(",
    "eprint!(",
    "eprintln!(",
    "write!(",
    "writeln!(",
    ".write_all(",
    ".write_fmt(",
    "io::stderr(",
    "dbg!(",
    // Bytes down a trainee's SSH channel (the class server).
    ".data(channel",
];

/// Lines outside `cli::render` that write, each safe for the reason given: (file, the
/// code on the line, why).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "src/cli/author.rs",
        "let result = file.and_then(|mut f| f.write_all(text.as_bytes()));",
        "`new` writes the starter scenario into its new file, not to the terminal",
    ),
    (
        "src/class/host_key.rs",
        "f.write_all(text.as_bytes())?;",
        "the server's key file",
    ),
    (
        "src/class/session.rs",
        r#"let _ = write!(backend, "{farewell}\r\n");"#,
        "the farewell is one of class::text's constants",
    ),
    (
        "src/class/server.rs",
        r#"session.data(channel, format!("{message}\r\n").into_bytes())?;"#,
        "class::text::class_full: a constant and a number",
    ),
    (
        "src/class/server.rs",
        "if handle.data(channel, frame).await.is_err() {",
        "a frame ratatui drew (control and zero-width characters dropped)",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each line of `source` that writes past the escaping, with its number. Comments and
/// `cli::render`'s own escaping macros (`render::outln!`, `render::errln!`) are fine.
fn bypasses(source: &str) -> Vec<(usize, String)> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or("");
            BYPASSES.iter().any(|b| {
                code.match_indices(b).any(|(at, _)| {
                    // `eprintln!(` also contains `println!(`: look at the whole word
                    // (a method call, `.write_all(`, follows anything).
                    let before = code[..at].chars().next_back();
                    b.starts_with('.') || !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map(|(i, line)| (i + 1, line.trim().to_owned()))
        .collect()
}

#[test]
fn the_commands_print_only_through_render() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/main.rs"), root.join("src/lrs.rs")];
    rust_files(&root.join("src/cli"), &mut files);
    rust_files(&root.join("src/class"), &mut files);
    assert!(files.len() > 15, "{files:?}");
    let mut found = Vec::new();
    let mut allowed_seen = vec![false; ALLOWED.len()];
    for file in files {
        if file.ends_with(RENDER) {
            continue;
        }
        let name = file.strip_prefix(root).unwrap().display().to_string();
        let source = std::fs::read_to_string(&file).unwrap();
        for (line, code) in bypasses(&source) {
            match ALLOWED
                .iter()
                .position(|(f, c, _)| *f == name && *c == code)
            {
                Some(i) => allowed_seen[i] = true,
                None => found.push(format!("{name}:{line}: {code}")),
            }
        }
    }
    assert!(
        found.is_empty(),
        "these lines write to the terminal without cli::render's escaping; use \
         render::print_out / print_json / outln! / errln! (or render::LineWriter for a \
         stream; the class server: draw with ratatui, or a class::text constant listed in \
         ALLOWED):\n{}",
        found.join("\n")
    );
    let stale: Vec<_> = ALLOWED
        .iter()
        .zip(&allowed_seen)
        .filter(|(_, seen)| !**seen)
        .map(|((f, c, _), _)| format!("{f}: {c}"))
        .collect();
    assert!(
        stale.is_empty(),
        "ALLOWED lists lines no longer there: {stale:?}"
    );
}

/// The check itself catches what it is meant to, and only that.
#[test]
fn the_check_finds_a_raw_print_and_spares_render_macros() {
    let source = "fn f(name: &str) {\n    eprintln!(\"{name}\");\n    render::errln!(\"{name}\");\n    // println!(\"a comment\")\n    let _ = writeln!(out, \"{name}\");\n    print!(\"{name}\");\n    session.data(channel, name.into())?;\n    stdout.write_all(name.as_bytes());\n}\n";
    let found: Vec<usize> = bypasses(source).into_iter().map(|(l, _)| l).collect();
    assert_eq!(found, vec![2, 5, 6, 7, 8]);
}

/// render.rs escapes what it prints: each public printer goes through `sanitize`.
#[test]
fn render_escapes_what_it_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(RENDER)).unwrap();
    for printer in ["print_out", "print_err", "print_json"] {
        let body = source
            .split(&format!("pub fn {printer}("))
            .nth(1)
            .unwrap_or_else(|| panic!("render.rs has no {printer}"));
        let body = &body[..body.find("\n}").unwrap()];
        assert!(body.contains("escape"), "{printer} does not escape: {body}");
    }
}
