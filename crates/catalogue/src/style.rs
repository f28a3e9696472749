//! Japanese style: what a technical writer's review (textlint's Japanese technical-writing
//! preset, and the catalogue's own conventions) would flag in a Japanese text we wrote. Every
//! translation starts from these texts, so a long or muddled sentence costs every language.
//!
//! Each rule reads one text and names the place in it (a byte range) where the problem is;
//! `lint.rs` decides which texts are ours to restyle (not the vendor's words, which are quoted
//! as written) and turns a finding into a warning.

use std::ops::Range;

use crate::checks::Check;

/// A sentence longer than this many characters (markup and link addresses not counted) is
/// hard to read and to translate (textlint's `sentence-length`, 100).
pub const MAX_SENTENCE: usize = 100;
/// More 読点 than this in one sentence (textlint's `max-ten`, 3).
pub const MAX_COMMAS: usize = 3;

/// One problem in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    /// Where in the text, in bytes.
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Does this language key name Japanese (`ja`, `ja-JP`)? The rules are Japanese rules.
pub fn is_japanese(lang: &str) -> bool {
    lang == "ja" || lang.starts_with("ja-")
}

/// Every style problem of a Japanese text.
pub fn findings(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let sentences = sentences(text);
    for sentence in &sentences {
        let body = &text[sentence.clone()];
        let length = visible_length(body);
        if length > MAX_SENTENCE {
            out.push(Finding {
                check: Check::LongSentence,
                range: sentence.clone(),
                message: format!("a sentence of {length} characters (at most {MAX_SENTENCE})"),
                help: "split it into two sentences, or move a condition into a sentence of its own".into(),
            });
        }
        let commas = body.matches('、').count();
        if commas > MAX_COMMAS {
            out.push(Finding {
                check: Check::ManyCommas,
                range: sentence.clone(),
                message: format!("{commas} 読点 (、) in one sentence (at most {MAX_COMMAS})"),
                help: "split the sentence, or make the items a list".into(),
            });
        }
        if let Some(found) = repeated_particle(body) {
            out.push(Finding {
                check: Check::DoubledParticle,
                range: sentence.start + found.start..sentence.start + found.end,
                message: format!("the particle 「{}」 twice in one sentence", &body[found]),
                help: "reword so that each clause has its own subject or object, or split the sentence".into(),
            });
        }
    }
    if let Some((polite, plain)) = mixed_style(text, &sentences) {
        out.push(Finding {
            check: Check::MixedStyle,
            range: plain.clone(),
            message: format!(
                "です・ます and である in one text: 「{}」 and 「{}」",
                tail(&text[polite]),
                tail(&text[plain])
            ),
            help: "write every sentence in です・ます, as the catalogue's other texts are".into(),
        });
    }
    if let Some(at) = text.char_indices().find(|(_, c)| ('\u{FF61}'..='\u{FF9F}').contains(c)) {
        out.push(Finding {
            check: Check::HalfWidthKana,
            range: at.0..at.0 + at.1.len_utf8(),
            message: format!("half-width katakana 「{}」", at.1),
            help: "type it in full-width katakana (an input method's ordinary form)".into(),
        });
    }
    if let Some(range) = doubled_mark(text) {
        out.push(Finding {
            check: Check::DoubledParticle,
            message: format!("「{}」: the same mark or particle twice in a row", &text[range.clone()]),
            range,
            help: "delete one of them".into(),
        });
    }
    out.extend(punctuation(text));
    if let Some(at) = text.trim_start().find('※').filter(|&at| at > 0) {
        let at = at + (text.len() - text.trim_start().len());
        out.push(Finding {
            check: Check::NoteMark,
            range: at..at + '※'.len_utf8(),
            message: "a ※ note inside a text".into(),
            help: "start a text of its own with ※ (a note of its own in the list), or drop the ※".into(),
        });
    }
    out
}

