//! Lookups on a validated catalogue: by reason id, by code (per model), by message text.

use std::collections::BTreeMap;

use crate::ModelKey;
use crate::codes::strip_code_suffix;
use crate::model::Document;
use crate::model::{Keyed, Model, Reason};

/// Indexes built once when a catalogue is loaded; the one by message when it is first needed
/// (explaining a code needs none).
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    by_id: BTreeMap<String, usize>,
    /// By model, then by code: a lookup borrows its keys.
    by_code: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    by_message: std::sync::OnceLock<BTreeMap<String, Vec<usize>>>,
}

impl Index {
    pub(crate) fn new(doc: &Document) -> Self {
        let mut index = Index::default();
        for (i, reason) in doc.reasons.iter().enumerate() {
            index.by_id.insert(reason.id().to_string(), i);
            for code in reason.codes() {
                let model = match index.by_code.get_mut(reason.model().as_str()) {
                    Some(model) => model,
                    None => index.by_code.entry(reason.model().to_string()).or_default(),
                };
                model.entry(code.to_string()).or_default().push(i);
            }
        }
        index
    }

    /// The reasons by each of their messages and console texts, normalised.
    fn by_message<'i>(&'i self, doc: &Document) -> &'i BTreeMap<String, Vec<usize>> {
        self.by_message.get_or_init(|| {
            let mut by_message: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, reason) in doc.reasons.iter().enumerate() {
                let messages = reason.message.entries.iter().map(|(_, m)| m.get_ref());
                for text in messages.chain(reason.console.iter().map(|c| c.text.get_ref())) {
                    let list = by_message.entry(normalize_message(text)).or_default();
                    // Reasons come in order: this reason is already listed only if it was last.
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            by_message
        })
    }
}

/// Lookups, implemented on [`crate::Catalogue`].
impl crate::Catalogue {
    /// The reason with this id.
    pub fn reason(&self, id: &str) -> Option<&Reason> {
        self.index.by_id.get(id).map(|&i| &self.doc.reasons[i])
    }

    /// Every reason that carries `code` in the list of `model`, in the model's order.
    pub fn reasons_with_code(&self, model: &str, code: &str) -> Vec<&Reason> {
        let code = code.trim().trim_start_matches('0');
        self.index
            .by_code
            .get(model)
            .and_then(|codes| codes.get(code))
            .map(|list| list.iter().map(|&i| &self.doc.reasons[i]).collect())
            .unwrap_or_default()
    }

    /// Every reason that carries `code`, grouped by model in the catalogue's order of models.
    pub fn reasons_with_code_in_any_model(&self, code: &str) -> Vec<(&Keyed<ModelKey, Model>, Vec<&Reason>)> {
        self.doc
            .models
            .iter()
            .map(|model| (model, self.reasons_with_code(model.key().as_str(), code)))
            .filter(|(_, reasons)| !reasons.is_empty())
            .collect()
    }

    /// Every reason whose message in any language, or a console text of which, is `text`. The text may keep the quotes
    /// around it and the code in parentheses after it, as the access history shows it.
    pub fn reasons_with_message(&self, text: &str) -> Vec<&Reason> {
        let key = normalize_message(strip_code_suffix(text));
        self.index
            .by_message(&self.doc)
            .get(&key)
            .map(|list| list.iter().map(|&i| &self.doc.reasons[i]).collect())
            .unwrap_or_default()
    }

