//! Provenance proved against the sources themselves: every text a page shows as a source's
//! words is looked for in the catalogue's committed copy of that source (`[sources.*] copy`).
//!
//! A text of content without a `source` is the transcribed page's (`[catalogue] source`), so
//! it is looked for there too; a text marked `source = "ours"` is not looked for anywhere. The
//! comparison sets aside what cannot change the words: CommonMark markup, Unicode compatibility
//! forms (NFKC), every space and line break, and the corrections a source declares (the page
//! writes `found` where `written` is meant). A text that is not found is an error (C038) at its
//! string, with the closest passage of the copy, where it is, and a diff; a text whose source
//! has no copy, or only an excerpt that lacks it, cannot be verified and is counted.

use std::collections::BTreeMap;
use std::path::Path;

use catalogue::{Catalogue, Check, Diagnostic, Source, SourceFile, SourceKey};
use unicode_normalization::UnicodeNormalization;

/// What the provenance check found besides its problems.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Texts found in their source's copy.
    pub found: usize,
    /// Per source key, the texts that could not be verified and why.
    pub unverifiable: BTreeMap<String, Unverifiable>,
}

/// Why a source's texts could not be verified, and how many.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unverifiable {
    /// Texts of a source the catalogue has no copy of.
    pub no_copy: usize,
    /// Texts an excerpt of the source does not hold.
    pub not_in_excerpt: usize,
}