/// The sentences of a text: ending at 。！？ or a line break, but not inside brackets or
/// quotes (「…。」と表示されます。 is one sentence).
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '「' | '『' | '（' | '(' | '“' | '[' => depth += 1,
            '」' | '』' | '）' | ')' | '”' | ']' => depth = depth.saturating_sub(1),
            '。' | '！' | '？' if depth == 0 => {
                out.push(start..at + c.len_utf8());
                start = at + c.len_utf8();
            }
            '\n' => {
                out.push(start..at);
                start = at + 1;
                depth = 0;
            }
            _ => {}
        }
    }
    out.push(start..text.len());
    out.into_iter()
        .map(|r| {
            let body = &text[r.clone()];
            let lead = body.len() - body.trim_start().len();
            r.start + lead..r.start + body.trim_end().len().max(lead)
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// A sentence's length as a reader sees it: link addresses, code marks and emphasis marks not
/// counted.
fn visible_length(sentence: &str) -> usize {
    let mut count = 0;
    let mut rest = sentence;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("](") {
            // A link's address, up to its closing parenthesis.
            let close = rest.find(')').map_or(rest.len(), |at| at + 1);
            rest = &rest[close..];
            count += 1;
            continue;
        }
        if !matches!(c, '*' | '_' | '`' | '[') {
            count += 1;
        }
        rest = &rest[c.len_utf8()..];
    }
    count
}

/// Is `c` part of a word a particle can follow: kanji, katakana, a letter or digit, or a
/// closing bracket (「ユーザ」を)? After hiragana, を and が are usually part of a word.
fn ends_a_word(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{30A0}'..='\u{30FF}' | '」' | '』' | ')' | '）' | ']')
        || c.is_ascii_alphanumeric()
}

/// Particles whose doubling textlint's `no-doubled-joshi` reports (の and を are its
/// exceptions: 既存のコードの利用, オブジェクトを返す関数を公開した read well; they still join
/// a run such as での).
const PARTICLES: &[char] = &['は', 'が', 'に', 'で', 'と', 'も', 'へ', 'や', 'か'];
/// Compound particles, one token each (として is not と).
const COMPOUNDS: &[&str] = &["として", "について", "において", "によって", "による", "にとって", "に対して"];

/// The second of two equal particles with no other particle, 読点 or bracket between them in
/// one sentence (私は彼は好き), as textlint's `no-doubled-joshi` with `min_interval: 1` (the
/// Japanese technical-writing preset) reports it. Without a dictionary, a particle is told
/// from a word's kana by what surrounds it: it follows a kanji, katakana, letter, digit or
/// closing bracket (ユーザは, 「…」が), and is not the start of です, できる or the kana of
/// 分かる; a run (には, での) or a compound (として) is one token; the connective て, which
/// textlint lets repeat, separates tokens as a particle does.
fn repeated_particle(sentence: &str) -> Option<Range<usize>> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let rest = |n: usize| chars.get(n).map_or("", |&(at, _)| &sentence[at..]);
    let mut last: Option<&str> = None;
    let mut n = 0;
    while n < chars.len() {
        let (at, c) = chars[n];
        let previous = n.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(n + 1).map(|&(_, c)| c);
        let not_a_particle = (c == 'で' && matches!(next, Some('す' | 'し' | 'き')))
            || (c == 'か' && matches!(next, Some('ら' | 'り' | 'る' | 'れ' | 'ろ' | 'っ' | 'め')));
        if matches!(c, '、' | '，' | '「' | '」' | '『' | '』' | '（' | '）' | '(' | ')' | '“' | '”' | 'て')
        {
            last = None;
        } else if (PARTICLES.contains(&c) || matches!(c, 'の' | 'を'))
            && !not_a_particle
            && previous.is_some_and(ends_a_word)
        {
            let token = match COMPOUNDS.iter().find(|compound| rest(n).starts_with(**compound)) {
                Some(compound) => &sentence[at..at + compound.len()],
                None => {
                    let mut end = n + 1;
                    while end < chars.len()
                        && end - n < 2
                        && (PARTICLES.contains(&chars[end].1) || matches!(chars[end].1, 'の' | 'を'))
                    {
                        end += 1;
                    }
                    let stop = chars.get(end).map_or(sentence.len(), |&(at, _)| at);
                    &sentence[at..stop]
                }
            };
            if last == Some(token) && !matches!(token, "の" | "を") {
                return Some(at..at + token.len());
            }
            last = Some(token);
            n += token.chars().count();
            continue;
        }
        n += 1;
    }
    None
}

