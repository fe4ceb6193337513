//! The shape of a whole document, checked before serde reads it: every unknown key, value
//! of the wrong type, value outside its list and missing key in the file, where serde stops
//! at the first. The JSON Schema generated from the model (schemars) says which keys belong
//! in which table and what each holds, so this walk and the loader cannot drift apart.
//!
//! Unknown keys, and values of the wrong type under keys a table may leave out, are
//! removed from the tree once reported, so the loader's own rules still run on the rest
//! and a file with `feedbak` and a score of 5 reports both. A missing key, a wrong value
//! under a required key or in a list stops the load here: what serde would make of it is
//! a knock-on of the finding already made.

use crate::domain::finding::{Finding, did_you_mean};
use serde_json::{Map as JsonMap, Value as Json};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A schema to check documents against.
pub struct Shape {
    root: Json,
}

/// What the walk found, and whether the tree that is left can still be read.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// A finding the tree could not be mended for: do not deserialise.
    pub fatal: bool,
}

impl Shape {
    pub fn new(root: Json) -> Shape {
        Shape { root }
    }

    /// Checks `doc` (the document parsed from `text`), removing what it reports where it can.
    pub fn check(&self, doc: &mut Spanned<DeTable<'_>>, text: &str) -> Report {
        let mut report = Report::default();
        let span = doc.span();
        let mut walk = Walk {
            shape: self,
            text,
            report: &mut report,
        };
        walk.table(doc.get_mut(), span, &self.root, "Scenario");
        report
    }

    fn resolve<'s>(&'s self, mut schema: &'s Json) -> (&'s Json, Option<&'s str>) {
        let mut name = None;
        while let Some(reference) = schema.get("$ref").and_then(Json::as_str) {
            let def = reference.trim_start_matches("#/$defs/");
            name = Some(def);
            match self.root.get("$defs").and_then(|d| d.get(def)) {
                Some(s) => schema = s,
                None => break,
            }
        }
        (schema, name)
    }
}

struct Walk<'a, 'r> {
    shape: &'a Shape,
    text: &'a str,
    report: &'r mut Report,
}

/// What a trainer calls the table a schema definition describes.
fn table_name(def: &str) -> &'static str {
    match def {
        "Scenario" => "at the top of the file",
        "Meta" => "in `[scenario]`",
        "Customer" => "in `[customer]`",
        "Step" => "in a `[[step]]`",
        "Choice" => "in a `[[step.choice]]`",
        "StateLine" => "in a `[[step.line]]`",
        "KeyPoint" => "in a `[[step.point]]`",
        "Route" => "in a route `{ to = ... }`",
        "Ending" => "in an `[[ending]]`",
        "Note" => "in an `[[ending.note]]`",
        "AddressedName" => "in a name `{ name = ..., address = ... }`",
        _ => "here",
    }
}

/// The kinds of TOML value a schema allows, in words: "a whole number", "text in quotes".
fn expected_words(kind: &str) -> &'static str {
    match kind {
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text in quotes",
        "boolean" => "true or false",
        "array" => "a list in [ ]",
        "object" => "a table",
        _ => "something else",
    }
}

