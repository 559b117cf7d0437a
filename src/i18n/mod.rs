//! Everything the tool says, in the user's language: the message files of `i18n/`
//! (Project Fluent), built into the binary, and the language choice.
//!
//! Vietnamese is the language of the tool; English is there on request
//! (`--lang en` or `VANBAN_LANG=en`). The system locale (`LANG`, Windows' display
//! language) is ignored on purpose: a clerk whose Windows is in English still reads
//! Vietnamese, and a clerk never has to set anything to get it.
//!
//! What this module owns: loading the `.ftl` files ([`Messages`]), writing numbers the
//! way each language does (`1.500.000` and `4,2` in Vietnamese, `1,500,000` and `4.2`
//! in English), wording a library [`Diagnostic`](vanban::diagnostic::Diagnostic)
//! ([`diagnostic`]), and the clap help in the user's language ([`help`]). It never
//! decides anything from a message's text: messages are looked up by key.
//!
//! Why `fluent-bundle` (with `unic-langid`) and not `fluent-templates`: we need the
//! bundle itself — its number formatter hook (so Fluent's plural selection still sees
//! numbers while we write them the Vietnamese way), its message AST (to know whether a
//! message names its file), and its list of keys (for the tests that every code and
//! every command has a message in both languages and no key is left unused).
//! `fluent-templates` wraps the same bundle behind a loader and a macro, and adds
//! dependencies, without giving us any of that more simply.

pub mod diagnostic;
pub mod help;

use std::borrow::Cow;
use std::ffi::OsString;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Vietnamese, the default.
    Vi,
    /// English, on request.
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The code used on the command line, in `VANBAN_LANG` and as the folder of the
    /// message files (`i18n/vi/`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language named by `code` (`vi`, `en`, any case).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The message files, as `(name, text)`, built into the binary.
    fn files(self) -> [(&'static str, &'static str); 4] {
        match self {
            Lang::Vi => [
                ("diagnostics", include_str!("../../i18n/vi/diagnostics.ftl")),
                ("ui", include_str!("../../i18n/vi/ui.ftl")),
                ("cli", include_str!("../../i18n/vi/cli.ftl")),
                ("terminal", include_str!("../../i18n/vi/terminal.ftl")),
            ],
            Lang::En => [
                ("diagnostics", include_str!("../../i18n/en/diagnostics.ftl")),
                ("ui", include_str!("../../i18n/en/ui.ftl")),
                ("cli", include_str!("../../i18n/en/cli.ftl")),
                ("terminal", include_str!("../../i18n/en/terminal.ftl")),
            ],
        }
    }
}

/// By hand rather than derived: a derived value takes its doc comment as help, and
/// clap then lays every `--help` out in its long form.
impl clap::ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Lang] {
        &Lang::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.code()))
    }
}

/// The language of this run: `--lang` on the command line, else `VANBAN_LANG`, else
/// Vietnamese. Read before clap parses the arguments, because the help clap prints is
/// already in that language. Also returns the value of `VANBAN_LANG` when it names no
/// language, so the caller can warn about it.
pub fn choose(args: &[OsString], env: Option<&str>) -> (Lang, Option<String>) {
    let mut from_args = None;
    let mut iter = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => iter.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        // The last `--lang` wins, as clap takes it; a wrong value is clap's to report.
        if let Some(lang) = value.and_then(Lang::from_code) {
            from_args = Some(lang);
        }
    }
    let env = env.filter(|v| !v.trim().is_empty());
    let from_env = env.and_then(Lang::from_code);
    let bad_env = match (env, from_env) {
        (Some(v), None) => Some(v.to_string()),
        _ => None,
    };
    (from_args.or(from_env).unwrap_or(Lang::Vi), bad_env)
}

/// The message for a `VANBAN_LANG` that names no language.
pub const LANG_ENV_UNKNOWN: &str = "lang-env-unknown";

