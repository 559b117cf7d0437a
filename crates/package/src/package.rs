//! Opening zip packages (.docx, .xlsx, .ods) as untrusted input.
//!
//! Before anything parses a package, [`open`] checks its central directory against
//! the [`Limits`]: entry count, declared sizes, compression ratio, and entry names
//! that try to climb out of a folder. [`read_entry`] then reads one entry with a hard
//! cap, because declared sizes can lie. This module only reads; it knows nothing of
//! Word or Excel.

use std::io::{Cursor, Read};

use crate::limits::{Limit, Limited, Limits};

/// A zip archive read from memory.
pub type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Why a package was refused. The caller adds the file name. Serializable, so a
/// reader in another process can send it back whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum PackageError {
    /// Not a zip file at all (a renamed file, an HTML page, a truncated download).
    #[error("not a zip package ({reason}); is the file really what its name says, and complete?")]
    NotZip {
        /// What the zip reader said.
        reason: String,
    },
    /// More entries than the limit.
    #[error(
        "the package has {count} entries, more than the limit of {limit} ({})",
        Limit::ZipEntries
    )]
    TooManyEntries {
        /// Entries found.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Decompressed size over the limit (a zip bomb, or a very large honest file).
    #[error(
        "`{name}` unpacks to more than {limit} bytes ({})",
        Limit::UnpackedSize
    )]
    TooLarge {
        /// Entry name.
        name: String,
        /// The limit in force.
        limit: u64,
    },
    /// Compression ratio typical of a zip bomb.
    #[error(
        "`{name}` is compressed {ratio}:1, more than the limit of {limit}:1 (this is how zip bombs look; {})",
        Limit::CompressionRatio
    )]
    Ratio {
        /// Entry name.
        name: String,
        /// Its ratio.
        ratio: u64,
        /// The limit in force.
        limit: u64,
    },
    /// An entry name with `..`, an absolute path or a drive letter.
    #[error("the package holds an entry with an unsafe name `{name}`")]
    UnsafeName {
        /// Entry name.
        name: String,
    },
    /// The entry is encrypted (a password-protected file).
    #[error("`{name}` is encrypted; save the file without a password and try again")]
    Encrypted {
        /// Entry name.
        name: String,
    },
    /// The entry asked for is not in the package.
    #[error("the package has no `{name}` part")]
    Missing {
        /// Entry name.
        name: String,
    },
    /// Reading the entry failed (corrupt data, unsupported compression).
    #[error("cannot unpack `{name}`: {reason}")]
    Corrupt {
        /// Entry name.
        name: String,
        /// What the zip reader said.
        reason: String,
    },
}

impl Limited for PackageError {
    fn limit(&self) -> Option<Limit> {
        match self {
            PackageError::TooManyEntries { .. } => Some(Limit::ZipEntries),
            PackageError::TooLarge { .. } => Some(Limit::UnpackedSize),
            PackageError::Ratio { .. } => Some(Limit::CompressionRatio),
            PackageError::NotZip { .. }
            | PackageError::UnsafeName { .. }
            | PackageError::Encrypted { .. }
            | PackageError::Missing { .. }
            | PackageError::Corrupt { .. } => None,
        }
    }
}

/// Opens a package from memory and checks its directory against `limits`.
pub fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Archive<'a>, PackageError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackageError::NotZip {
            reason: e.to_string(),
        })?;
    if archive.len() > limits.max_zip_entries {
        return Err(PackageError::TooManyEntries {
            count: archive.len(),
            limit: limits.max_zip_entries,
        });
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| PackageError::NotZip {
            reason: e.to_string(),
        })?;
        let name = entry
            .name()
            .map_err(|e| PackageError::NotZip {
                reason: e.to_string(),
            })?
            .to_string();
        if !is_safe_name(&name) {
            return Err(PackageError::UnsafeName { name });
        }
        if entry.encrypted() {
            return Err(PackageError::Encrypted { name });
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if size > limits.max_unpacked_bytes || total > limits.max_unpacked_bytes {
            return Err(PackageError::TooLarge {
                name,
                limit: limits.max_unpacked_bytes,
            });
        }
        if let Some(ratio) = ratio_over(size, entry.compressed_size(), limits) {
            return Err(PackageError::Ratio {
                name,
                ratio,
                limit: limits.max_compression_ratio,
            });
        }
    }
    Ok(archive)
}

/// Ratio check, ignoring small entries: a 1 KB run of spaces compresses 1:100 honestly.
fn ratio_over(size: u64, compressed: u64, limits: &Limits) -> Option<u64> {
    const SMALL_ENTRY: u64 = 1024 * 1024;
    if size <= SMALL_ENTRY {
        return None;
    }
    let ratio = size / compressed.max(1);
    (ratio > limits.max_compression_ratio).then_some(ratio)
}

