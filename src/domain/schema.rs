//! The JSON Schema of scenario format 1, generated from the Rust types that read it, so
//! the schema editors use and the loader cannot drift apart (a test checks the file in
//! schema/ is current).

use crate::domain::scenario::Scenario;

/// The schema as pretty JSON, ending with a newline.
pub fn scenario_schema() -> String {
    let mut schema = schemars::schema_for!(Scenario);
    schema.insert("title".into(), "Frontline scenario, format 1".into());
    schema.insert(
        "description".into(),
        "A conversation with one customer, as steps and endings. See docs/scenario-format.md."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