fn found_words(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => {
            let shown: String = s.chars().take(30).collect();
            let more = if s.chars().count() > 30 { "..." } else { "" };
            format!("the text \"{shown}{more}\"")
        }
        DeValue::Integer(i) => format!("the whole number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {} (with a decimal point)", f.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(_) => "a date or time".to_owned(),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

fn matches_kind(value: &DeValue<'_>, kind: &str) -> bool {
    matches!(
        (value, kind),
        (DeValue::String(_), "string")
            | (DeValue::Integer(_), "integer" | "number")
            | (DeValue::Float(_), "number")
            | (DeValue::Boolean(_), "boolean")
            | (DeValue::Array(_), "array")
            | (DeValue::Table(_), "object")
    )
}

/// The kinds a (resolved) schema allows, `null` left out: TOML has no null.
fn kinds(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts
            .iter()
            .filter_map(Json::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

fn join_or(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

impl Walk<'_, '_> {
    /// Checks one value; false when it is wrong and should be dropped (or, where it
    /// cannot be, the load stopped).
    fn value(&mut self, key: &str, v: &mut Spanned<DeValue<'_>>, schema: &Json) -> bool {
        let (schema, def) = self.shape.resolve(schema);
        let span = v.span();
        if let Some(alternatives) = schema.get("anyOf").and_then(Json::as_array) {
            let resolved: Vec<&Json> = alternatives
                .iter()
                .map(|a| self.shape.resolve(a).0)
                .collect();
            let fits = resolved
                .iter()
                .position(|a| kinds(a).iter().any(|k| matches_kind(v.get_ref(), k)));
            return match fits {
                Some(i) => self.value(key, v, resolved[i]),
                None => {
                    let wanted: Vec<&str> = resolved
                        .iter()
                        .flat_map(|a| kinds(a))
                        .map(expected_words)
                        .collect();
                    self.wrong_type(key, v.get_ref(), span, &wanted, schema);
                    false
                }
            };
        }
        let allowed = kinds(schema);
        if !allowed.is_empty() && !allowed.iter().any(|k| matches_kind(v.get_ref(), k)) {
            let wanted: Vec<&str> = allowed.iter().map(|k| expected_words(k)).collect();
            self.wrong_type(key, v.get_ref(), span, &wanted, schema);
            return false;
        }
        if let (Some(list), DeValue::String(s)) =
            (schema.get("enum").and_then(Json::as_array), v.get_ref())
        {
            let names: Vec<&str> = list.iter().filter_map(Json::as_str).collect();
            if !names.contains(&s.as_ref()) {
                let what = def.map_or(key.to_owned(), str::to_lowercase);
                let allowed = format!("the {what}s allowed: {}", names.join(", "));
                let lower = s.to_lowercase();
                let close = did_you_mean(&lower, names.iter().copied())
                    .or_else(|| names.iter().copied().find(|n| lower.contains(n)));
                let help = match close {
                    Some(c) => format!("did you mean `{c}`? {allowed}"),
                    None => allowed,
                };
                let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                self.report.findings.push(
                    Finding::error("unknown-value", format!("`{s}` is not {article} {what}"))
                        .at(span)
                        .help(help),
                );
                return false;
            }
        }
        match v.get_mut() {
            DeValue::Table(t) => self.table(t, span, schema, def.unwrap_or("")),
            DeValue::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for element in items.iter_mut() {
                        if !self.value(key, element, item) {
                            // A list cannot lose an element without shifting the rest.
                            self.report.fatal = true;
                        }
                    }
                }
            }
            _ => {}
        }
        true
    }

    fn wrong_type(
        &mut self,
        key: &str,
        value: &DeValue<'_>,
        span: Range<usize>,
        wanted: &[&str],
        schema: &Json,
    ) {
        let wanted = join_or(wanted);
        let found = found_words(value);
        let mut help = match (value, wanted.as_str()) {
            (DeValue::Float(f), "a whole number") => {
                format!(
                    "write a whole number, such as {:.0}",
                    f.as_str().parse::<f64>().unwrap_or(0.0).trunc()
                )
            }
            (DeValue::String(s), w)
                if w.starts_with("a whole number") || w.starts_with("a number") =>
            {
                match s.trim().parse::<f64>() {
                    Ok(_) => format!("write the number without quotes: {key} = {}", s.trim()),
                    Err(_) => format!("write a number without quotes, such as {key} = 2"),
                }
            }
            (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_), w)
                if w.starts_with("text") =>
            {
                let raw = &self.text[span.clone()];
                format!("put text in straight double quotes: {key} = \"{raw}\"")
            }
            _ => format!("`{key}` holds {wanted}"),
        };
        if let Some(about) = schema.get("description").and_then(Json::as_str) {
            help = format!("{help}; `{key}`: {}", about.trim_end_matches('.'));
        }
        self.report.findings.push(
            Finding::error("wrong-type", format!("`{key}` needs {wanted}, not {found}"))
                .at(span)
                .help(help),
        );
    }

    fn table(&mut self, table: &mut DeTable<'_>, span: Range<usize>, schema: &Json, def: &str) {
        let empty = JsonMap::new();
        let properties = schema
            .get("properties")
            .and_then(Json::as_object)
            .unwrap_or(&empty);
        let extra = schema.get("additionalProperties");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Json::as_array)
            .map(|r| r.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        // Keys suggested for a misspelling are not reported missing as well.
        let mut suggested: Vec<String> = Vec::new();
        let mut drop: Vec<String> = Vec::new();
        for (k, v) in table.iter_mut() {
            let name = k.get_ref().to_string();
            let keep = match (properties.get(&name), extra) {
                (Some(s), _) => self.value(&name, v, s),
                (None, Some(Json::Object(_))) => self.value(&name, v, extra.expect("matched")),
                (None, _) => {
                    let known: Vec<&str> = properties.keys().map(String::as_str).collect();
                    let help = match did_you_mean(&name, known.iter().copied()) {
                        Some(c) => {
                            suggested.push(c.to_owned());
                            format!("did you mean `{c}`?")
                        }
                        None => format!("the keys allowed here: {}", known.join(", ")),
                    };
                    self.report.findings.push(
                        Finding::error(
                            "unknown-key",
                            format!("unknown key `{name}` {}", table_name(def)),
                        )
                        .at(k.span())
                        .help(help),
                    );
                    false
                }
            };
            if !keep {
                if required.contains(&name.as_str()) {
                    self.report.fatal = true;
                }
                drop.push(name);
            }
        }
        if !drop.is_empty() {
            let all = std::mem::replace(table, DeTable::new());
            for (k, v) in all {
                if !drop.iter().any(|d| d == k.get_ref()) {
                    table.insert(k, v);
                }
            }
        }
        for key in required {
            let present = table.keys().any(|k| k.get_ref() == key);
            if !present && !drop.iter().any(|d| d == key) {
                self.report.fatal = true;
                if suggested.iter().any(|s| s == key) {
                    continue;
                }
                let at = header_span(self.text, span.clone());
                self.report.findings.push(
                    Finding::error(
                        "missing-key",
                        format!("`{key}` is missing {}", table_name(def)),
                    )
                    .at(at)
                    .help(format!(
                        "add `{key} = ...` to this table (`frontline validate --explain missing-key`)"
                    )),
                );
            }
        }
    }
}

/// Where to point for a whole table: its `[header]` line when the span starts at one,
/// else the span's first line.
fn header_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = end.min(span.end.max(start));
    start..end.max(start)
}
