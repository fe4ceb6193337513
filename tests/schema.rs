//! The JSON Schema in schema/ is generated from the Rust types; these tests fail when it
//! is stale, and check that every shipped scenario validates against it.

use frontline::domain::schema::scenario_schema;
use std::path::Path;

const FILE: &str = "schema/scenario.schema.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_schema_file_is_current() {
    let on_disk = std::fs::read_to_string(root().join(FILE)).unwrap();
    assert!(
        on_disk == scenario_schema(),
        "{FILE} is stale: regenerate it with `cargo run -- schema > {FILE}`"
    );
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&scenario_schema()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn as_json(path: &Path) -> serde_json::Value {
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn every_shipped_scenario_validates_against_the_schema_and_points_to_it() {
    let v = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        // The curriculum lists scenarios; it is not one.
        if path.extension().is_none_or(|e| e != "toml")
            || path.file_name().is_some_and(|n| n == "curriculum.toml")
        {
            continue;
        }
        let errors: Vec<String> = v
            .iter_errors(&as_json(&path))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        let first = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(
            first,
            "#:schema ../schema/scenario.schema.json",
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 12);
}

#[test]
fn the_schema_catches_what_an_editor_should_flag() {
    let v = validator();
    for fixture in [
        "unknown-key",
        "unknown-value--channel",
        "score-range",
        "difficulty-range",
        "bad-id",
        "missing-key",
    ] {
        let path = root().join(format!("tests/fixtures/invalid/{fixture}.toml"));
        assert!(!v.is_valid(&as_json(&path)), "{fixture} passed the schema");
    }
    for valid in ["valid/parcel-mixup", "format/allergy-additions"] {
        let path = root().join(format!("tests/fixtures/{valid}.toml"));
        let errors: Vec<String> = v
            .iter_errors(&as_json(&path))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{valid}: {errors:#?}");
    }
}

#[test]
fn the_schema_knows_every_format_addition() {
    let v = validator();
    let base = std::fs::read_to_string(root().join("tests/fixtures/format/allergy-additions.toml"))
        .unwrap();
    // Each misspelt or mistyped addition is flagged, as an editor should.
    for (from, to) in [
        ("pass = false", "pass = \"no\""),
        ("critical = \"Guessing", "critcal = \"Guessing"),
        ("mood_below = -40", "mood_below = \"low\""),
        ("{ to = \"safe\" }", "{ goto = \"safe\" }"),
        ("address = \"Ms Raman\"", "address = 3"),
        ("text = \"Next time", "txt = \"Next time"),
    ] {
        assert!(base.contains(from), "{from}");
        let value: toml::Value = toml::from_str(&base.replacen(from, to, 1)).unwrap();
        let json = serde_json::to_value(value).unwrap();
        assert!(!v.is_valid(&json), "`{to}` passed the schema");
    }
}
