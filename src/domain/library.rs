//! The scenario library: the files built into the binary, or a folder of `*.toml`.

use crate::domain::bounded_read::read_bounded;
use crate::domain::finding::{Finding, line_column};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::validate::{Checked, check_bytes};

/// How each file of a library is checked: `check_bytes` (errors and warnings) or
/// `load_bytes` (errors only, for playing).
pub type CheckFn = fn(&[u8], &Rubric) -> Checked;
use include_dir::{Dir, include_dir};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The shipped scenarios, embedded so an installed binary plays with no files beside it.
static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/scenarios");

/// One file of a library, checked.
#[derive(Debug)]
pub struct LibraryFile {
    /// Where it came from: a path, or `built-in/<name>` for an embedded file.
    pub origin: String,
    pub checked: Checked,
}

impl LibraryFile {
    pub fn scenario(&self) -> Option<&Scenario> {
        self.checked.scenario.as_ref()
    }
}

#[derive(Debug, Default)]
pub struct Library {
    pub files: Vec<LibraryFile>,
}

impl Library {
    /// The scenarios built into the binary.
    pub fn builtin(rubric: &Rubric) -> Library {
        Library::builtin_with(rubric, check_bytes)
    }

    /// The scenarios built into the binary, each checked by `check`.
    pub fn builtin_with(rubric: &Rubric, check: CheckFn) -> Library {
        let mut files: Vec<_> = BUILTIN
            .files()
            .filter(|f| is_toml(f.path()))
            .map(|f| LibraryFile {
                origin: format!("built-in/{}", f.path().display()),
                checked: check(f.contents(), rubric),
            })
            .collect();
        files.sort_by(|a, b| a.origin.cmp(&b.origin));
        let mut library = Library { files };
        library.check_unique_ids();
        library
    }

    /// The built-in file `name`, checked by `check`, when there is one.
    pub fn builtin_file(name: &str, rubric: &Rubric, check: CheckFn) -> Option<LibraryFile> {
        BUILTIN.get_file(name).map(|f| LibraryFile {
            origin: format!("built-in/{}", f.path().display()),
            checked: check(f.contents(), rubric),
        })
    }

    /// Every `*.toml` under the given files and folders, in path order.
    pub fn from_paths(paths: &[PathBuf], rubric: &Rubric) -> Library {
        Library::from_paths_with(paths, rubric, check_bytes)
    }

    /// Every `*.toml` under the given files and folders, each checked by `check`.
    pub fn from_paths_with(paths: &[PathBuf], rubric: &Rubric, check: CheckFn) -> Library {
        let mut files = Vec::new();
        for path in scenario_files(paths) {
            let checked = match read_bounded(&path) {
                Ok(bytes) => check(&bytes, rubric),
                Err(finding) => Checked {
                    text: String::new(),
                    scenario: None,
                    findings: vec![finding],
                },
            };
            files.push(LibraryFile {
                origin: path.display().to_string(),
                checked,
            });
        }
        let mut library = Library { files };
        library.check_unique_ids();
        library
    }

    /// Playable scenarios, in library order.
    pub fn scenarios(&self) -> impl Iterator<Item = &Scenario> {
        self.files.iter().filter_map(LibraryFile::scenario)
    }

    /// A scenario by id.
    pub fn find(&self, id: &str) -> Option<&Scenario> {
        self.scenarios().find(|s| s.id() == id)
    }

    /// Scenario ids are unique in a library: a second file with the same id is refused.
    fn check_unique_ids(&mut self) {
        let mut first: HashMap<String, String> = HashMap::new();
        for file in &mut self.files {
            let Some(scenario) = &file.checked.scenario else {
                continue;
            };
            let id = scenario.id().to_owned();
            let span = scenario.scenario.id.span();
            if let Some(other) = first.get(&id) {
                file.checked.findings.insert(
                    0,
                    Finding::error(
                        "duplicate-scenario",
                        format!("scenario id `{id}` is also used by {other}"),
                    )
                    .at(span)
                    .help("ids are unique in a library: rename one of the two"),
                );
                file.checked.scenario = None;
            } else {
                let (line, column) = line_column(&file.checked.text, span.start);
                first.insert(id, format!("{}:{line}:{column}", file.origin));
            }
        }
    }
}

/// The text of a file built into the binary beside the scenarios (the curriculum).
pub fn builtin_text(name: &str) -> Option<String> {
    BUILTIN.get_file(name)?.contents_utf8().map(str::to_owned)
}

/// Expands folders to the `*.toml` files below them (not the curriculum, which lists
/// scenarios rather than being one); files are kept as given.
pub fn scenario_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_toml(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// A scenario file by its name: `*.toml` in any case (`*.TOML` from a Windows share), but
/// not the curriculum and not a transcript test (`*.test.toml`, `frontline test`).
fn is_toml(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        && name != crate::domain::curriculum::FILE
        && !name.ends_with(TEST_SUFFIX)
}

/// The end of a transcript test's file name: `refund-no-receipt.test.toml`.
pub const TEST_SUFFIX: &str = ".test.toml";

/// Other files below `dir` than `except` whose scenario id is `id` (a quick look at each
/// file's text first, so only a file that names the id is parsed).
pub fn others_with_id(dir: &Path, id: &str, except: &Path, rubric: &Rubric) -> Vec<String> {
    let quoted = [format!("\"{id}\""), format!("'{id}'")];
    scenario_files(&[dir.to_path_buf()])
        .into_iter()
        .filter(|p| p != except)
        .filter_map(|p| {
            let bytes = read_bounded(&p).ok()?;
            let text = std::str::from_utf8(&bytes).ok()?;
            if !quoted.iter().any(|q| text.contains(q.as_str())) {
                return None;
            }
            let checked = crate::domain::validate::load_bytes(&bytes, rubric);
            checked
                .scenario
                .filter(|s| s.id() == id)
                .map(|_| p.display().to_string())
        })
        .collect()
}
