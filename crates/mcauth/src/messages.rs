//! mcauth's own words, in every language it speaks, kept as data beside the code
//! (`messages/*.toml`), not in the product catalogue: the catalogue speaks of reasons, these of
//! what the tool did, what went wrong and how it is used. A test proves every message is in every
//! language with the same placeholders, and that no key is in two files.

use std::fmt;
use std::sync::RwLock;

/// The message files: the summaries, the errors, and the command line's help.
const FILES: &[(&str, &str)] = &[
    ("summary.toml", include_str!("../messages/summary.toml")),
    ("errors.toml", include_str!("../messages/errors.toml")),
    ("help.toml", include_str!("../messages/help.toml")),
];

/// The languages the tool speaks: those of its messages (every message has each of them, a
/// test checks, so the first file's name them all), so that a language is added in the data
/// alone.
pub fn languages() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = file(0)
        .values()
        .filter_map(|texts| texts.get_ref().as_table())
        .flat_map(|texts| texts.keys().map(|lang| lang.get_ref().as_ref()))
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The language the tool's own messages are in for this run: set once the run knows it
/// (`--lang`, the input's header row, the locale); English until then.
static LANGUAGE: RwLock<String> = RwLock::new(String::new());

/// Speak `lang` from now on (English where the tool does not speak it).
pub fn set_language(lang: &str) {
    let lang = if languages().contains(&lang) { lang } else { "en" };
    if let Ok(mut current) = LANGUAGE.write() {
        lang.clone_into(&mut current);
    }
}

/// The language the tool speaks now.
pub fn language() -> String {
    LANGUAGE.read().map(|l| l.clone()).ok().filter(|l| !l.is_empty()).unwrap_or_else(|| "en".to_string())
}

/// The message `key` in `lang` (English where the tool does not speak `lang`), its
/// `{placeholders}` filled with `values`.
pub fn say(key: &str, lang: &str, values: &[(&str, &dyn fmt::Display)]) -> String {
    let text = text(key, lang).unwrap_or(key);
    // In one pass: a value (a file name, a cell) holding `{name}` is written as it is; and as
    // a terminal may show it, whatever control character it holds.
    let values: Vec<(&str, String)> = values
        .iter()
        .map(|(name, value)| (*name, catalogue::terminal::text(&value.to_string()).into_owned()))
        .collect();
    let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    catalogue::present::fill(text, &values)
}

/// The message `key` in the language the tool speaks now.
pub fn tell(key: &str, values: &[(&str, &dyn fmt::Display)]) -> String {
    say(key, &language(), values)
}

/// The text of `key` in `lang`, else in English; `None` for a key no file has.
pub fn text(key: &str, lang: &str) -> Option<&'static str> {
    let texts = (0..FILES.len()).find_map(|i| file(i).get(key))?.get_ref().as_table()?;
    texts.get(lang).or_else(|| texts.get("en"))?.get_ref().as_str()
}

/// A message to be said later, in the language the tool speaks then: an error is made where
/// the problem is found, before the run may know the reader's language (the header row's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    key: &'static str,
    values: Vec<(&'static str, String)>,
}

impl Said {
    pub fn new(key: &'static str) -> Said {
        Said { key, values: Vec::new() }
    }

    /// Fills `{name}` with `value`.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Said {
        self.values.push((name, value.to_string()));
        self
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values: Vec<(&str, &dyn fmt::Display)> =
            self.values.iter().map(|(n, v)| (*n, v as &dyn fmt::Display)).collect();
        f.write_str(&tell(self.key, &values))
    }
}

#[cfg(test)]
type Table = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;

/// Message file `i`, parsed when a message is first looked up in it (a run that shows no help
/// never parses the help), and kept as the parser's tree, whose strings are the file's own:
/// nothing is copied.
fn file(i: usize) -> &'static toml::de::DeTable<'static> {
    static TABLES: [std::sync::OnceLock<toml::de::DeTable<'static>>; FILES.len()] =
        [const { std::sync::OnceLock::new() }; FILES.len()];
    TABLES[i].get_or_init(|| match toml::de::DeTable::parse(FILES[i].1) {
        Ok(table) => table.into_inner(),
        // Its tests prove every file parses.
        Err(_) => toml::de::DeTable::new(),
    })
}

/// Every message of every file.
#[cfg(test)]
fn table() -> Table {
    FILES
        .iter()
        .flat_map(|(name, text)| toml::from_str::<Table>(text).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{names}` of a text, in order of first appearance.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(n, _)| n).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn a_value_holding_a_placeholder_is_written_as_it_is() {
        let table = table();
        let (key, texts) = table.iter().find(|(_, t)| placeholders(&t["en"]).len() >= 2).expect("a message with two");
        let names = placeholders(&texts["en"]);
        let first = format!("{{{}}}", names[1]);
        let values: Vec<(&str, &dyn fmt::Display)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, if i == 0 { &first as &dyn fmt::Display } else { &"x" }))
            .collect();
        let said = say(key, "en", &values);
        assert!(said.contains(&first), "{key}: {said}");
    }

    #[test]
    fn every_message_is_in_every_language_with_the_same_placeholders() {
        let mut seen = std::collections::BTreeSet::new();
        for (name, text) in FILES {
            let table: Table = toml::from_str(text).unwrap_or_else(|e| panic!("messages/{name}: {e}"));
            assert!(!table.is_empty(), "{name}");
            for (key, texts) in &table {
                assert!(seen.insert(key.clone()), "{key} is in two files");
                let languages: Vec<&str> = texts.keys().map(String::as_str).collect();
                assert_eq!(languages, super::languages(), "{name}: {key}: every language, and no other");
                let english = placeholders(&texts["en"]);
                for (lang, text) in texts {
                    assert_eq!(placeholders(text), english, "{name}: {key} ({lang}): the same placeholders");
                    assert!(!text.trim().is_empty(), "{name}: {key} ({lang})");
                }
            }
        }
    }

    /// Every key the code names (`Said::new("…")`, `tell("…"`, `say("…"`, `text("…"`, `word("…"`)
    /// is a message: a key mistyped in the code would print the key itself.
    #[test]
    fn every_key_the_code_names_is_a_message() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.clone()];
        let mut named = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            // Rust sources only: `src/generated/` holds the catalogue's saved parse, bytes.
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(&path).unwrap();
            for call in ["Said::new(\"", "tell(\"", "say(\"", "text(\"", "word(\""] {
                for (at, _) in code.match_indices(call) {
                    let rest = &code[at + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    // Not a key: a suffix (`".long"`), or this test's own text.
                    if key.is_empty()
                        || key.starts_with('.')
                        || !key.chars().all(|c| c.is_ascii_alphanumeric() || "_.".contains(c))
                    {
                        continue;
                    }
                    named += 1;
                    assert!(table().contains_key(key), "{}: {key} is in no messages file", path.display());
                }
            }
        }
        assert!(named > 50, "the scan found the keys ({named})");
    }

    #[test]
    fn a_message_is_filled_in_and_falls_back_to_english() {
        let count = 3;
        for lang in languages() {
            let expected = text("report_undated", lang).unwrap().replace("{count}", "3");
            assert_eq!(say("report_undated", lang, &[("count", &count)]), expected);
        }
        assert_eq!(
            say("report_undated", "fr", &[("count", &count)]),
            say("report_undated", "en", &[("count", &count)])
        );
        // A key no file has is said as itself, never a panic.
        assert_eq!(say("no such message", "en", &[]), "no such message");
    }
}
