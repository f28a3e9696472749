//! The command line in the reader's language: every help line of `mcauth --help` and of each
//! command, the help pages' own words, and the errors of a command line that cannot be read,
//! worded from `messages/help.toml` rather than from doc comments, so that they exist in every
//! language the tool speaks (`messages`).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::messages::{self, tell};

/// The command line read into `T`, or the exit status after help, the version, or an error
/// (all said, in the tool's language, before this returns).
pub fn parse<T: CommandFactory + FromArgMatches>(args: Vec<OsString>) -> Result<T, u8> {
    // The common case, a command line that reads, needs no words: it is parsed without
    // building the texts of every command and flag; help, the version and errors are then
    // said by the command with its texts.
    let plain = T::command().disable_help_subcommand(true).try_get_matches_from(args.clone());
    if let Ok(parsed) = plain.and_then(|matches| T::from_arg_matches(&matches)) {
        return Ok(parsed);
    }
    let mut command = command::<T>();
    let result = command.try_get_matches_from_mut(args).and_then(|matches| T::from_arg_matches(&matches));
    result.map_err(|error| {
        match error.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = error.print();
                return 0;
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = error.print();
                return 2;
            }
            _ => {}
        }
        eprintln!("{}", said(&error));
        2
    })
}

/// `T`'s command, every text in the tool's language.
pub fn command<T: CommandFactory>() -> Command {
    command_in::<T>(&messages::language())
}

/// `T`'s command, every text in `lang`.
fn command_in<T: CommandFactory>(lang: &str) -> Command {
    let command = T::command().disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(word("clap.version", lang))
            .help_heading(word("clap.options", lang)),
    );
    let name = command.get_name().to_string();
    localized(command, &name, lang)
}

/// The help of command `name` (`mcauth help annotate`), or of the whole tool, in the tool's
/// language.
pub fn help_of<T: CommandFactory>(name: Option<&str>) -> String {
    help_in::<T>(name, &messages::language())
}

fn help_in<T: CommandFactory>(name: Option<&str>, lang: &str) -> String {
    let mut command = command_in::<T>(lang);
    command.build();
    let found = match name {
        Some(name) => command.find_subcommand_mut(name),
        None => None,
    };
    // As `--help` shows it: the long form only where there is more to say.
    let render =
        |c: &mut Command| if c.get_long_about().is_some() { c.render_long_help() } else { c.render_help() }.to_string();
    match found {
        Some(sub) => render(sub),
        None => render(&mut command),
    }
}

/// A help text of the tool's: `key` in `lang`.
fn word(key: &'static str, lang: &str) -> &'static str {
    messages::text(key, lang).unwrap_or(key)
}

/// `command` (named `key` in help.toml) and its flags and subcommands, in `lang`.
fn localized(mut command: Command, key: &str, lang: &str) -> Command {
    let text = |suffix: &str| messages::text(&format!("{key}{suffix}"), lang).map(str::to_string);
    if let Some(about) = text("") {
        command = command.about(about);
    }
    if let Some(long) = text(".long") {
        command = command.long_about(long);
    }
    if let Some(after) = text(".after") {
        command = command.after_help(after);
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        word("clap.usage", lang)
    );
    command = command
        .help_template(template)
        .subcommand_help_heading(word("clap.commands", lang))
        .disable_help_flag(true)
        .disable_help_subcommand(true);
    // Every flag but the two this module makes itself.
    let ids: Vec<String> =
        command.get_arguments().map(|a| a.get_id().to_string()).filter(|id| id != "help" && id != "version").collect();
    for id in ids {
        let help = text(&format!(".{id}"));
        command = command.mut_arg(&id, |arg| localized_arg(arg, help, lang));
    }
    command = command.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(word("clap.help", lang))
            .help_heading(word("clap.options", lang)),
    );
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| localized(sub, &name, lang));
    }
    command
}

