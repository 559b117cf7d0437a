//! clap's help in the user's language: every command's about, every argument's help
//! and the headings ("Cách dùng", "Tham số", "Tùy chọn", "Lệnh") come from
//! `i18n/*/cli.ftl`.
//!
//! At start-up the whole clap tree is built (so clap's own `--help`, `--version` and
//! `help` exist) and walked; each text is replaced by its message:
//!
//! - a command's about: `cmd-vanban`, `cmd-merge`, `cmd-help` (nested: `cmd-a-b`);
//! - an argument's help: `arg-merge-campaign` for one command's argument, else
//!   `arg-max-rows` for an argument several commands share (limits, `--help`,
//!   `--lang`); the argument's id with `_` written `-`;
//! - its heading: `heading-arguments` for a positional, `heading-options` for an
//!   option, `heading-limits` for one the code puts under the heading `Limits`;
//! - clap's "[default: …]" and "[possible values: …]": `help-default`, `help-values`.
//!
//! A test walks the tree in both languages and fails on any text with no message
//! and any message of `cli.ftl` the tree does not use, so a new command or argument
//! cannot reach a user in English by accident.
//!
//! The usage line is clap's, rendered once the arguments are localised, with its
//! `[OPTIONS]` and `<COMMAND>` words replaced (`usage-options`, `usage-command`);
//! each value's `<NAME>` is its `value-COMMAND-ID` or `value-ID` message.
//!
//! What stays clap's: its error messages (an unknown argument, a missing value).

use std::collections::BTreeSet;

use clap::Command;
use fluent_bundle::FluentValue;

use super::Messages;

/// `cmd` with every help text in the language of `messages`. Builds the tree first:
/// clap adds `--help`, `--version` and the `help` command only then.
pub fn localise(mut cmd: Command, messages: &Messages) -> Command {
    cmd.build();
    Localiser::new(messages).command(cmd, &[])
}

/// Looks messages up for one walk, keeping the keys it used and those it missed.
pub(crate) struct Localiser<'m> {
    messages: &'m Messages,
    /// Keys found.
    pub(crate) used: BTreeSet<String>,
    /// Texts with no message, as the keys they could have.
    pub(crate) missing: BTreeSet<String>,
}

impl<'m> Localiser<'m> {
    pub(crate) fn new(messages: &'m Messages) -> Localiser<'m> {
        Localiser {
            messages,
            used: BTreeSet::new(),
            missing: BTreeSet::new(),
        }
    }

    /// The first of `keys` that has a message.
    fn text(&mut self, keys: &[String], args: &[(&str, FluentValue<'_>)]) -> Option<String> {
        for key in keys {
            if let Some(text) = self.messages.try_text(key, args) {
                self.used.insert(key.clone());
                return Some(text);
            }
        }
        self.missing.insert(keys.join(" or "));
        None
    }

    fn one(&mut self, key: &str) -> Option<String> {
        self.text(&[key.to_string()], &[])
    }

    /// Localises `cmd`, reached through the commands `path` (empty for the root).
    pub(crate) fn command(&mut self, mut cmd: Command, path: &[&str]) -> Command {
        let name = cmd.get_name().to_string();
        let mut here: Vec<&str> = path.to_vec();
        here.push(&name);
        // The root is `cmd-vanban`; below it the name of the binary is left out.
        let id = if here.len() > 1 {
            here[1..].join("-")
        } else {
            name.clone()
        };
        if let Some(about) = self.one(&format!("cmd-{id}")) {
            cmd = cmd.about(about).long_about(None::<&str>);
        }
        let usage = self.one("heading-usage").unwrap_or_else(|| "Usage".into());
        cmd = cmd.help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage}: {{usage}}\n\n{{all-args}}{{after-help}}"
        ));
        if cmd.has_subcommands()
            && let Some(heading) = self.one("heading-commands")
        {
            cmd = cmd.subcommand_help_heading(heading);
        }
        cmd = cmd.mut_args(|arg| self.arg(arg, &id));
        let options = self
            .one("usage-options")
            .unwrap_or_else(|| "OPTIONS".into());
        let command = self
            .one("usage-command")
            .unwrap_or_else(|| "COMMAND".into());
        let line = cmd.render_usage().to_string();
        let line = line.split_once(": ").map_or(line.as_str(), |(_, l)| l);
        let line = line
            .replace("[OPTIONS]", &format!("[{options}]"))
            .replace("<COMMAND>", &format!("<{command}>"));
        cmd = cmd.override_usage(line);
        // clap's `help` command holds a copy of every command for completion only; it
        // never shows their texts.
        if name != "help" {
            for sub in cmd.get_subcommands_mut() {
                if sub.is_hide_set() {
                    continue;
                }
                *sub = self.command(std::mem::take(sub), &here);
            }
        }
        cmd
    }

