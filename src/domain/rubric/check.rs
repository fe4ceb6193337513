//! What is wrong in a rubric once it has parsed: unknown names, out-of-range numbers,
//! duplicate ids and regular expressions that do not compile.

use super::{CueKind, Rubric, TacticKind};
use crate::domain::finding::{Finding, did_you_mean, line_column};
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// Every finding in a parsed rubric, errors first. `text` is the file the rubric was
/// parsed from (it names the line of the first use in a duplicate's hint).
pub fn check_rubric(rubric: &Rubric, text: &str) -> Vec<Finding> {
    let mut out = check(rubric, Some(text), Patterns::Compile);
    out.sort_by_key(|f| (f.severity, f.span.as_ref().map_or(0, |s| s.start)));
    out
}

/// Whether [`check`] compiles every pattern to find the ones that do not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Patterns {
    Compile,
    /// The caller compiles them itself (the scorer does, and reports the bad ones).
    Skip,
}

/// The checks; `text` only improves hints.
pub(super) fn check(rubric: &Rubric, text: Option<&str>, patterns: Patterns) -> Vec<Finding> {
    let mut out = Vec::new();
    if *rubric.format.get_ref() != 1 {
        out.push(
            Finding::error(
                "bad-format",
                format!("rubric format {} is not known", rubric.format.get_ref()),
            )
            .at(rubric.format.span())
            .help("this version of frontline reads `format = 1`"),
        );
    }
    if rubric.dimensions.is_empty() {
        out.push(
            Finding::error("no-dimensions", "the rubric names no dimension")
                .help("add at least one [[dimension]] table with an id and a name"),
        );
    }

    let mut seen = HashMap::new();
    for d in &rubric.dimensions {
        unique("dimension", &d.id, &mut seen, text, &mut out);
        id_rule(&d.id, '_', &mut out);
        if !d.weight.is_finite() || d.weight < 0.0 {
            out.push(
                Finding::error(
                    "bad-weight",
                    format!("dimension `{}` has weight {}", d.id.get_ref(), d.weight),
                )
                .at(d.id.span())
                .help("a weight is a number of 0 or more"),
            );
        }
        if let Some(cap) = &d.cap {
            cap_rule(cap, &mut out);
        }
    }
    cap_rule(&rubric.scoring.cap, &mut out);
    let window = &rubric.scoring.negation_window;
    if !(0..=10).contains(window.get_ref()) {
        out.push(
            Finding::error(
                "out-of-range",
                format!("negation_window is {}", window.get_ref()),
            )
            .at(window.span())
            .help("use 0 (no negation) to 10 words"),
        );
    }

    let mut seen = HashMap::new();
    for t in &rubric.tactics {
        unique("tactic", &t.id, &mut seen, text, &mut out);
        id_rule(&t.id, '-', &mut out);
        dimension_rule(rubric, &t.dimension, &mut out);
    }

    let mut seen = HashMap::new();
    for cue in &rubric.cues {
        unique("cue", &cue.id, &mut seen, text, &mut out);
        id_rule(&cue.id, '-', &mut out);
        dimension_rule(rubric, &cue.dimension, &mut out);
        let points = *cue.points.get_ref();
        if !(-3..=3).contains(&points) || points == 0 {
            out.push(
                Finding::error(
                    "out-of-range",
                    format!("cue `{}` has points = {points}", cue.id.get_ref()),
                )
                .at(cue.points.span())
                .help("a cue earns 1 to 3 points, or costs -1 to -3"),
            );
        }
        match cue.kind() {
            CueKind::Patterns if cue.patterns.is_empty() => out.push(
                Finding::error(
                    "no-patterns",
                    format!("cue `{}` has no patterns", cue.id.get_ref()),
                )
                .at(cue.id.span())
                .help("add `patterns = ['...']`, or set a `kind` that needs none"),
            ),
            CueKind::Patterns => {}
            kind => {
                if let Some(first) = cue.patterns.first() {
                    out.push(
                        Finding::error(
                            "patterns-not-used",
                            format!("a cue of kind `{}` does not use patterns", kind_name(kind)),
                        )
                        .at(first.span())
                        .help("remove `patterns`, or make a separate cue for them"),
                    );
                }
            }
        }
        if let Some(m) = &cue.min_words {
            if !matches!(cue.kind(), CueKind::Reflection | CueKind::Shouting) {
                out.push(
                    Finding::warning(
                        "min-words-not-used",
                        "only `reflection` and `shouting` cues use min_words",
                    )
                    .at(m.span()),
                );
            } else if !(1..=50).contains(m.get_ref()) {
                out.push(
                    Finding::error("out-of-range", format!("min_words is {}", m.get_ref()))
                        .at(m.span())
                        .help("use 1 to 50"),
                );
            }
        }
        // In a "..." string TOML reads `\b` as a backspace and `\f` as a form feed: the
        // pattern compiles, and silently never matches a word boundary.
        for pattern in cue.patterns.iter().chain(&cue.unless) {
            if let Some(c) = pattern
                .get_ref()
                .chars()
                .find(|c| matches!(c, '\u{8}' | '\u{c}'))
            {
                let (escape, name) = if c == '\u{8}' {
                    ("\\b", "a backspace")
                } else {
                    ("\\f", "a form feed")
                };
                out.push(
                    Finding::error(
                        "escaped-pattern",
                        format!(
                            "this pattern holds {name}: in a \"...\" string TOML reads `{escape}` \
                             as that character, not as the regex's `{escape}`"
                        ),
                    )
                    .at(pattern.span())
                    .help(format!(
                        "write patterns in single quotes, as {}, so backslashes reach the regex",
                        single_quoted_pattern(pattern.get_ref())
                    )),
                );
            }
        }
        if patterns == Patterns::Compile {
            for pattern in cue.patterns.iter().chain(&cue.unless) {
                if let Some(f) = pattern_finding(pattern, text) {
                    out.push(f);
                }
            }
        }
        if let Some(tactic) = &cue.tactic {
            match rubric.tactic(tactic.get_ref()) {
                None => {
                    let known = rubric.tactics.iter().map(|t| t.id.get_ref().as_str());
                    let help = match did_you_mean(tactic.get_ref(), known) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "name one of the rubric's [[tactic]] ids".to_owned(),
                    };
                    out.push(
                        Finding::error(
                            "unknown-tactic",
                            format!("the rubric has no tactic `{}`", tactic.get_ref()),
                        )
                        .at(tactic.span())
                        .help(help),
                    );
                }
                Some(t) => {
                    let good = t.kind == TacticKind::Good;
                    if good != (points > 0) && points != 0 {
                        out.push(
                            Finding::warning(
                                "tactic-kind-mismatch",
                                format!(
                                    "cue `{}` {} points but its tactic `{}` is a {} practice",
                                    cue.id.get_ref(),
                                    if points > 0 { "earns" } else { "costs" },
                                    tactic.get_ref(),
                                    if good { "good" } else { "poor" }
                                ),
                            )
                            .at(tactic.span())
                            .help("link a penalty to a `poor` tactic and a reward to a `good` one"),
                        );
                    }
                }
            }
        }
    }
    // `[matching]`: its phrases are patterns too, and its stock cues name cues.
    if patterns == Patterns::Compile {
        for pattern in &rubric.matching.boilerplate {
            if let Some(f) = pattern_finding(pattern, text) {
                out.push(f);
            }
        }
    }
    for id in &rubric.matching.stock_cues {
        let written = !id.span().is_empty();
        if written && !rubric.cues.iter().any(|c| c.id.get_ref() == id.get_ref()) {
            let known = rubric.cues.iter().map(|c| c.id.get_ref().as_str());
            let help = match did_you_mean(id.get_ref(), known) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "name the id of one of the rubric's [[cue]] tables".to_owned(),
            };
            out.push(
                Finding::error(
                    "unknown-cue",
                    format!("the rubric has no cue `{}`", id.get_ref()),
                )
                .at(id.span())
                .help(help),
            );
        }
    }
    out
}

