//! The command-line flags that raise (or lower) the input limits, shared by every
//! command that reads untrusted files: `#[command(flatten)] limits: LimitArgs`.
//!
//! The limits themselves and their defaults live in [`vanban::limits`]; this file
//! turns flags into a [`Limits`], and names the flag that raises a [`Limit`] when
//! the library reports one (the library's messages never name a flag).

use vanban::limits::{Limit, Limits};

const MB: u64 = 1024 * 1024;

/// Flags to raise a limit for the rare honest huge file. Every error about a limit
/// ends with a hint naming the flag that raises it ([`flag`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
// The heading is a message key (`heading-limits` in i18n/*/cli.ftl), worded there.
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest size a package (.docx, .xlsx, .ods) may unpack to, in MB [default: 512].
    #[arg(long, value_name = "MB")]
    pub max_unpacked_mb: Option<u64>,
    /// Most entries a package may hold [default: 10000].
    #[arg(long, value_name = "N")]
    pub max_zip_entries: Option<usize>,
    /// Largest compression ratio of a package entry over 1 MB [default: 200].
    #[arg(long, value_name = "N")]
    pub max_ratio: Option<u64>,
    /// Deepest XML nesting accepted [default: 256].
    #[arg(long, value_name = "N")]
    pub max_xml_depth: Option<usize>,
    /// Most cells one sheet may hold [default: 5000000].
    #[arg(long, value_name = "N")]
    pub max_cells: Option<u64>,
    /// Most rows in a mail merge [default: 100000].
    #[arg(long, value_name = "N")]
    pub max_rows: Option<usize>,
    /// Largest document written, in MB [default: 256].
    #[arg(long, value_name = "MB")]
    pub max_output_mb: Option<u64>,
    /// Most values (numbers, texts, list items) a JSON data file may hold [default: 2000000].
    #[arg(long, value_name = "N")]
    pub max_data_values: Option<u64>,
    /// Most loop iterations a template may run for one document [default: 5000000].
    #[arg(long, value_name = "N")]
    pub max_loop_iterations: Option<u64>,
    /// Most memory a command may hold while it fills templates, in MB [default: 1024].
    #[arg(long, value_name = "MB")]
    pub max_memory_mb: Option<u64>,
}

impl LimitArgs {
    /// The limits in force: the defaults, with each flag given replacing its limit.
    pub fn limits(&self) -> Limits {
        let d = Limits::default();
        Limits {
            max_unpacked_bytes: self
                .max_unpacked_mb
                .map_or(d.max_unpacked_bytes, |mb| mb.saturating_mul(MB)),
            max_zip_entries: self.max_zip_entries.unwrap_or(d.max_zip_entries),
            max_compression_ratio: self.max_ratio.unwrap_or(d.max_compression_ratio),
            max_xml_depth: self.max_xml_depth.unwrap_or(d.max_xml_depth),
            max_cells_per_sheet: self.max_cells.unwrap_or(d.max_cells_per_sheet),
            max_merge_rows: self.max_rows.unwrap_or(d.max_merge_rows),
            max_output_bytes: self
                .max_output_mb
                .map_or(d.max_output_bytes, |mb| mb.saturating_mul(MB)),
            max_data_values: self.max_data_values.unwrap_or(d.max_data_values),
            max_loop_iterations: self.max_loop_iterations.unwrap_or(d.max_loop_iterations),
            max_memory_bytes: self
                .max_memory_mb
                .map_or(d.max_memory_bytes, |mb| mb.saturating_mul(MB)),
        }
    }
}

/// The command-line flag that raises `limit`.
pub fn flag(limit: Limit) -> &'static str {
    match limit {
        Limit::UnpackedSize => "--max-unpacked-mb",
        Limit::ZipEntries => "--max-zip-entries",
        Limit::CompressionRatio => "--max-ratio",
        Limit::XmlDepth => "--max-xml-depth",
        Limit::CellsPerSheet => "--max-cells",
        Limit::MergeRows => "--max-rows",
        Limit::OutputSize => "--max-output-mb",
        Limit::DataValues => "--max-data-values",
        Limit::LoopIterations => "--max-loop-iterations",
        Limit::Memory => "--max-memory-mb",
    }
}

