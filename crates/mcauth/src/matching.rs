//! Finding reasons: by code or codes (optionally in one model), or by message text, as both
//! `explain` and `annotate` need it.

use catalogue::codes::{code_list, code_suffix, strip_code_suffix};
use catalogue::suggest::distance;
use catalogue::{Catalogue, Keyed, Model, ModelKey, Reason};

use crate::messages::Said;

/// What the user typed: a code or a list of codes, or a message (perhaps ending in codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    Codes(Vec<String>),
    Text(String),
}

impl Query {
    /// `110200`, `(170400,180200)` and `170400 180200` are codes, in ASCII or full-width
    /// digits (as a Japanese input method types them); anything else is text.
    pub fn parse(input: &str) -> Query {
        let folded: String = input
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '　' => ' ',
                other => other,
            })
            .collect();
        let trimmed = folded.trim().trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
        let is_code_list = !trimmed.is_empty()
            && trimmed.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '，' | '、' | ' '))
            && trimmed.chars().any(|c| c.is_ascii_digit());
        if is_code_list { Query::Codes(code_list(trimmed)) } else { Query::Text(input.trim().to_string()) }
    }
}

/// How the reasons were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// By the code or codes given.
    Code,
    /// By the message text.
    Message,
    /// The message was not recognised, so by the code at its end.
    CodeAfterMessage,
}

/// Reasons found, grouped by model in the catalogue's order of models.
#[derive(Debug)]
pub struct Found<'a> {
    pub how: How,
    pub groups: Vec<(&'a Keyed<ModelKey, Model>, Vec<&'a Reason>)>,
}

impl Found<'_> {
    pub fn count(&self) -> usize {
        self.groups.iter().map(|(_, reasons)| reasons.len()).sum()
    }
}

/// Why nothing was found, with what the user may have meant.
#[derive(Debug, PartialEq, Eq)]
pub struct NotFound {
    /// What was not found, and where else it is (`model legacy has it`).
    pub problem: Said,
    pub elsewhere: Option<Said>,
    pub suggestions: Vec<String>,
}

/// Every reason the query matches, restricted to `model` when given.
pub fn find<'a>(catalogue: &'a Catalogue, query: &Query, model: Option<&str>) -> Result<Found<'a>, NotFound> {
    let in_model = |reason: &&Reason| model.is_none_or(|m| reason.model() == m);
    let (how, reasons) = match query {
        Query::Codes(codes) => (How::Code, with_codes(catalogue, codes, model)),
        Query::Text(text) => {
            let by_message: Vec<&Reason> = catalogue.reasons_with_message(text).into_iter().filter(in_model).collect();
            let codes: Vec<String> = code_suffix(text);
            if !by_message.is_empty() {
                // The code at the end, if any, must agree with the message.
                let agreeing: Vec<&Reason> =
                    by_message.iter().copied().filter(|r| codes.iter().all(|c| r.codes().any(|rc| rc == c))).collect();
                (How::Message, if agreeing.is_empty() { by_message } else { agreeing })
            } else {
                (How::CodeAfterMessage, with_codes(catalogue, &codes, model))
            }
        }
    };
    if reasons.is_empty() {
        return Err(not_found(catalogue, query, model));
    }
    Ok(Found { how, groups: group_by_model(catalogue, reasons) })
}

/// The reasons that carry every one of `codes`; if none does, those that carry any of them.
pub fn with_codes<'a>(catalogue: &'a Catalogue, codes: &[String], model: Option<&str>) -> Vec<&'a Reason> {
    if codes.is_empty() {
        return Vec::new();
    }
    let carries = |reason: &Reason, code: &String| reason.codes().any(|c| c == code.as_str());
    let candidates = || catalogue.reasons().iter().filter(|r| model.is_none_or(|m| r.model() == m));
    let all: Vec<&Reason> = candidates().filter(|r| codes.iter().all(|c| carries(r, c))).collect();
    if !all.is_empty() {
        return all;
    }
    candidates().filter(|r| codes.iter().any(|c| carries(r, c))).collect()
}