/// How the scorer compiles every pattern: case-insensitive, and bounded in size so a
/// pathological pattern is refused instead of eating memory.
/// How large one pattern may grow once compiled: the scorer builds each cue's regex with
/// the same limit, so a pattern this check accepts always builds there too.
pub(super) const PATTERN_SIZE_LIMIT: usize = 1 << 20;

pub(super) fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
}

/// What is wrong with a pattern a reply is matched against (a rubric cue's, a rubric
/// `[matching]` phrase's, a scenario key point's), with the file's `text` to point inside
/// it: it does not compile, or it can match the empty string, which every reply contains,
/// so it would be "found" in any reply.
pub fn pattern_finding(pattern: &Spanned<String>, text: Option<&str>) -> Option<Finding> {
    if let Err(e) = compile(pattern.get_ref()) {
        return Some(bad_pattern_in(pattern, &e, text));
    }
    matches_empty(pattern.get_ref()).then(|| {
        Finding::error(
            "empty-match",
            "this pattern can match the empty string, so every reply would match it",
        )
        .at(pattern.span())
        .help("make some part of it required: `(sorry)?` and `\\w*` can match nothing; write the words that must be there, as in `sorry\\w*`")
    })
}

/// Whether a pattern (that compiles) can match without consuming a character.
pub(super) fn matches_empty(pattern: &str) -> bool {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .is_ok_and(|hir| hir.properties().minimum_len() == Some(0))
}