/// The warning for a `VANBAN_LANG` that names no language (`value`).
pub fn bad_env_warning(messages: &Messages, value: &str) -> String {
    format!(
        "{}: {}",
        messages.severity(vanban::diagnostic::Severity::Warning),
        messages.text(LANG_ENV_UNKNOWN, &[("value", value.into())])
    )
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this run, once, at start-up.
pub fn set_current(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The messages of this run's language (Vietnamese until [`set_current`] says
/// otherwise).
pub fn current() -> &'static Messages {
    Messages::get(CURRENT.get().copied().unwrap_or(Lang::Vi))
}

/// The messages of one language.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Messages {
    /// The messages of `lang`, loaded once.
    pub fn get(lang: Lang) -> &'static Messages {
        static VI: OnceLock<Messages> = OnceLock::new();
        static EN: OnceLock<Messages> = OnceLock::new();
        match lang {
            Lang::Vi => VI.get_or_init(|| Messages::load(Lang::Vi)),
            Lang::En => EN.get_or_init(|| Messages::load(Lang::En)),
        }
    }

    /// Parses the built-in files of `lang`. A syntax error or a key defined twice
    /// cannot reach a user: the tests load every file and fail on either.
    fn load(lang: Lang) -> Messages {
        let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks around each value would show as garbage in a
        // Windows console and in Excel cells.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match lang {
            Lang::Vi => format_vi,
            Lang::En => format_en,
        }));
        let _ = bundle.add_builtins();
        for (_, text) in lang.files() {
            let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(resource);
        }
        Messages { lang, bundle }
    }

    /// True when the files have a message `key`.
    #[cfg(test)]
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// The message `key` with `args`, or `None` when there is no such message.
    pub fn try_text(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// The message `key` with `args`. A missing key (which the tests rule out) gives
    /// the key itself, so nothing the user should see is lost.
    pub fn text(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.try_text(key, args).unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with no arguments.
    pub fn plain(&self, key: &str) -> String {
        self.text(key, &[])
    }

    /// True when the message `key` uses the variable `$name` anywhere (in a selector
    /// or any variant), read from the message's syntax tree.
    pub fn uses_variable(&self, key: &str, name: &str) -> bool {
        self.bundle
            .get_message(key)
            .and_then(|m| m.value())
            .is_some_and(|p| pattern_uses(p, name))
    }
}

/// The keys of one message file of `lang`, in file order (for the tests).
#[cfg(test)]
fn file_keys(lang: Lang, file: &str) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    let text = lang
        .files()
        .into_iter()
        .find(|(n, _)| *n == file)
        .map(|(_, t)| t)
        .unwrap_or_default();
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|e| match e {
            Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

fn pattern_uses(pattern: &fluent_syntax::ast::Pattern<&str>, name: &str) -> bool {
    use fluent_syntax::ast::PatternElement;
    pattern.elements.iter().any(|e| match e {
        PatternElement::TextElement { .. } => false,
        PatternElement::Placeable { expression } => expression_uses(expression, name),
    })
}

fn expression_uses(expression: &fluent_syntax::ast::Expression<&str>, name: &str) -> bool {
    use fluent_syntax::ast::Expression;
    match expression {
        Expression::Inline(inline) => inline_uses(inline, name),
        Expression::Select { selector, variants } => {
            inline_uses(selector, name) || variants.iter().any(|v| pattern_uses(&v.value, name))
        }
    }
}

fn inline_uses(inline: &fluent_syntax::ast::InlineExpression<&str>, name: &str) -> bool {
    use fluent_syntax::ast::InlineExpression;
    match inline {
        InlineExpression::VariableReference { id } => id.name == name,
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments.positional.iter().any(|a| inline_uses(a, name))
                || arguments.named.iter().any(|a| inline_uses(&a.value, name))
        }
        InlineExpression::Placeable { expression } => expression_uses(expression, name),
        _ => false,
    }
}

/// A number the Vietnamese way: dots group thousands, a comma marks decimals.
fn format_vi<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(format_number(n, Lang::Vi)),
        _ => None,
    }
}

/// A number the English way: commas group thousands, a dot marks decimals.
fn format_en<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(format_number(n, Lang::En)),
        _ => None,
    }
}

