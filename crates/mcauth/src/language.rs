//! Which of the catalogue's languages to answer in: `--lang`, else the locale.

use catalogue::Catalogue;
use catalogue::suggest::did_you_mean;

use crate::error::Error;
use crate::messages::Said;

/// The language asked for with `--lang`, checked against the catalogue's languages.
pub fn chosen(catalogue: &Catalogue, asked: Option<&str>) -> Result<String, Error> {
    let languages: Vec<&str> = catalogue.languages().into_iter().map(|l| l.as_str()).collect();
    match asked {
        Some(lang) if languages.contains(&lang) => Ok(lang.to_string()),
        Some(lang) => {
            let problem = Said::new("unknown_language")
                .with("lang", catalogue::terminal::line(lang))
                .with("languages", languages.join(", "));
            let help =
                did_you_mean(lang, languages.iter().copied()).map(|l| Said::new("did_you_mean").with("value", l));
            Err(Error::Said { problem, help: help.into_iter().collect() })
        }
        None => Ok(from_locale(&languages, &locale())),
    }
}

/// The language of the tool's own messages before the run knows better: `--lang` as the
/// command line gives it (read before the command line is parsed, so that its help and errors
/// are in it too), else the locale's.
pub fn of_the_command_line(args: &[std::ffi::OsString]) -> String {
    let mut args = args.iter().filter_map(|a| a.to_str());
    let mut given = None;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            given = Some(value.to_string());
        } else if arg == "--lang" {
            given = args.next().map(str::to_string);
        }
    }
    given.unwrap_or_else(|| from_locale(&crate::messages::languages(), &locale()))
}

/// The locale as POSIX programs read it: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
fn locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default()
}

/// The locale's language (`ja_JP.UTF-8` → `ja`) when the catalogue has it; otherwise English
/// when it has English, the language most readers share; otherwise the source language.
fn from_locale(languages: &[&str], locale: &str) -> String {
    let wanted = locale.split(['_', '.', '@', '-']).next().unwrap_or_default().to_ascii_lowercase();
    let pick = languages
        .iter()
        .find(|&&l| l == wanted)
        .or_else(|| languages.iter().find(|&&l| l == "en"))
        .or_else(|| languages.first());
    pick.map(|l| l.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::from_locale;

    #[test]
    fn the_locale_picks_a_language_the_catalogue_has() {
        let langs = ["ja", "en"];
        assert_eq!(from_locale(&langs, "ja_JP.UTF-8"), "ja");
        assert_eq!(from_locale(&langs, "ja"), "ja");
        assert_eq!(from_locale(&langs, "en_GB.UTF-8"), "en");
        assert_eq!(from_locale(&langs, "C.UTF-8"), "en");
        assert_eq!(from_locale(&langs, ""), "en");
        assert_eq!(from_locale(&["en", "de"], "de_DE"), "de");
        assert_eq!(from_locale(&["fr", "de"], "C"), "fr");
    }
}
