//! mcauth's own words, in every language it speaks, kept as data beside the code
//! (`messages/*.toml`), not in the product catalogue: the catalogue speaks of reasons, these of
//! what the tool did. A test proves every message is in every language with the same
//! placeholders.

use std::collections::BTreeMap;

/// The summaries' messages.
const SUMMARY: &str = include_str!("../messages/summary.toml");

/// The message `key` in `lang` (English where the tool does not speak `lang`), its
/// `{placeholders}` filled with `values`.
pub fn say(key: &str, lang: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let table = table();
    let texts = table.get(key);
    let text = texts.and_then(|t| t.get(lang).or_else(|| t.get("en"))).map_or(key, String::as_str);
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

type Table = BTreeMap<String, BTreeMap<String, String>>;

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(SUMMARY).expect("messages/summary.toml is checked by its test"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The languages the tool speaks; a message lacks none of them.
    const LANGUAGES: &[&str] = &["en", "ja"];

    /// The `{names}` of a text, in order of first appearance.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(n, _)| n).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn every_message_is_in_every_language_with_the_same_placeholders() {
        let table: Table = toml::from_str(SUMMARY).expect("the messages parse");
        assert!(!table.is_empty());
        for (key, texts) in &table {
            let languages: Vec<&str> = texts.keys().map(String::as_str).collect();
            assert_eq!(languages, LANGUAGES, "{key}: every language, and no other");
            let english = placeholders(&texts["en"]);
            for (lang, text) in texts {
                assert_eq!(placeholders(text), english, "{key} ({lang}): the same placeholders");
                assert!(!text.trim().is_empty(), "{key} ({lang})");
            }
        }
    }

    #[test]
    fn a_message_is_filled_in_and_falls_back_to_english() {
        let count = 3;
        assert_eq!(
            say("report_undated", "en", &[("count", &count)]),
            "note: 3 rows have no date and time this tool can read"
        );
        assert!(say("report_undated", "ja", &[("count", &count)]).contains("3 行"));
        assert_eq!(
            say("report_undated", "fr", &[("count", &count)]),
            say("report_undated", "en", &[("count", &count)])
        );
    }
}
