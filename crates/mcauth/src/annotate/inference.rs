//! The file's model, inferred from the start of the file: an access history is downloaded from
//! one model's console, and a code that only one model has says which.
//!
//! The scan reads raw bytes (UTF-8 or Shift_JIS alike): every `(digits)` or `（digits）` whose
//! codes the catalogue knows in one model only is evidence for that model, with its line.

use catalogue::Catalogue;
use catalogue::codes::code_list;

/// How much of the input is read ahead and scanned before the rows are annotated; the rest of
/// the file is checked row by row (see [`crate::annotate::Tally::contradicting`]).
pub const LOOKAHEAD: usize = 8 << 20;

/// A code that only one model has, where the file first shows it (or a header only one model's
/// console writes, quoted, on line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The model's key.
    pub model: String,
    /// The code, or the quoted header.
    pub code: String,
    /// The 1-based line of the file.
    pub line: usize,
}

/// The first piece of evidence for each model, in the order the file shows them.
pub fn scan(catalogue: &Catalogue, bytes: &[u8]) -> Vec<Evidence> {
    let mut found: Vec<Evidence> = Vec::new();
    let mut seen: std::collections::HashMap<&[u8], Option<usize>> = std::collections::HashMap::new();
    let mut line = 1;
    let mut counted = 0;
    for close in memchr::memchr3_iter(b')', 0x89, b'j', bytes) {
        // `)`, `）` in UTF-8 (EF BC 89) or in Shift_JIS (81 6A).
        let start = match bytes[close] {
            b')' => close,
            0x89 if close >= 2 && bytes[close - 2..close] == [0xEF, 0xBC] => close - 2,
            b'j' if close >= 1 && bytes[close - 1] == 0x81 => close - 1,
            _ => continue,
        };
        let digits = bytes[..start].iter().rev().take_while(|b| b.is_ascii_digit() || matches!(b, b',' | b' ')).count();
        let open = start - digits;
        let inner = &bytes[open..start];
        let opened = bytes[..open].ends_with(b"(")
            || bytes[..open].ends_with("（".as_bytes())
            || bytes[..open].ends_with(b"\x81\x69");
        if digits == 0 || !opened || !inner.iter().any(u8::is_ascii_digit) {
            continue;
        }
        let model = *seen.entry(inner).or_insert_with(|| only_model(catalogue, inner));
        let Some(model) = model else { continue };
        let key = catalogue.models()[model].key().to_string();
        if found.iter().any(|e| e.model == key) {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted..close]).count();
        counted = close;
        let code = code_list(&String::from_utf8_lossy(inner)).join(",");
        found.push(Evidence { model: key, code, line });
        if found.len() == catalogue.models().len() {
            break;
        }
    }
    found
}

/// The one model (its place in the catalogue) that has every code of a `(…)`, when only one has.
fn only_model(catalogue: &Catalogue, inner: &[u8]) -> Option<usize> {
    let codes = code_list(&String::from_utf8_lossy(inner));
    let models: Vec<usize> = catalogue
        .models()
        .iter()
        .enumerate()
        .filter(|(_, m)| codes.iter().all(|c| !catalogue.reasons_with_code(m.key().as_str(), c).is_empty()))
        .map(|(i, _)| i)
        .collect();
    match models.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        crate::builtin::load(None).unwrap()
    }

    /// A code that only `model` has.
    fn only_in(catalogue: &Catalogue, model: &str) -> String {
        catalogue
            .codes()
            .into_iter()
            .find(|c| catalogue.reasons_with_code_in_any_model(c).iter().all(|(m, _)| m.key() == model))
            .unwrap()
            .to_string()
    }

    #[test]
    fn a_code_of_one_model_is_evidence_with_its_line_in_either_encoding() {
        let catalogue = catalogue();
        let (first, second) = (catalogue.models()[0].key().to_string(), catalogue.models()[1].key().to_string());
        let (a, b) = (only_in(&catalogue, &first), only_in(&catalogue, &second));
        let text = format!("h\n1,x (110200)\n2,\"y\n({a})\"\n3,（{b}）\n4,({a})\n");
        let found = scan(&catalogue, text.as_bytes());
        assert_eq!(
            found,
            [
                Evidence { model: first.clone(), code: a.clone(), line: 4 },
                Evidence { model: second, code: b.clone(), line: 5 }
            ]
        );
        let text = format!("種別,理由\nビューア,「あ」（{a}）\n");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        assert_eq!(scan(&catalogue, &sjis), [Evidence { model: first, code: a, line: 2 }]);
        assert!(scan(&catalogue, b"h\n1,(110200)\n2,(12)\n3,x)\n").is_empty(), "shared or unknown codes say nothing");
    }
}