/// True when an entry name stays inside the package's root.
pub fn is_safe_name(name: &str) -> bool {
    let normalised = name.replace('\\', "/");
    !(normalised.starts_with('/')
        || normalised.split('/').any(|seg| seg == "..")
        || normalised.as_bytes().get(1) == Some(&b':')
        || normalised.contains('\0'))
}

/// Reads entry `name` through to its end without keeping it, so its checksum is
/// verified (the zip reader checks it at the end): for an entry copied into an
/// output unread, which must not carry a damaged part Word would refuse.
pub fn verify_entry(
    archive: &mut Archive<'_>,
    name: &str,
    limits: &Limits,
) -> Result<(), PackageError> {
    let corrupt = |e: &dyn std::fmt::Display| PackageError::Corrupt {
        name: name.to_string(),
        reason: e.to_string(),
    };
    let entry = archive.by_name(name).map_err(|e| corrupt(&e))?;
    let cap = limits.max_unpacked_bytes;
    let read =
        std::io::copy(&mut entry.take(cap + 1), &mut std::io::sink()).map_err(|e| corrupt(&e))?;
    if read > cap {
        return Err(PackageError::TooLarge {
            name: name.to_string(),
            limit: cap,
        });
    }
    Ok(())
}

/// Reads one entry by name, never more than the unpacked-size limit whatever the
/// entry declares.
pub fn read_entry(
    archive: &mut Archive<'_>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, PackageError> {
    let entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(PackageError::Missing {
                name: name.to_string(),
            });
        }
        Err(e) => {
            return Err(PackageError::Corrupt {
                name: name.to_string(),
                reason: e.to_string(),
            });
        }
    };
    let cap = limits.max_unpacked_bytes;
    let mut out = Vec::with_capacity(entry.size().min(cap).min(64 * 1024 * 1024) as usize);
    entry
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| PackageError::Corrupt {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
    if out.len() as u64 > cap {
        return Err(PackageError::TooLarge {
            name: name.to_string(),
            limit: cap,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn refuses_non_zip_bytes() {
        let err = open(b"<html>not a sheet</html>", &Limits::default()).unwrap_err();
        assert!(matches!(err, PackageError::NotZip { .. }), "{err}");
    }

    #[test]
    fn refuses_path_traversal_names() {
        for bad in [
            "../../x",
            "/etc/passwd",
            "a/../../b",
            "C:/x",
            "a\\..\\..\\b",
        ] {
            assert!(!is_safe_name(bad), "{bad}");
        }
        for good in ["word/document.xml", "[Content_Types].xml", "xl/a..b.xml"] {
            assert!(is_safe_name(good), "{good}");
        }
        let bytes = zip_of(&[("../../x", b"boom")]);
        assert!(matches!(
            open(&bytes, &Limits::default()),
            Err(PackageError::UnsafeName { .. })
        ));
    }

    #[test]
    fn refuses_high_ratio_and_oversize() {
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let bytes = zip_of(&[("bomb.xml", &zeros)]);
        assert!(matches!(
            open(&bytes, &Limits::default()),
            Err(PackageError::Ratio { .. })
        ));
        let small = Limits {
            max_unpacked_bytes: 1000,
            ..Limits::default()
        };
        let bytes = zip_of(&[("a.xml", &[b'a'; 2000])]);
        assert!(matches!(
            open(&bytes, &small),
            Err(PackageError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_refusal_by_a_limit_says_which_limit_and_names_no_flag() {
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let few = Limits {
            max_zip_entries: 1,
            max_unpacked_bytes: 1000,
            ..Limits::default()
        };
        for (bytes, limits, limit, message) in [
            (
                zip_of(&[("bomb.xml", &zeros)]),
                Limits::default(),
                Limit::CompressionRatio,
                "`bomb.xml` is compressed 1028:1, more than the limit of 200:1 (this is how zip bombs look; the limit on compression ratio of a package entry)",
            ),
            (
                zip_of(&[("a.xml", b"<a/>"), ("b.xml", b"<b/>")]),
                few,
                Limit::ZipEntries,
                "the package has 2 entries, more than the limit of 1 (the limit on entries in a package)",
            ),
            (
                zip_of(&[("a.xml", &[b'a'; 2000])]),
                few,
                Limit::UnpackedSize,
                "`a.xml` unpacks to more than 1000 bytes (the limit on unpacked size of a package)",
            ),
        ] {
            let err = open(&bytes, &limits).unwrap_err();
            assert_eq!(
                (err.limit(), err.to_string().as_str()),
                (Some(limit), message)
            );
        }
        assert_eq!(open(b"no zip", &few).unwrap_err().limit(), None);
    }

    #[test]
    fn reads_an_entry_and_names_a_missing_one() {
        let bytes = zip_of(&[("a.xml", b"<a/>")]);
        let mut ar = open(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            read_entry(&mut ar, "a.xml", &Limits::default()).unwrap(),
            b"<a/>"
        );
        assert_eq!(
            read_entry(&mut ar, "b.xml", &Limits::default())
                .unwrap_err()
                .to_string(),
            "the package has no `b.xml` part"
        );
    }
}