/// A pattern that does not compile, underlined as a whole (the scorer's report, which
/// has no file text to point inside it).
pub(super) fn bad_pattern(pattern: &Spanned<String>, e: &regex::Error) -> Finding {
    bad_pattern_in(pattern, e, None)
}

/// A pattern TOML read with `\b` and `\f` escapes, written back as the '...' string meant.
fn single_quoted_pattern(pattern: &str) -> String {
    let meant = pattern.replace('\u{8}', "\\b").replace('\u{c}', "\\f");
    if meant.contains('\'') {
        format!("'''{meant}'''")
    } else {
        format!("'{meant}'")
    }
}

/// How to mend a pattern that does not parse, by what is wrong with it.
fn pattern_help(kind: Option<&regex_syntax::ast::ErrorKind>, double_quoted: bool) -> String {
    use regex_syntax::ast::ErrorKind as E;
    let specific = match kind {
        Some(E::UnsupportedLookAround) => Some(
            "the regex engine has no look-ahead or look-behind; to stop this cue counting when other words are in the reply, list patterns for them in the cue's `unless = ['...']`",
        ),
        Some(E::GroupUnclosed) => {
            Some("close the group with `)`, or write `\\(` for a bracket meant as itself")
        }
        Some(E::GroupUnopened) => Some(
            "this `)` closes no group: remove it, or write `\\)` for a bracket meant as itself",
        ),
        Some(E::ClassUnclosed) => {
            Some("close the class with `]`, or write `\\[` for a bracket meant as itself")
        }
        Some(E::ClassRangeInvalid) => {
            Some("a range runs from the lower character to the higher: `[a-z]`, not `[z-a]`")
        }
        Some(E::RepetitionMissing) => Some(
            "`*`, `+`, `?` and `{...}` repeat what comes before them, and nothing does here; write `\\*`, `\\+` or `\\?` for the character itself",
        ),
        Some(E::EscapeUnrecognized) => {
            Some("this backslash starts no regex escape; write `\\\\` for a backslash itself")
        }
        _ => None,
    };
    match (specific, double_quoted) {
        (Some(s), _) => s.to_owned(),
        (None, true) => "patterns use Rust regex syntax (docs/scoring.md); write them as '...' literal strings so a backslash needs no escaping".to_owned(),
        (None, false) => "patterns use Rust regex syntax (docs/scoring.md)".to_owned(),
    }
}