/// 。。, 、、 or a particle typed twice after a word (端末をを).
fn doubled_mark(text: &str) -> Option<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for window in chars.windows(3) {
        let [(_, before), (at, first), (_, second)] = [window[0], window[1], window[2]];
        let doubled_mark = first == second && matches!(first, '。' | '、');
        let doubled_particle =
            first == second && matches!(first, 'を' | 'が' | 'に' | 'は' | 'で' | 'へ') && ends_a_word(before);
        if doubled_mark || doubled_particle {
            return Some(at..at + first.len_utf8() * 2);
        }
    }
    if let [(at, first), (_, second), ..] = chars.as_slice()
        && first == second
        && matches!(first, '。' | '、')
    {
        return Some(*at..at + first.len_utf8() * 2);
    }
    None
}

/// A sentence's last words, for a message: up to six characters before its end mark.
fn tail(sentence: &str) -> String {
    let trimmed = sentence.trim_end_matches(['。', '！', '？', '」', '）', ')']);
    let chars: Vec<char> = trimmed.chars().collect();
    chars[chars.len().saturating_sub(6)..].iter().collect()
}

/// A sentence in です・ます and one in である in the same text: (the polite one, the plain one).
fn mixed_style(text: &str, sentences: &[Range<usize>]) -> Option<(Range<usize>, Range<usize>)> {
    let mut polite = None;
    let mut plain = None;
    for sentence in sentences {
        let end = text[sentence.clone()].trim_end_matches(['。', '！', '？', '」', '）', ')', '*', ' ']);
        if ["です", "ます", "ました", "ません", "でした", "ましょう", "ください"].iter().any(|e| end.ends_with(e))
        {
            polite.get_or_insert(sentence.clone());
        } else if ["である", "であった", "であろう", "ではない", "だ", "だった"].iter().any(|e| end.ends_with(e))
        {
            plain.get_or_insert(sentence.clone());
        }
    }
    Some((polite?, plain?))
}

/// ASCII punctuation right after Japanese, where the catalogue writes it full-width (、。：！？);
/// and full-width parentheses around a number, which the vendor writes half-width ((110200)).
fn punctuation(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut in_code = false;
    for (n, &(at, c)) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let before = n.checked_sub(1).map(|b| chars[b].1);
        let after = chars.get(n + 1).map(|&(_, c)| c);
        let japanese_before = before.is_some_and(is_japanese_char);
        let wanted = match c {
            ',' => Some('、'),
            // "Ver.1" and "1.5": a full stop before a letter or digit is not one.
            '.' if !after.is_some_and(|a| a.is_ascii_alphanumeric()) => Some('。'),
            ':' => Some('：'),
            '!' => Some('！'),
            '?' => Some('？'),
            ';' => Some('；'),
            _ => None,
        };
        if let Some(wanted) = wanted.filter(|_| japanese_before) {
            out.push(Finding {
                check: Check::AsciiPunctuation,
                range: at..at + 1,
                message: format!("ASCII 「{c}」 after Japanese"),
                help: format!("write 「{wanted}」, as the catalogue's Japanese does"),
            });
            break;
        }
        if c == '（' {
            let digits: String = chars[n + 1..]
                .iter()
                .map(|&(_, c)| c)
                .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
                .collect();
            let close = chars.get(n + 1 + digits.chars().count()).map(|&(_, c)| c);
            if !digits.is_empty() && close == Some('）') {
                out.push(Finding {
                    check: Check::AsciiPunctuation,
                    range: at..at + c.len_utf8(),
                    message: format!("full-width parentheses around the number {digits}"),
                    help: "write the code in half-width parentheses, as the vendor's messages do: (110200)".into(),
                });
                break;
            }
        }
    }
    out
}