/// Writes `n` in `lang`. The decimals are the number's own (`4.2` → `4,2`), within the
/// message's `minimumFractionDigits`/`maximumFractionDigits`; `useGrouping: "false"`
/// (for a year, a row number) drops the thousands separator.
pub fn format_number(n: &FluentNumber, lang: Lang) -> String {
    let own = if n.value.fract() == 0.0 {
        0
    } else {
        let plain = n.value.abs().to_string();
        plain.split_once('.').map_or(0, |(_, f)| f.len())
    };
    let max = n.options.maximum_fraction_digits.unwrap_or(own.max(1));
    let min = n.options.minimum_fraction_digits.unwrap_or(0);
    let decimals = own.min(max).max(min);
    let vi = vanban::vn::number::format_vn_number(n.value, decimals);
    let vi: Cow<'_, str> = if n.options.use_grouping {
        Cow::Owned(vi)
    } else {
        Cow::Owned(vi.replace('.', ""))
    };
    match lang {
        Lang::Vi => vi.into_owned(),
        Lang::En => vi
            .chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn vietnamese_unless_asked_for_english() {
        for (args, env, expected, bad) in [
            (vec!["vanban", "merge"], None, Lang::Vi, None),
            (vec!["vanban", "merge"], Some("en"), Lang::En, None),
            (vec!["vanban", "merge"], Some("EN"), Lang::En, None),
            (vec!["vanban", "merge"], Some(""), Lang::Vi, None),
            (vec!["vanban", "merge"], Some("fr"), Lang::Vi, Some("fr")),
            (
                vec!["vanban", "merge"],
                Some("vi_VN.UTF-8"),
                Lang::Vi,
                Some("vi_VN.UTF-8"),
            ),
            (
                vec!["vanban", "--lang", "en", "merge"],
                None,
                Lang::En,
                None,
            ),
            (vec!["vanban", "merge", "--lang=en"], None, Lang::En, None),
            (
                vec!["vanban", "merge", "--lang", "vi"],
                Some("en"),
                Lang::Vi,
                None,
            ),
            (
                vec!["vanban", "merge", "--lang", "en", "--lang", "vi"],
                None,
                Lang::Vi,
                None,
            ),
            (
                vec!["vanban", "merge", "--", "--lang", "en"],
                None,
                Lang::Vi,
                None,
            ),
            (
                vec!["vanban", "merge", "--lang", "xx"],
                Some("en"),
                Lang::En,
                None,
            ),
        ] {
            let got = choose(&os(&args), env);
            assert_eq!(got, (expected, bad.map(str::to_string)), "{args:?} {env:?}");
        }
    }

    #[test]
    fn numbers_are_written_the_way_each_language_does() {
        let n = |v: f64| FluentNumber::new(v, Default::default());
        for (value, vi, en) in [
            (1_500_000.0, "1.500.000", "1,500,000"),
            (4.2, "4,2", "4.2"),
            (-1234.5, "-1.234,5", "-1,234.5"),
            (0.0, "0", "0"),
            (41.0, "41", "41"),
        ] {
            assert_eq!(format_number(&n(value), Lang::Vi), vi, "{value}");
            assert_eq!(format_number(&n(value), Lang::En), en, "{value}");
        }
        let mut year = n(2017.0);
        year.options.use_grouping = false;
        assert_eq!(format_number(&year, Lang::Vi), "2017");
        let mut two = n(38.0);
        two.options.minimum_fraction_digits = Some(2);
        assert_eq!(format_number(&two, Lang::Vi), "38,00");
    }

    #[test]
    fn a_message_formats_its_numbers_in_its_language() {
        // Through Fluent itself, so the formatter hook is the one in force.
        let args = [("n", FluentValue::from(1_500_000))];
        let vi = Messages::get(Lang::Vi).text("location-cell", &[("cell", "D13".into())]);
        assert_eq!(vi, "ô D13");
        let vi =
            Messages::get(Lang::Vi).text("location-item", &[("list", "x".into()), args[0].clone()]);
        assert_eq!(vi, "mục thứ 1.500.000 của `x`");
        let en =
            Messages::get(Lang::En).text("location-item", &[("list", "x".into()), args[0].clone()]);
        assert_eq!(en, "item 1,500,000 of `x`");
    }

    #[test]
    fn every_file_parses_and_defines_each_key_once() {
        for lang in Lang::ALL {
            for (name, text) in lang.files() {
                if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
                    panic!("i18n/{}/{name}.ftl: {errors:?}", lang.code());
                }
                let keys = file_keys(lang, name);
                let unique: BTreeSet<&String> = keys.iter().collect();
                assert_eq!(
                    unique.len(),
                    keys.len(),
                    "i18n/{}/{name}.ftl repeats a key",
                    lang.code()
                );
            }
            let mut bundle = FluentBundle::<FluentResource>::new_concurrent(vec![]);
            for (name, text) in lang.files() {
                let r = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
                assert!(
                    bundle.add_resource(r).is_ok(),
                    "i18n/{}/{name}.ftl redefines a key",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_keys_in_every_file() {
        for (name, _) in Lang::Vi.files() {
            let vi: BTreeSet<String> = file_keys(Lang::Vi, name).into_iter().collect();
            let en: BTreeSet<String> = file_keys(Lang::En, name).into_iter().collect();
            assert_eq!(
                vi.difference(&en).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "in i18n/vi/{name}.ftl, not in i18n/en/{name}.ftl"
            );
            assert_eq!(
                en.difference(&vi).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "in i18n/en/{name}.ftl, not in i18n/vi/{name}.ftl"
            );
        }
    }

    /// Every `say-` key the code names (a string literal in `src/`) is in both
    /// languages' `terminal.ftl`, and that file holds no key the code does not name.
    #[test]
    fn every_terminal_line_has_its_message_and_every_message_is_used() {
        let mut in_code = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (i, _) in text.match_indices("\"say-") {
                        let rest = &text[i + 1..];
                        let end = rest
                            .find(|c: char| {
                                !(c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                            })
                            .unwrap_or(rest.len());
                        if end > "say-".len() && rest[end..].starts_with('"') {
                            in_code.insert(rest[..end].to_string());
                        }
                    }
                }
            }
        }
        assert!(
            in_code.len() > 20,
            "the scan found too few keys: {in_code:?}"
        );
        for lang in Lang::ALL {
            let in_file: BTreeSet<String> = file_keys(lang, "terminal").into_iter().collect();
            assert_eq!(
                in_code.difference(&in_file).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "named in src/ but missing in i18n/{}/terminal.ftl",
                lang.code()
            );
            assert_eq!(
                in_file.difference(&in_code).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "in i18n/{}/terminal.ftl but named nowhere in src/",
                lang.code()
            );
        }
    }

    #[test]
    fn a_message_knows_which_variables_it_uses() {
        let m = Messages::get(Lang::Vi);
        assert!(m.uses_variable("location-item", "list"));
        assert!(m.uses_variable("location-item", "n"));
        assert!(!m.uses_variable("location-item", "file"));
        assert!(m.uses_variable("file-unwritable", "file"));
    }
}