/// A pattern that does not compile; with the file's `text`, underlined where in the
/// pattern the regex parser stopped (an unclosed group's `(`), not the whole string.
pub(super) fn bad_pattern_in(
    pattern: &Spanned<String>,
    e: &regex::Error,
    text: Option<&str>,
) -> Finding {
    let detail = match e {
        regex::Error::Syntax(s) => {
            let last = s.lines().last().unwrap_or("").trim();
            last.strip_prefix("error: ").unwrap_or(last).to_owned()
        }
        regex::Error::CompiledTooBig(_) => "the pattern is too large once compiled".to_owned(),
        other => other.to_string(),
    };
    // The parser `regex` uses, for where the error is and what kind it is.
    let syntax = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern.get_ref())
        .err();
    let (inside, kind) = match &syntax {
        Some(regex_syntax::Error::Parse(a)) => (
            Some(a.span().start.offset..a.span().end.offset),
            Some(a.kind().clone()),
        ),
        Some(regex_syntax::Error::Translate(h)) => {
            (Some(h.span().start.offset..h.span().end.offset), None)
        }
        _ => (None, None),
    };
    let span = inside
        .zip(text)
        .and_then(|(inside, text)| span_in_file(text, pattern.span(), pattern.get_ref(), inside))
        .unwrap_or_else(|| pattern.span());
    // Single quotes are worth suggesting only to a pattern not already in them.
    let double_quoted = text
        .and_then(|t| t.get(pattern.span().start..))
        .is_some_and(|rest| rest.starts_with('"'));
    let help = pattern_help(kind.as_ref(), double_quoted);
    Finding::error(
        "bad-pattern",
        format!("this pattern is not a valid regular expression: {detail}"),
    )
    .at(span)
    .help(help)
}

/// Where the bytes `inside` of a pattern's value are in the file, given `literal`, the
/// span of the TOML string it was read from. `None` when the string's escapes cannot be
/// followed (a line-ending backslash), so the caller underlines the whole string.
fn span_in_file(
    text: &str,
    literal: Range<usize>,
    value: &str,
    inside: Range<usize>,
) -> Option<Range<usize>> {
    let source = text.get(literal.clone())?;
    let (delimiter, basic) = [("'''", false), ("\"\"\"", true), ("'", false), ("\"", true)]
        .into_iter()
        .find(|(d, _)| source.len() >= 2 * d.len() && source.starts_with(d))?;
    let mut start = delimiter.len();
    // A newline right after a multi-line string's opening is not part of its value.
    if delimiter.len() == 3 {
        let rest = &source[start..];
        start += if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with('\n'))
        };
    }
    let body = source.get(start..source.len() - delimiter.len())?;
    // Each byte of the value, and one past its end, mapped to its offset in `source`.
    let mut at = Vec::with_capacity(value.len() + 1);
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        let decoded = if basic && c == '\\' {
            let digits = match chars.next()?.1 {
                'x' => 2,
                'u' => 4,
                'U' => 8,
                'b' | 'e' | 'f' | 'n' | 'r' | 't' | '"' | '\\' => 0,
                _ => return None,
            };
            if digits == 0 {
                1
            } else {
                let code: String = (0..digits)
                    .filter_map(|_| chars.next())
                    .map(|(_, c)| c)
                    .collect();
                char::from_u32(u32::from_str_radix(&code, 16).ok()?)?.len_utf8()
            }
        } else {
            c.len_utf8()
        };
        at.extend(std::iter::repeat_n(start + i, decoded));
    }
    at.push(start + body.len());
    if at.len() != value.len() + 1 {
        return None;
    }
    let from = literal.start + *at.get(inside.start)?;
    let to = literal.start + *at.get(inside.end)?;
    Some(from..to.max(from + 1))
}

fn kind_name(kind: CueKind) -> &'static str {
    match kind {
        CueKind::Patterns => "patterns",
        CueKind::CustomerName => "customer-name",
        CueKind::Reflection => "reflection",
        CueKind::Shouting => "shouting",
    }
}

