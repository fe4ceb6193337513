//! The starter scenario `frontline new` writes: a small, valid, commented file to edit.

use crate::domain::scenario::Channel;

const TEMPLATE: &str = include_str!("../../templates/starter.toml");

/// The starter text for a scenario id and channel. `path` is where it will be written
/// (shown in its comments), `schema` the `#:schema` target for editors, if any.
pub fn starter(id: &str, channel: Channel, path: &str, schema: Option<&str>) -> String {
    let title: String = id
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let narration = match channel {
        Channel::Counter => "A customer comes to the counter, visibly annoyed.",
        Channel::Phone => "The call connects; the customer sounds tired and short.",
        Channel::Chat => "A chat opens. The first message is typed fast, with no greeting.",
        Channel::Email => "An email arrives, subject line in capitals.",
        Channel::Internal => "A colleague from another team stops by your desk, stressed.",
        Channel::Social => "A one-star post appears on the company's page, for everyone to see.",
    };
    let schema_line = schema.map_or(String::new(), |s| format!("#:schema {s}"));
    TEMPLATE
        .replace("{{schema_line}}", &schema_line)
        .replace("{{id}}", id)
        .replace("{{title}}", &title)
        .replace("{{channel}}", channel.as_str())
        .replace("{{narration}}", narration)
        .replace("{{path}}", path)
        .trim_start()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::Rubric;
    use crate::domain::validate::check_bytes;

    #[test]
    fn the_starter_is_valid_with_no_warnings_on_every_channel() {
        for channel in Channel::ALL {
            let text = starter("late-refund", channel, "late-refund.toml", None);
            let checked = check_bytes(text.as_bytes(), &Rubric::builtin());
            assert!(
                checked.findings.is_empty(),
                "{channel}: {:?}",
                checked.findings
            );
            assert_eq!(checked.scenario.unwrap().title(), "Late Refund");
        }
    }
}