/// A flag with its help, its default and its values in `lang`, under the heading of its kind.
fn localized_arg(arg: Arg, help: Option<String>, lang: &str) -> Arg {
    let mut help = help.unwrap_or_default();
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    let values: Vec<String> = if arg.get_action().takes_values() {
        arg.get_value_parser()
            .possible_values()
            .map(|values| values.filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    if !values.is_empty() {
        help.push(' ');
        help.push_str(&messages::say("clap.values", lang, &[("values", &values.join(", "))]));
    }
    if !defaults.is_empty() {
        help.push(' ');
        help.push_str(&messages::say("clap.default", lang, &[("value", &defaults.join(","))]));
    }
    let heading = if arg.is_positional() { "clap.arguments" } else { "clap.options" };
    let takes_values = arg.get_action().takes_values();
    let arg = arg.help(help).help_heading(word(heading, lang));
    if takes_values { arg.hide_default_value(true).hide_possible_values(true) } else { arg }
}

/// A command line that cannot be read, said in the tool's language where the tool knows the
/// kind of error; clap's own words otherwise.
fn said(error: &clap::Error) -> String {
    let context = |kind: ContextKind| -> Option<String> {
        error
            .context()
            .find(|(k, _)| *k == kind)
            .map(|(_, value)| match value {
                ContextValue::String(s) => s.clone(),
                ContextValue::Strings(v) => v.join(", "),
                ContextValue::StyledStr(s) => s.to_string(),
                ContextValue::StyledStrs(v) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                ContextValue::Number(n) => n.to_string(),
                ContextValue::Bool(b) => b.to_string(),
                ContextValue::None => String::new(),
                _ => String::new(),
            })
            // A value the user typed, on one line.
            .map(|value| catalogue::terminal::line(&value).into_owned())
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let mut helps = Vec::new();
    let problem = match error.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(similar) = context(ContextKind::SuggestedArg) {
                helps.push(tell("clap.similar", &[("value", &similar)]));
            }
            tell("clap.unknown_argument", &[("arg", &arg)])
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(similar) = context(ContextKind::SuggestedSubcommand) {
                helps.push(tell("clap.similar", &[("value", &similar)]));
            }
            tell("clap.unknown_command", &[("value", &context(ContextKind::InvalidSubcommand).unwrap_or_default())])
        }
        ErrorKind::InvalidValue if value.is_empty() => tell("clap.missing_value", &[("arg", &arg)]),
        ErrorKind::InvalidValue => {
            if let Some(valid) = context(ContextKind::ValidValue) {
                helps.push(tell("clap.possible_values", &[("values", &valid)]));
            }
            tell("clap.invalid_value", &[("arg", &arg), ("value", &value)])
        }
        ErrorKind::ValueValidation => {
            let why = match std::error::Error::source(error) {
                Some(source) if source.is::<std::num::ParseIntError>() => tell("clap.not_a_number", &[]),
                Some(source) => catalogue::terminal::line(&source.to_string()).into_owned(),
                None => String::new(),
            };
            tell("clap.invalid_value_why", &[("arg", &arg), ("value", &value), ("why", &why)])
        }
        ErrorKind::MissingRequiredArgument => tell("clap.missing_arguments", &[("args", &arg)]),
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg).unwrap_or_default();
            tell("clap.conflict", &[("arg", &arg), ("other", &other)])
        }
        // clap's own words, whole, for the kinds this tool does not word.
        _ => return catalogue::terminal::text(error.render().to_string().trim_end()).into_owned(),
    };
    let mut out = tell("error", &[("message", &problem)]);
    for help in helps {
        out.push('\n');
        out.push_str(&tell("help_line", &[("text", &help)]));
    }
    if let Some(usage) = context(ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n\n{} {usage}", tell("clap.usage", &[])));
    }
    out.push_str(&format!("\n\n{}", tell("clap.try_help", &[])));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cli;

    /// The help keys of `command` and everything under it, named as `localized` looks them up.
    fn keys(command: &Command, key: &str, out: &mut Vec<String>) {
        out.push(key.to_string());
        for arg in command.get_arguments().filter(|a| a.get_id() != "help" && a.get_id() != "version") {
            out.push(format!("{key}.{}", arg.get_id()));
        }
        for sub in command.get_subcommands() {
            keys(sub, sub.get_name(), out);
        }
    }

    #[test]
    fn every_command_and_flag_has_its_help_and_no_help_is_left_over() {
        let command = Cli::command();
        let mut wanted = Vec::new();
        keys(&command, command.get_name(), &mut wanted);
        let file: toml::Table = toml::from_str(include_str!("../messages/help.toml")).expect("help.toml parses");
        for key in &wanted {
            assert!(file.contains_key(key), "messages/help.toml has no [\"{key}\"]");
        }
        for key in file.keys() {
            let used = wanted.contains(key)
                || key.starts_with("clap.")
                || key
                    .strip_suffix(".long")
                    .or_else(|| key.strip_suffix(".after"))
                    .is_some_and(|k| wanted.iter().any(|w| w == k));
            assert!(used, "messages/help.toml: [\"{key}\"] is no command or flag");
        }
    }

    #[test]
    fn the_help_is_in_the_tool_s_language() {
        for lang in messages::languages() {
            let help = help_in::<Cli>(Some("annotate"), lang);
            for key in ["annotate.in_place", "clap.usage", "clap.options", "clap.help"] {
                let text = messages::text(key, lang).expect(key);
                assert!(help.contains(text), "{lang}: the help of annotate holds {key}: {help}");
            }
        }
    }
}