/// Hiragana, katakana, kanji, the long vowel mark, or a Japanese closing bracket.
fn is_japanese_char(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '」' | '』' | '）')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks(text: &str) -> Vec<Check> {
        findings(text).into_iter().map(|f| f.check).collect()
    }

    #[test]
    fn a_plain_polite_text_has_nothing() {
        assert_eq!(checks("手元端末のビューアアプリで、正しいパスワードを入力し直して接続します。"), []);
        assert_eq!(checks("「同じユーザ名でMCビューアを複数接続しようとしています。」と表示されます。"), []);
        assert_eq!(checks("理由コード(110200)を確認します。"), []);
        assert_eq!(checks("※ 対処方法は下記のとおりです。"), []);
    }

    #[test]
    fn each_rule_fires_where_the_problem_is() {
        let long = format!("{}。", "あ".repeat(MAX_SENTENCE + 1));
        assert_eq!(checks(&long), [Check::LongSentence]);
        assert_eq!(checks(&format!("{}。", "あ".repeat(MAX_SENTENCE - 1))), []);
        assert_eq!(checks("端末、設定、項目、保存先、履歴を確認します。"), [Check::ManyCommas]);
        assert_eq!(checks("ユーザは端末は選べます。"), [Check::DoubledParticle]);
        assert_eq!(checks("右がiPhone、左がAndroidです。"), []);
        assert_eq!(checks("オブジェクトを返す関数を公開します。"), []);
        // です and できる are no particle で; 分かる no particle か; として no と; て separates.
        assert_eq!(checks("ビューアアプリで接続する側の端末です。"), []);
        assert_eq!(checks("発生箇所で区別できません。"), []);
        assert_eq!(checks("アカウントか分からない場合です。"), []);
        assert_eq!(checks("431と433を証明書の問題として扱っています。"), []);
        assert_eq!(checks("プログラムが送信しているパスワードが正しいか確認します。"), []);
        assert_eq!(checks("最初にログインした端末に結び付けられます。"), [Check::DoubledParticle]);
        // の is a particle between two others, as in textlint.
        assert_eq!(checks("画面とCSVの列名と順序です。"), []);
        assert_eq!(checks("接続します。これは設定である。"), [Check::MixedStyle]);
        assert_eq!(checks("ｱｶｳﾝﾄを確認します。"), [Check::HalfWidthKana]);
        let doubled = findings("端末をを確認します。");
        assert_eq!(doubled.iter().map(|f| f.check).collect::<Vec<_>>(), [Check::DoubledParticle]);
        assert_eq!(&"端末をを確認します。"[doubled[0].range.clone()], "をを");
        assert_eq!(checks("確認します。。"), [Check::DoubledParticle]);
        assert_eq!(checks("設定を確認し,保存します。"), [Check::AsciiPunctuation]);
        assert_eq!(checks("理由コード（110200）を確認します。"), [Check::AsciiPunctuation]);
        let note = findings("確認します。※ 例外があります。");
        assert_eq!(note.iter().map(|f| f.check).collect::<Vec<_>>(), [Check::NoteMark]);
        assert_eq!(note[0].range.start, "確認します。".len());
    }

    #[test]
    fn words_that_look_like_rules_do_not_fire() {
        // を after hiragana inside a quote, a version number, an address, code.
        assert_eq!(checks("Ver.1.5 を使います。"), []);
        assert_eq!(checks("[設定](https://example.org/a.b?c=d) を開きます。"), []);
        assert_eq!(checks("`a:b` を入力します。"), []);
        assert_eq!(checks("「ユーザがログインできない」が表示されます。"), []);
        // A link's address does not count towards a sentence's length.
        let linked = format!("[設定](https://example.org/{}) を開きます。", "a".repeat(200));
        assert_eq!(checks(&linked), []);
    }
}