/// The flags that give `limits` to another `vanban` process (the merge's child
/// reader), one `--flag=value` per limit; sizes are rounded up to whole MB.
pub fn to_flags(limits: &Limits) -> Vec<String> {
    Limit::ALL
        .iter()
        .map(|l| {
            let value = match l {
                Limit::UnpackedSize => limits.max_unpacked_bytes.div_ceil(MB),
                Limit::OutputSize => limits.max_output_bytes.div_ceil(MB),
                Limit::Memory => limits.max_memory_bytes.div_ceil(MB),
                other => other.value(limits),
            };
            format!("{}={value}", flag(*l))
        })
        .collect()
}

impl From<&LimitArgs> for Limits {
    fn from(args: &LimitArgs) -> Limits {
        args.limits()
    }
}

/// The flag of each limit, as [`flag`] names it in hints, so a test can check that
/// every flag a hint names exists.
#[cfg(test)]
fn flags() -> Vec<&'static str> {
    Limit::ALL.iter().map(|l| flag(*l)).collect()
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[derive(Debug, Parser)]
    struct Probe {
        #[command(flatten)]
        limits: LimitArgs,
    }

    fn parse(args: &[&str]) -> Limits {
        let mut all = vec!["probe"];
        all.extend_from_slice(args);
        Probe::try_parse_from(all).unwrap().limits.limits()
    }

    #[test]
    fn no_flag_gives_the_defaults() {
        assert_eq!(parse(&[]), Limits::default());
    }

    #[test]
    fn each_flag_sets_its_limit() {
        let d = Limits::default();
        for (args, expected) in [
            (
                vec!["--max-unpacked-mb", "2048"],
                Limits {
                    max_unpacked_bytes: 2048 * MB,
                    ..d
                },
            ),
            (
                vec!["--max-zip-entries", "50000"],
                Limits {
                    max_zip_entries: 50_000,
                    ..d
                },
            ),
            (
                vec!["--max-ratio", "1000"],
                Limits {
                    max_compression_ratio: 1000,
                    ..d
                },
            ),
            (
                vec!["--max-xml-depth", "1000"],
                Limits {
                    max_xml_depth: 1000,
                    ..d
                },
            ),
            (
                vec!["--max-cells", "17179869184"],
                Limits {
                    max_cells_per_sheet: 17_179_869_184,
                    ..d
                },
            ),
            (
                vec!["--max-rows", "7"],
                Limits {
                    max_merge_rows: 7,
                    ..d
                },
            ),
            (
                vec!["--max-output-mb", "1"],
                Limits {
                    max_output_bytes: MB,
                    ..d
                },
            ),
            (
                vec!["--max-loop-iterations", "9"],
                Limits {
                    max_loop_iterations: 9,
                    ..d
                },
            ),
            (
                vec!["--max-memory-mb", "64"],
                Limits {
                    max_memory_bytes: 64 * MB,
                    ..d
                },
            ),
            (
                vec!["--max-data-values", "10"],
                Limits {
                    max_data_values: 10,
                    ..d
                },
            ),
        ] {
            assert_eq!(parse(&args), expected, "{args:?}");
        }
    }

    #[test]
    fn every_flag_a_message_names_exists() {
        let cmd = Probe::command();
        let longs: Vec<String> = cmd
            .get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        for flag in flags() {
            assert!(longs.iter().any(|l| l == flag), "{flag} is not a flag");
        }
        assert_eq!(longs.len(), flags().len());
    }

    #[test]
    fn every_limit_has_its_own_flag() {
        let mut all = flags();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), Limit::ALL.len());
    }

    #[test]
    fn flags_for_a_child_give_it_the_same_limits() {
        let raised = Limits {
            max_unpacked_bytes: 3 * 1024 * MB,
            max_cells_per_sheet: 9,
            max_data_values: 11,
            ..Limits::default()
        };
        for limits in [Limits::default(), raised] {
            let flags = to_flags(&limits);
            let args: Vec<&str> = flags.iter().map(String::as_str).collect();
            assert_eq!(parse(&args), limits);
        }
    }

    #[test]
    fn a_huge_size_saturates_instead_of_wrapping() {
        let l = parse(&["--max-unpacked-mb", &u64::MAX.to_string()]);
        assert_eq!(l.max_unpacked_bytes, u64::MAX);
    }
}