    /// The language a message is written in: the language of the catalogue's text it matches
    /// (a reason's message, or a console text), else the language whose texts use the most of
    /// its letters (a Japanese message's kana and kanji, an English one's Latin letters).
    /// `None` for a text without letters.
    pub fn language_of(&self, text: &str) -> Option<&str> {
        let key = normalize_message(strip_code_suffix(text));
        for reason in self.reasons_with_message(text) {
            if let Some((lang, _)) = reason.message.entries.iter().find(|(_, m)| normalize_message(m.get_ref()) == key)
            {
                return Some(lang.as_str());
            }
            if let Some(console) = reason.console.iter().find(|c| normalize_message(c.text.get_ref()) == key) {
                return Some(console.lang.get_ref().as_str());
            }
        }
        let letters: std::collections::BTreeSet<char> =
            key.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphabetic()).collect();
        if letters.is_empty() {
            return None;
        }
        let mut texts = Vec::new();
        crate::model::collect_texts(&self.doc, &mut texts);
        let languages = self.languages();
        let mut best: Option<(usize, &str)> = None;
        for lang in languages {
            let used: std::collections::BTreeSet<char> = texts
                .iter()
                .filter_map(|(_, t)| t.get(lang.as_str()))
                .flat_map(|t| t.chars().flat_map(char::to_lowercase))
                .filter(|c| letters.contains(c))
                .collect();
            if best.is_none_or(|(most, _)| used.len() > most) {
                best = Some((used.len(), lang.as_str()));
            }
        }
        best.filter(|(most, _)| *most > 0).map(|(_, lang)| lang)
    }

    /// Among `reasons` (which share a code, a model and a side), the one a message worded unlike
    /// any of their texts names by the words that tell it apart: each reason's distinguishing
    /// words are the words of its texts (messages in every language, console texts) that no
    /// other of `reasons` has, after [`normalize_message`]; the reason is picked only when the
    /// message holds distinguishing words of it and of no other. `Err` holds how many fit:
    /// none, or several (the message is then no help).
    pub fn told_apart_by_words<'r>(&self, text: &str, reasons: &[&'r Reason]) -> Result<&'r Reason, usize> {
        let message = words(&normalize_message(strip_code_suffix(text)));
        let word_sets: Vec<std::collections::BTreeSet<String>> = reasons
            .iter()
            .map(|reason| {
                let messages = reason.message.entries.iter().map(|(_, m)| m.get_ref().as_str());
                let texts = messages.chain(reason.console.iter().map(|c| c.text.get_ref().as_str()));
                texts.flat_map(|t| words(&normalize_message(t))).collect()
            })
            .collect();
        let fitting: Vec<usize> = (0..reasons.len())
            .filter(|&i| {
                let others: std::collections::BTreeSet<&String> =
                    word_sets.iter().enumerate().filter(|(j, _)| *j != i).flat_map(|(_, w)| w).collect();
                word_sets[i].iter().any(|w| !others.contains(w) && message.contains(w))
            })
            .collect();
        match fitting.as_slice() {
            [one] => Ok(reasons[*one]),
            several => Err(several.len()),
        }
    }

    /// Among `reasons`, the one whose message (in any language) or console text is closest to
    /// `text`, when it is close (at most one edit in [`CLOSE_ENOUGH`] characters) and closer than
    /// every other's: how a message worded a little differently still names its reason.
    pub fn closest_reason<'r>(&self, text: &str, reasons: &[&'r Reason]) -> Option<&'r Reason> {
        let wanted = normalize_message(strip_code_suffix(text));
        if wanted.is_empty() || wanted.chars().count() > CLOSEST_MAX_CHARS {
            return None;
        }
        let mut scored: Vec<(usize, &Reason)> = reasons
            .iter()
            .map(|&reason| {
                let messages = reason.message.entries.iter().map(|(_, m)| m.get_ref().as_str());
                let texts = messages.chain(reason.console.iter().map(|c| c.text.get_ref().as_str()));
                let best = texts
                    .map(normalize_message)
                    .filter(|t| t.chars().count() <= CLOSEST_MAX_CHARS)
                    .map(|t| {
                        let d = crate::suggest::distance(&wanted, &t);
                        let longest = wanted.chars().count().max(t.chars().count());
                        (d, d * CLOSE_ENOUGH <= longest)
                    })
                    .filter(|&(_, close)| close)
                    .map(|(d, _)| d)
                    .min();
                (best.unwrap_or(usize::MAX), reason)
            })
            .filter(|&(d, _)| d != usize::MAX)
            .collect();
        scored.sort_by_key(|&(d, _)| d);
        match scored.as_slice() {
            [(_, only)] => Some(only),
            [(first, reason), (second, _), ..] if first < second => Some(reason),
            _ => None,
        }
    }

    /// Every distinct code, in numeric order.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.doc.reasons.iter().flat_map(Reason::codes).map(|c| c.as_str()).collect();
        codes.sort_by_key(|c| (c.len(), *c));
        codes.dedup();
        codes
    }
}

/// A message reduced for comparison, so that the same words written by another console or
/// another hand compare equal: compatibility forms folded (NFKC: full-width letters, digits and
/// brackets become ASCII), quotes of every kind dropped, brackets made one kind, white space
/// folded, trailing punctuation dropped, and letters in lower case.
pub fn normalize_message(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
    // Most texts are NFKC already, which a table lookup per character tells.
    if crate::normal::surely_nfkc(text) || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        fold(text.chars())
    } else {
        fold(text.nfkc())
    }
}