/// Reasons grouped by model, models and reasons in the catalogue's order.
pub fn group_by_model<'a>(
    catalogue: &'a Catalogue,
    reasons: Vec<&'a Reason>,
) -> Vec<(&'a Keyed<ModelKey, Model>, Vec<&'a Reason>)> {
    catalogue
        .models()
        .iter()
        .map(|model| (model, reasons.iter().copied().filter(|r| r.model() == model.key()).collect::<Vec<_>>()))
        .filter(|(_, reasons)| !reasons.is_empty())
        .collect()
}

fn not_found(catalogue: &Catalogue, query: &Query, model: Option<&str>) -> NotFound {
    let in_model = |reason: &&Reason| model.is_none_or(|m| reason.model() == m);
    match query {
        Query::Codes(codes) => {
            let known: Vec<&str> = catalogue
                .codes()
                .into_iter()
                .filter(|code| model.is_none_or(|m| !catalogue.reasons_with_code(m, code).is_empty()))
                .collect();
            let first = codes.first().map(String::as_str).unwrap_or_default();
            let elsewhere: Vec<&str> = match model {
                Some(_) => group_by_model(catalogue, with_codes(catalogue, codes, None))
                    .iter()
                    .map(|(m, _)| m.key().as_str())
                    .collect(),
                None => Vec::new(),
            };
            let elsewhere = match elsewhere.as_slice() {
                [] => None,
                models => Some(
                    Said::new("model_has_it")
                        .with("models", models.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
                ),
            };
            let problem = match model {
                Some(m) => Said::new("no_reason_code_in_model").with("model", m),
                None => Said::new("no_reason_code"),
            };
            NotFound {
                problem: problem.with("codes", codes.join(", ")),
                elsewhere,
                suggestions: nearest_codes(first, &known, 3).into_iter().map(str::to_string).collect(),
            }
        }
        Query::Text(text) => {
            let wanted = strip_code_suffix(text);
            let mut scored: Vec<(usize, String)> = catalogue
                .reasons()
                .iter()
                .filter(in_model)
                .flat_map(|r| {
                    let messages = r.message.entries.iter().map(|(_, m)| m.get_ref().clone());
                    messages.chain(r.console.iter().map(|c| c.text.get_ref().clone()))
                })
                .map(|m| (distance(wanted, &m), m))
                .filter(|(d, m)| *d <= m.chars().count().max(wanted.chars().count()) / 3)
                .collect();
            scored.sort();
            scored.dedup();
            let problem = match model {
                Some(m) => Said::new("no_reason_message_in_model").with("model", m),
                None => Said::new("no_reason_message"),
            };
            NotFound {
                problem: problem.with("message", crate::terminal::shown(wanted)),
                elsewhere: None,
                suggestions: scored.into_iter().take(3).map(|(_, m)| m).collect(),
            }
        }
    }
}

/// The known codes closest to `code`: fewest differing digits first, then numerically nearest.
pub fn nearest_codes<'a>(code: &str, known: &[&'a str], limit: usize) -> Vec<&'a str> {
    let number = |c: &str| c.parse::<u64>().unwrap_or(u64::MAX);
    let mut ranked: Vec<&str> = known.to_vec();
    ranked.sort_by_key(|c| (distance(code, c), number(c).abs_diff(number(code))));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_texts_are_told_apart() {
        assert_eq!(Query::parse("110200"), Query::Codes(vec!["110200".into()]));
        assert_eq!(Query::parse("(170400,180200)"), Query::Codes(vec!["170400".into(), "180200".into()]));
        assert_eq!(Query::parse(" 0110200 "), Query::Codes(vec!["110200".into()]));
        assert_eq!(Query::parse("（１１０２００）"), Query::Codes(vec!["110200".into()]));
        assert_eq!(Query::parse("１７０４００、１８０２００"), Query::Codes(vec!["170400".into(), "180200".into()]));
        assert_eq!(Query::parse("パスワード(1)"), Query::Text("パスワード(1)".into()));
        assert_eq!(Query::parse("()"), Query::Text("()".into()));
    }

    #[test]
    fn nearest_codes_prefer_one_digit_off() {
        let known = ["110200", "110300", "60100", "999999"];
        assert_eq!(nearest_codes("110201", &known, 2), vec!["110200", "110300"]);
    }
}