fn unique(
    what: &str,
    id: &Spanned<String>,
    seen: &mut HashMap<String, Range<usize>>,
    text: Option<&str>,
    out: &mut Vec<Finding>,
) {
    if let Some(first) = seen.get(id.get_ref()) {
        let help = match text {
            Some(text) => format!(
                "first used at line {}; ids are unique among {what}s",
                line_column(text, first.start).0
            ),
            None => format!("ids are unique among {what}s"),
        };
        out.push(
            Finding::error(
                "duplicate-id",
                format!("{what} id `{}` is used twice", id.get_ref()),
            )
            .at(id.span())
            .help(help),
        );
    } else {
        seen.insert(id.get_ref().clone(), id.span());
    }
}

/// Ids are lowercase letters, digits and one separator (`_` for dimensions, `-` otherwise).
fn id_rule(id: &Spanned<String>, separator: char, out: &mut Vec<Finding>) {
    let s = id.get_ref();
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == separator)
        && s.starts_with(|c: char| c.is_ascii_lowercase());
    if !ok {
        out.push(
            Finding::error("bad-id", format!("`{s}` is not a valid id"))
                .at(id.span())
                .help(format!(
                    "use lowercase letters, digits and `{separator}`, starting with a letter"
                )),
        );
    }
}

fn dimension_rule(rubric: &Rubric, key: &Spanned<String>, out: &mut Vec<Finding>) {
    if rubric.has_dimension(key.get_ref()) {
        return;
    }
    let help = match did_you_mean(key.get_ref(), rubric.dimension_ids()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!(
            "the rubric has: {}",
            rubric.dimension_ids().collect::<Vec<_>>().join(", ")
        ),
    };
    out.push(
        Finding::error(
            "unknown-dimension",
            format!("`{}` is not a dimension of this rubric", key.get_ref()),
        )
        .at(key.span())
        .help(help),
    );
}