/// The words of a normalised text: runs of letters and digits of one script (a Latin word, a
/// run of kanji, of hiragana or of katakana), so that Japanese splits where its script changes
/// (機能 | が | 付 | いていない) and "with" is never part of "without".
fn words(text: &str) -> std::collections::BTreeSet<String> {
    #[derive(PartialEq, Clone, Copy)]
    enum Script {
        Latin,
        Han,
        Hiragana,
        Katakana,
        Other,
    }
    let script = |c: char| match c {
        '\u{3040}'..='\u{309F}' => Script::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => Script::Katakana,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' => Script::Han,
        c if c.is_alphanumeric() => Script::Latin,
        _ => Script::Other,
    };
    let mut out = std::collections::BTreeSet::new();
    let mut current = String::new();
    let mut kind = Script::Other;
    for c in text.chars() {
        let k = script(c);
        if k != kind && !current.is_empty() {
            out.insert(std::mem::take(&mut current));
        }
        kind = k;
        if k != Script::Other {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.insert(current);
    }
    out.retain(|w| !w.chars().all(|c| c.is_ascii_digit()));
    out
}

/// [`normalize_message`] after NFKC.
fn fold(chars: impl Iterator<Item = char>) -> String {
    let mut folded = String::new();
    let mut space = false;
    let chars = chars
        .filter(|c| !matches!(c, '「' | '」' | '『' | '』' | '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»'))
        .map(|c| match c {
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            c => c,
        })
        .flat_map(char::to_lowercase);
    // White space folded to one space between words, none at either end.
    for c in chars {
        if c.is_whitespace() {
            space = !folded.is_empty();
        } else {
            if space {
                folded.push(' ');
                space = false;
            }
            folded.push(c);
        }
    }
    let kept = folded.trim_end_matches(['。', '.', '!', '！', '?', '？', '、', ',', ' ']).len();
    folded.truncate(kept);
    folded
}

/// How far apart two texts may be, in edits per character of the longer, for the closer to be
/// taken for the same message written differently.
const CLOSE_ENOUGH: usize = 4;
/// Texts longer than this are not compared by edit distance (its cost grows with the square).
const CLOSEST_MAX_CHARS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    /// The reduction as first written: NFKC always, then words split and joined.
    fn normalize_as_written(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = text
            .nfkc()
            .filter(|c| !matches!(c, '「' | '」' | '『' | '』' | '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»'))
            .map(|c| match c {
                '【' | '〔' | '［' => '[',
                '】' | '〕' | '］' => ']',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect();
        let words = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        words.trim_end_matches(['。', '.', '!', '！', '?', '？', '、', ',', ' ']).to_string()
    }

    #[test]
    fn the_quick_reduction_is_the_reduction_as_written() {
        // Every string of up to three characters from an alphabet of what the reduction
        // touches: full-width and compatibility forms, quotes, brackets, spaces of two
        // widths, trailing punctuation, a combining mark and a precomposed letter.
        let alphabet: Vec<char> = "aAＡ１ｱ「」【】［\"'’ 　\t。.！?、,e\u{301}é①ﬁ".chars().collect();
        let mut checked = 0;
        let mut text = String::new();
        for a in 0..=alphabet.len() {
            for b in 0..=alphabet.len() {
                for c in 0..=alphabet.len() {
                    text.clear();
                    text.extend([a, b, c].iter().filter_map(|&i| alphabet.get(i)));
                    assert_eq!(normalize_message(&text), normalize_as_written(&text), "{text:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn messages_compare_without_quotes_and_spacing() {
        assert_eq!(normalize_message("「あ。」"), "あ");
        assert_eq!(normalize_message("  \"Access  denied.\" "), "access denied");
        // Full-width letters and brackets, other quotes, a trailing full stop of either width.
        assert_eq!(normalize_message("Ｃｏｎｎｅｃｔｉｏｎ from “EX.S” 【denied】．"), "connection from ex.s [denied]");
        assert_eq!(
            normalize_message("『IPアドレス制限』により接続が拒否されました"),
            "ipアドレス制限により接続が拒否されました"
        );
    }
}