    /// Localises one argument of the command `command`.
    fn arg(&mut self, mut arg: clap::Arg, command: &str) -> clap::Arg {
        if arg.is_hide_set() {
            return arg;
        }
        let id = arg.get_id().as_str().replace('_', "-");
        let Some(mut help) = self.text(&[format!("arg-{command}-{id}"), format!("arg-{id}")], &[])
        else {
            return arg;
        };
        let takes_values = arg.get_action().takes_values();
        if takes_values
            && let Some(name) = self.text(
                &[format!("value-{command}-{id}"), format!("value-{id}")],
                &[],
            )
        {
            arg = arg.value_name(name);
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
            if let Some(d) = self.text(
                &["help-default".to_string()],
                &[("value", defaults.join(", ").into())],
            ) {
                help = format!("{help} [{d}]");
            }
            arg = arg.hide_default_value(true);
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if takes_values && !values.is_empty() && !arg.is_hide_possible_values_set() {
            if let Some(v) = self.text(
                &["help-values".to_string()],
                &[("values", values.join(", ").into())],
            ) {
                help = format!("{help} [{v}]");
            }
            arg = arg.hide_possible_values(true);
        }
        let heading = match arg.get_help_heading() {
            Some(h) => format!("heading-{}", slug(h)),
            None if arg.is_positional() => "heading-arguments".to_string(),
            None => "heading-options".to_string(),
        };
        if let Some(h) = self.one(&heading) {
            arg = arg.help_heading(h);
        }
        arg.help(help).long_help(None::<&str>)
    }
}

/// A heading as the code writes it (`Limits`), as the end of its key (`limits`).
fn slug(heading: &str) -> String {
    heading
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::i18n::{Lang, file_keys};

    /// Every command and argument has its text in both languages, and `cli.ftl`
    /// holds no message the tree does not use.
    #[test]
    fn every_command_and_argument_has_a_message_in_both_languages() {
        for lang in Lang::ALL {
            let mut cmd = crate::cli::command();
            cmd.build();
            let mut l = Localiser::new(Messages::get(lang));
            let _ = l.command(cmd, &[]);
            let dir = lang.code();
            assert!(
                l.missing.is_empty(),
                "no message in i18n/{dir}/cli.ftl for: {:#?}",
                l.missing
            );
            let in_file: BTreeSet<String> = file_keys(lang, "cli").into_iter().collect();
            let unused: Vec<_> = in_file.difference(&l.used).collect();
            assert!(
                unused.is_empty(),
                "messages in i18n/{dir}/cli.ftl no command uses: {unused:?}"
            );
        }
    }

    #[test]
    fn headings_become_keys() {
        assert_eq!(slug("Limits"), "limits");
        assert_eq!(slug("Mail merge (--each)"), "mail-merge-each");
    }

    #[test]
    fn the_localised_tree_is_still_valid() {
        for lang in Lang::ALL {
            let cmd = localise(crate::cli::command(), Messages::get(lang));
            cmd.debug_assert();
        }
    }
}