fn cap_rule(cap: &Spanned<i64>, out: &mut Vec<Finding>) {
    if !(1..=100).contains(cap.get_ref()) {
        out.push(
            Finding::error("out-of-range", format!("cap is {}", cap.get_ref()))
                .at(cap.span())
                .help("a cap is 1 to 100 points"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "format = 1\n[[dimension]]\nid = \"listening\"\nname = \"L\"\n[[tactic]]\nid = \"greet\"\ndimension = \"listening\"\nkind = \"good\"\n";

    fn findings(extra: &str) -> (String, Vec<Finding>) {
        let text = format!("{BASE}{extra}");
        let rubric: Rubric = toml::from_str(&text).unwrap();
        let found = check_rubric(&rubric, &text);
        (text, found)
    }

    #[test]
    fn the_builtin_rubric_has_no_findings() {
        let rubric = Rubric::builtin();
        assert_eq!(check_rubric(&rubric, super::super::BUILTIN_SOURCE), vec![]);
    }

    #[test]
    fn unknown_dimension_and_tactic_get_suggestions() {
        let (text, found) = findings(
            "[[cue]]\nid = \"hi\"\ndimension = \"listenin\"\npoints = 1\npatterns = ['hi']\ntactic = \"gret\"\n",
        );
        let codes: Vec<_> = found.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["unknown-dimension", "unknown-tactic"]);
        assert_eq!(found[0].help.as_deref(), Some("did you mean `listening`?"));
        assert_eq!(found[1].help.as_deref(), Some("did you mean `greet`?"));
        assert_eq!(&text[found[0].span.clone().unwrap()], "\"listenin\"");
    }

    #[test]
    fn points_range_duplicates_and_patterns_are_checked() {
        let cue = "[[cue]]\nid = \"hi\"\ndimension = \"listening\"\npoints = 4\npatterns = ['(']\n";
        let (text, found) = findings(&format!("{cue}{}", cue.replace("points = 4", "points = 1")));
        let codes: Vec<_> = found.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            ["out-of-range", "bad-pattern", "duplicate-id", "bad-pattern"]
        );
        assert_eq!(
            found[2].help.as_deref(),
            Some("first used at line 10; ids are unique among cues")
        );
        assert_eq!(&text[found[1].span.clone().unwrap()], "(");
    }

    #[test]
    fn a_bad_pattern_is_underlined_where_the_regex_parser_stopped() {
        let cue = |patterns: &str| {
            format!(
                "[[cue]]\nid = \"hi\"\ndimension = \"listening\"\npoints = 1\npatterns = [{patterns}]\n"
            )
        };
        // The same pattern written four ways.
        for literal in [
            r"'\bi (see'",
            r#""\\bi (see""#,
            r"'''\bi (see'''",
            "\"\"\"\n\\u005Cbi (see\"\"\"",
        ] {
            let (text, found) = findings(&cue(literal));
            assert_eq!(found.len(), 1, "{literal}: {found:?}");
            let span = found[0].span.clone().unwrap();
            assert_eq!(&text[span.clone()], "(", "{literal}");
            // Its line up to the `(`, as the file has it.
            let before = format!("patterns = [{}", &literal[..literal.find('(').unwrap()]);
            assert_eq!(
                text[..span.start].rsplit('\n').next(),
                before.rsplit('\n').next(),
                "{literal}"
            );
            assert!(found[0].message.ends_with("unclosed group"), "{found:?}");
        }
        // A line-ending backslash is not followed: the whole string is underlined.
        let (text, found) = findings(&cue("\"\"\"(see \\\n  more\"\"\""));
        assert!(text[found[0].span.clone().unwrap()].starts_with("\"\"\"(see"));
    }

    #[test]
    fn look_around_is_pointed_at_and_the_hint_is_unless() {
        let (text, found) = findings(
            "[[cue]]\nid = \"hi\"\ndimension = \"listening\"\npoints = 1\npatterns = ['\\bi see\\b(?<=x)']\n",
        );
        assert_eq!(found[0].code, "bad-pattern");
        assert!(found[0].message.contains("look-around"), "{found:?}");
        assert!(text[found[0].span.clone().unwrap()].starts_with("(?<="));
        let help = found[0].help.as_deref().unwrap();
        assert!(help.contains("`unless = ['...']`"), "{help}");
    }

    #[test]
    fn a_bad_pattern_gets_the_mend_for_what_is_wrong() {
        let help = |pattern: &str| {
            let (_, found) = findings(&format!(
                "[[cue]]\nid = \"hi\"\ndimension = \"listening\"\npoints = 1\npatterns = ['{pattern}']\n"
            ));
            found[0].help.clone().unwrap_or_default()
        };
        assert!(help("[z-a]").contains("`[a-z]`, not `[z-a]`"));
        assert!(help("(sorry").contains("close the group"));
        assert!(help("sorry)").contains("closes no group"));
        assert!(help("* sorry").contains("repeat what comes before them"));
        // Already in single quotes: no advice to use them.
        assert!(!help(r"\p{Nope}").contains("'...'"));
    }

    #[test]
    fn a_backspace_from_double_quotes_is_shown_as_the_pattern_meant() {
        let (_, found) = findings(
            "[[cue]]\nid = \"hi\"\ndimension = \"listening\"\npoints = 1\npatterns = [\"\\bi see\\b\"]\n",
        );
        assert_eq!(found[0].code, "escaped-pattern");
        let help = found[0].help.clone().unwrap_or_default();
        assert!(help.contains(r"'\bi see\b'"), "{help}");
    }

    #[test]
    fn kinds_and_patterns_must_agree() {
        let (_, found) = findings(
            "[[cue]]\nid = \"a\"\ndimension = \"listening\"\npoints = 1\n[[cue]]\nid = \"b\"\ndimension = \"listening\"\npoints = 1\nkind = \"shouting\"\npatterns = ['x']\ntactic = \"greet\"\n",
        );
        let codes: Vec<_> = found.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["no-patterns", "patterns-not-used"]);
    }

    #[test]
    fn a_penalty_linked_to_a_good_tactic_is_a_warning() {
        let (_, found) = findings(
            "[[cue]]\nid = \"a\"\ndimension = \"listening\"\npoints = -1\npatterns = ['x']\ntactic = \"greet\"\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "tactic-kind-mismatch");
        assert!(!found[0].is_error());
    }
}