impl Summary {
    /// One line for `check`'s output: how many texts were found, and which were unverifiable.
    pub fn line(&self) -> String {
        let mut line = format!("provenance: {} text{} found in the sources' copies", self.found, plural(self.found));
        let parts: Vec<String> = self
            .unverifiable
            .iter()
            .map(|(key, u)| {
                let mut why = Vec::new();
                if u.no_copy > 0 {
                    why.push(format!("{} with no copy of the source", u.no_copy));
                }
                if u.not_in_excerpt > 0 {
                    why.push(format!("{} not in its excerpt", u.not_in_excerpt));
                }
                format!("{key}: {}", why.join(", "))
            })
            .collect();
        if !parts.is_empty() {
            let total: usize = self.unverifiable.values().map(|u| u.no_copy + u.not_in_excerpt).sum();
            line.push_str(&format!("; {total} unverifiable ({})", parts.join("; ")));
        }
        line
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A source's copy, normalised for comparison, with where each character came from.
struct Copy {
    /// The copy as read, for showing passages.
    file: SourceFile,
    /// The normalised characters.
    chars: Vec<char>,
    /// The same as a string, for finding.
    text: String,
    /// Per normalised character, its byte offset in the copy as read.
    offsets: Vec<usize>,
    excerpt: bool,
}

/// Checks every text shown as a source's words against the copies the catalogue declares,
/// which are read relative to the catalogue file `catalogue_path`; `shown_dir` is how that
/// file's folder is named in diagnostics.
pub fn verify(catalogue: &Catalogue, catalogue_path: &Path, shown_dir: &Path) -> (Vec<Diagnostic>, Summary) {
    let mut diagnostics = Vec::new();
    let base = catalogue_path.parent().unwrap_or(Path::new("."));
    let mut copies: BTreeMap<&str, Copy> = BTreeMap::new();
    for entry in catalogue.sources() {
        let Some(copy) = &entry.value.copy else { continue };
        let relative = Path::new(copy.get_ref());
        let refused = relative.is_absolute() || relative.components().any(|c| c == std::path::Component::ParentDir);
        if refused {
            diagnostics.push(
                Diagnostic::new(
                    catalogue.source(),
                    Check::Io,
                    copy.span(),
                    format!("the copy of source `{}` must be a path inside the catalogue's folder", entry.key()),
                )
                .with_help("write a relative path without `..`, such as \"sources/page.txt\""),
            );
            continue;
        }
        match read_copy(&base.join(relative), &shown_dir.join(relative), &entry.value) {
            Ok(read) => {
                copies.insert(entry.key().as_str(), read);
            }
            Err(message) => diagnostics.push(
                Diagnostic::new(catalogue.source(), Check::Io, copy.span(), message)
                    .with_help("commit our copy of the source at that path, relative to the catalogue file"),
            ),
        }
    }
    let mut summary = Summary::default();
    let primary = catalogue.primary_source().map(SourceKey::as_str);
    let mut texts = Vec::new();
    catalogue::collect_texts(catalogue.document(), &mut texts);
    for (path, text) in texts {
        if !path.is_content() {
            continue;
        }
        let Some(key) = text.source.as_ref().map(|s| s.get_ref().as_str()).or(primary) else { continue };
        if key == SourceKey::OURS {
            continue;
        }
        let Some(source) = catalogue.source_of(&catalogue::SourceKey::from(key)) else { continue };
        let Some(lang) = source.lang.as_ref().map(|l| l.get_ref().as_str()) else {
            summary.unverifiable.entry(key.to_string()).or_default().no_copy += 1;
            continue;
        };
        let Some(value) = text.entry(lang) else { continue };
        let Some(copy) = copies.get(key) else {
            if source.copy.is_none() {
                summary.unverifiable.entry(key.to_string()).or_default().no_copy += 1;
            }
            continue;
        };
        let wanted: Vec<char> = normalise(&catalogue::markup::plain(value.get_ref())).map(|(c, _)| c).collect();
        let wanted_text: String = wanted.iter().collect();
        if wanted.is_empty() || copy.text.contains(&wanted_text) {
            summary.found += 1;
        } else if copy.excerpt {
            summary.unverifiable.entry(key.to_string()).or_default().not_in_excerpt += 1;
        } else {
            let shown_as = if text.source.is_some() { "marked as coming from" } else { "unmarked, so shown as" };
            let title = source.title.tr(lang);
            let mut diagnostic = Diagnostic::new(
                catalogue.source(),
                Check::NotInSource,
                value.span(),
                format!(
                    "`{path}` ({lang}) is {shown_as} source `{key}`, but our copy of it ({}) does not have these words",
                    copy.file.path().display()
                ),
            )
            .with_help(format!(
                "quote “{title}” word for word (markup and spaces aside), declare a slip of it under `corrections`, \
                 or mark the text `source = \"ours\"`"
            ));
            if let Some(detail) = closest(copy, &wanted) {
                diagnostic = diagnostic.with_detail(detail);
            }
            diagnostics.push(diagnostic);
        }
    }
    (diagnostics, summary)
}

/// Reads a source's copy and normalises it, corrections applied.
fn read_copy(path: &Path, shown: &Path, source: &Source) -> Result<Copy, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the copy {}: {e}", shown.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "the copy {} is not UTF-8 (byte {} is not): save it as UTF-8",
            shown.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let corrections: Vec<(&str, &str)> =
        source.corrections.iter().map(|c| (c.found.get_ref().as_str(), c.written.get_ref().as_str())).collect();
    let mut corrected = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some((found, written)) =
            corrections.iter().find(|(found, _)| !found.is_empty() && rest.starts_with(found))
        {
            for c in written.chars() {
                corrected.push(c);
                origin.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
            at += found.len();
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        corrected.push(c);
        origin.extend(std::iter::repeat_n(at, c.len_utf8()));
        at += c.len_utf8();
    }
    let (chars, offsets): (Vec<char>, Vec<usize>) = normalise(&corrected).map(|(c, at)| (c, origin[at])).unzip();
    Ok(Copy {
        file: SourceFile::new(shown, text),
        text: chars.iter().collect(),
        chars,
        offsets,
        excerpt: source.excerpt,
    })
}

/// The characters of a text as compared, each with the byte offset of the character it came
/// from: NFKC, no whitespace.
fn normalise(text: &str) -> impl Iterator<Item = (char, usize)> + '_ {
    text.char_indices().flat_map(|(at, c)| {
        let mut one = [0u8; 4];
        let form: Vec<char> = c.encode_utf8(&mut one).nfkc().filter(|c| !c.is_whitespace()).collect();
        form.into_iter().map(move |c| (c, at))
    })
}

/// The passage of the copy closest to `wanted` (fewest edits, anywhere in the copy), where it
/// is, and a diff from it to `wanted`; `None` for an empty copy.
fn closest(copy: &Copy, wanted: &[char]) -> Option<String> {
    let (start, end) = best_passage(&copy.chars, wanted)?;
    let from = *copy.offsets.get(start)?;
    let to = copy.offsets.get(end).copied().unwrap_or(copy.file.text().len());
    let passage = copy.file.text()[from..to].trim();
    let position = copy.file.position(from);
    let found: String = copy.chars[start..end].iter().collect();
    let wanted: String = wanted.iter().collect();
    Some(format!(
        "closest passage, {}:{}:{}:\n  {}\ndiff (the copy → the catalogue, spaces aside):\n  {}",
        copy.file.path().display(),
        position.line,
        position.column,
        passage.replace('\n', "\n  "),
        inline_diff(&found, &wanted)
    ))
}

/// The start and end (in characters) of the passage of `haystack` with the fewest edits to
/// `needle`: approximate matching with a free start and end (Sellers), in O(n·m) time and
/// O(m) memory per row kept.
fn best_passage(haystack: &[char], needle: &[char]) -> Option<(usize, usize)> {
    if haystack.is_empty() || needle.is_empty() {
        return None;
    }
    let m = needle.len();
    // cost[j] and start[j]: the fewest edits of needle[..j] ending at the current position,
    // and where in the haystack that passage starts.
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut best = (cost[m], 0, 0);
    for (i, &h) in haystack.iter().enumerate() {
        let (mut diagonal, mut diagonal_start) = (cost[0], start[0]);
        cost[0] = 0;
        start[0] = i + 1;
        for j in 1..=m {
            let (above, above_start) = (cost[j], start[j]);
            let substitute = diagonal + usize::from(needle[j - 1] != h);
            let (mut value, mut from) = (substitute, diagonal_start);
            if above + 1 < value {
                (value, from) = (above + 1, above_start);
            }
            if cost[j - 1] + 1 < value {
                (value, from) = (cost[j - 1] + 1, start[j - 1]);
            }
            (diagonal, diagonal_start) = (above, above_start);
            cost[j] = value;
            start[j] = from;
        }
        // Of passages as close, the longest: it shows the most of what the copy says there.
        let longer = i + 1 - start[m] > best.2 - best.1;
        if cost[m] < best.0 || (cost[m] == best.0 && longer) {
            best = (cost[m], start[m], i + 1);
        }
    }
    Some((best.1, best.2))
}

/// A one-line diff: `[-removed-]` and `{+added+}` around what differs, by characters.
fn inline_diff(from: &str, to: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::configure().algorithm(similar::Algorithm::Myers).diff_chars(from, to);
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    let close = |out: &mut String, tag: Option<ChangeTag>| match tag {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            close(&mut out, open);
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(change.value());
    }
    close(&mut out, open);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn the_closest_passage_is_the_one_with_fewest_edits() {
        let haystack = chars("はじめに。許可されているグローバルIPアドレスのネットワークから接続します。終わり");
        let needle = chars("許可されたグローバルIPアドレスのネットワークから接続します。");
        let (start, end) = best_passage(&haystack, &needle).unwrap();
        let found: String = haystack[start..end].iter().collect();
        assert_eq!(found, "許可されているグローバルIPアドレスのネットワークから接続します。");
        // An exact passage is found exactly.
        let (start, end) = best_passage(&haystack, &chars("はじめに")).unwrap();
        assert_eq!((start, end), (0, 4));
        // Of passages as close, the one that shows the most: the whole sentence.
        let haystack = chars("一行目許可されている端末を使いません。");
        let (start, end) = best_passage(&haystack, &chars("許可されている端末を使用します。")).unwrap();
        assert_eq!(haystack[start..end].iter().collect::<String>(), "許可されている端末を使いません。");
    }

    #[test]
    fn whitespace_and_compatibility_forms_do_not_count() {
        let a: String = normalise("起動するか、 アカウント\n管理者 ＵＳＢ").map(|(c, _)| c).collect();
        assert_eq!(a, "起動するか、アカウント管理者USB");
    }

    #[test]
    fn the_diff_marks_what_was_removed_and_added() {
        assert_eq!(inline_diff("abcd", "abxd"), "ab[-c-]{+x+}d");
        assert_eq!(inline_diff("same", "same"), "same");
    }
}
