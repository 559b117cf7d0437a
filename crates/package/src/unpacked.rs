//! A small package's parts inflated once, in one call each.
//!
//! A spreadsheet return is a zip of a dozen parts of a few kilobytes. Reading it
//! the usual way inflates each part through a streaming decoder twice: once to
//! check it, once more in the spreadsheet reader, each time setting up a decoder
//! and its window for a few kilobytes. [`Unpacked::of`] inflates every part the
//! caller wants exactly once, straight into a buffer of the size its directory
//! declares (libdeflate's whole-buffer decoder, no window), and checks each
//! part's CRC-32; the caller checks the parts as bytes, and [`Unpacked::stored`]
//! lays the same parts out again as a zip that stores them uncompressed, for a
//! reader that only takes a zip. A declared size that lies is caught: the part
//! must fill its buffer exactly.

use crate::limits::Limits;
use crate::package::Archive;

/// One part, inflated and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Its name in the package, as the directory gives it.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    crc: u32,
}

/// The parts a caller asked for, in the package's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unpacked {
    parts: Vec<Part>,
}

impl Unpacked {
    /// Inflates the entries of `archive` (opened from `bytes` by
    /// [`crate::package::open`], so its declared sizes are within `limits`) whose
    /// names `wanted` accepts. `None` when anything is out of the ordinary: more
    /// than `budget` bytes in all, a part compressed other than by deflate, data
    /// that does not inflate to exactly its declared size or whose checksum fails.
    /// The caller then reads the package entry by entry, as a large, unusual or
    /// damaged file deserves, and that reader says what is wrong.
    pub fn of(
        archive: &mut Archive<'_>,
        bytes: &[u8],
        limits: &Limits,
        budget: u64,
        wanted: impl Fn(&str) -> bool,
    ) -> Option<Unpacked> {
        let mut chosen = Vec::new();
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).ok()?;
            let name = entry.name().ok()?.to_string();
            if entry.is_dir() || !wanted(&name) {
                continue;
            }
            let stored = match entry.compression() {
                zip::CompressionMethod::Stored => true,
                zip::CompressionMethod::Deflated => false,
                _ => return None,
            };
            let size = entry.size();
            total = total.saturating_add(size);
            if total > budget || size > limits.max_unpacked_bytes {
                return None;
            }
            let start = usize::try_from(entry.data_start()?).ok()?;
            let len = usize::try_from(entry.compressed_size()).ok()?;
            let raw = bytes.get(start..start.checked_add(len)?)?;
            chosen.push((
                name,
                raw,
                usize::try_from(size).ok()?,
                entry.crc32(),
                stored,
            ));
        }
        let mut inflater = libdeflater::Decompressor::new();
        let mut parts = Vec::with_capacity(chosen.len());
        for (name, raw, size, crc, stored) in chosen {
            let bytes = if stored {
                (raw.len() == size).then(|| raw.to_vec())?
            } else {
                let mut out = vec![0; size];
                // Short, long (no room left) or damaged: not this reader's to say.
                let n = inflater.deflate_decompress(raw, &mut out).ok()?;
                (n == size).then_some(out)?
            };
            if crc32fast::hash(&bytes) != crc {
                return None;
            }
            parts.push(Part { name, bytes, crc });
        }
        Some(Unpacked { parts })
    }

    /// Replaces the bytes of the part named `name` (a part the caller pared
    /// down to what its reader needs), its checksum recomputed.
    pub fn replace(&mut self, name: &str, bytes: Vec<u8>) {
        if let Some(part) = self.parts.iter_mut().find(|p| p.name == name) {
            part.crc = crc32fast::hash(&bytes);
            part.bytes = bytes;
        }
    }

    /// The parts, in the package's order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The part named `name`, matched without regard to ASCII case.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The bytes of the part named `name` ([`Unpacked::part`]).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.part(name).map(|p| p.bytes.as_slice())
    }

    /// The parts `keep` accepts as a zip package storing each uncompressed, with
    /// the checksums it had; `None` when it would need zip64 (4 GiB or 65,535
    /// parts), which the budget of [`Unpacked::of`] keeps from happening.
    pub fn stored(&self, keep: impl Fn(&str) -> bool) -> Option<Vec<u8>> {
        let kept: Vec<&Part> = self.parts.iter().filter(|p| keep(&p.name)).collect();
        let size: usize = kept
            .iter()
            .map(|p| 30 + 46 + 2 * p.name.len() + p.bytes.len())
            .sum::<usize>()
            + 22;
        let count = u16::try_from(kept.len()).ok()?;
        u32::try_from(size).ok()?;
        let mut out = Vec::with_capacity(size);
        let mut directory = Vec::with_capacity(kept.iter().map(|p| 46 + p.name.len()).sum());
        // Version 2.0, names in UTF-8 (bit 11), stored, dated 1 January 1980.
        const HEAD: [u8; 10] = [20, 0, 0, 0x08, 0, 0, 0, 0, 0x21, 0];
        for part in kept {
            let offset = out.len() as u32;
            let len = part.bytes.len() as u32;
            let name = part.name.as_bytes();
            let name_len = name.len() as u16;
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            out.extend_from_slice(&HEAD);
            out.extend_from_slice(&part.crc.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name);
            out.extend_from_slice(&part.bytes);
            directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            directory.extend_from_slice(&[20, 0]);
            directory.extend_from_slice(&HEAD);
            directory.extend_from_slice(&part.crc.to_le_bytes());
            directory.extend_from_slice(&len.to_le_bytes());
            directory.extend_from_slice(&len.to_le_bytes());
            directory.extend_from_slice(&name_len.to_le_bytes());
            // No extra field, comment, disk number, attributes.
            directory.extend_from_slice(&[0; 12]);
            directory.extend_from_slice(&offset.to_le_bytes());
            directory.extend_from_slice(name);
        }
        let directory_at = out.len() as u32;
        out.extend_from_slice(&directory);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        out.extend_from_slice(&directory_at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read, Write};

    fn zip_of(entries: &[(&str, &[u8], zip::CompressionMethod)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data, method) in entries {
            w.start_file(
                *name,
                zip::write::SimpleFileOptions::default().compression_method(*method),
            )
            .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn unpack(bytes: &[u8]) -> Option<Unpacked> {
        let limits = Limits::default();
        let mut archive = crate::package::open(bytes, &limits).unwrap();
        Unpacked::of(&mut archive, bytes, &limits, 1 << 20, |n| n != "skip.xml")
    }

    #[test]
    fn parts_come_out_whole_and_a_stored_copy_reads_back_the_same() {
        let big = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>".repeat(500);
        let bytes = zip_of(&[
            ("xl/a.xml", big.as_bytes(), zip::CompressionMethod::Deflated),
            ("Ảnh/b.bin", b"raw", zip::CompressionMethod::Stored),
            ("skip.xml", b"not wanted", zip::CompressionMethod::Deflated),
        ]);
        let unpacked = unpack(&bytes).unwrap();
        let names: Vec<&str> = unpacked.parts().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["xl/a.xml", "Ảnh/b.bin"]);
        assert_eq!(unpacked.get("XL/A.XML"), Some(big.as_bytes()));
        let mut unpacked = unpacked;
        unpacked.replace("xl/a.xml", big.repeat(2).into_bytes());
        let copy = unpacked.stored(|n| n.ends_with(".xml")).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(copy)).unwrap();
        assert_eq!(archive.len(), 1);
        let mut entry = archive.by_name("xl/a.xml").unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Stored);
        let mut text = String::new();
        // The zip reader checks the recorded checksum at the end.
        entry.read_to_string(&mut text).unwrap();
        assert_eq!(text, big.repeat(2));
    }

    /// Where the first entry's data starts.
    fn first_data(bytes: &[u8]) -> usize {
        let name_len = u16::from_le_bytes([bytes[26], bytes[27]]) as usize;
        let extra_len = u16::from_le_bytes([bytes[28], bytes[29]]) as usize;
        30 + name_len + extra_len
    }

    #[test]
    fn a_damaged_or_lying_part_is_left_to_the_streaming_reader() {
        let text = "<sheetData>".repeat(200);
        let good = zip_of(&[("xl/a.xml", text.as_bytes(), zip::CompressionMethod::Stored)]);
        assert!(unpack(&good).is_some());
        // One byte of the stored data changed: its checksum no longer matches.
        let mut bad = good.clone();
        let data = first_data(&bad);
        bad[data + 5] ^= 0x20;
        assert_eq!(unpack(&bad), None);
        // Deflated data overwritten with garbage.
        let deflated = zip_of(&[(
            "xl/a.xml",
            text.as_bytes(),
            zip::CompressionMethod::Deflated,
        )]);
        assert!(unpack(&deflated).is_some());
        let mut broken = deflated.clone();
        let data = first_data(&broken);
        for b in &mut broken[data..data + 8] {
            *b = 0xff;
        }
        assert_eq!(unpack(&broken), None);
        // Declared smaller or larger than it unpacks to (both headers changed).
        for lie in [text.len() as u32 - 1, text.len() as u32 + 1] {
            let mut liar = deflated.clone();
            let mut i = 0;
            while i + 4 <= liar.len() {
                if liar[i..].starts_with(b"PK\x03\x04") {
                    liar[i + 22..i + 26].copy_from_slice(&lie.to_le_bytes());
                } else if liar[i..].starts_with(b"PK\x01\x02") {
                    liar[i + 24..i + 28].copy_from_slice(&lie.to_le_bytes());
                }
                i += 1;
            }
            assert_eq!(unpack(&liar), None, "declared {lie}");
        }
    }

    #[test]
    fn more_than_the_budget_is_left_to_the_streaming_reader() {
        let text = "x".repeat(4096);
        let bytes = zip_of(&[("a.xml", text.as_bytes(), zip::CompressionMethod::Deflated)]);
        let limits = Limits::default();
        let mut archive = crate::package::open(&bytes, &limits).unwrap();
        assert_eq!(
            Unpacked::of(&mut archive, &bytes, &limits, 4095, |_| true),
            None
        );
        assert!(Unpacked::of(&mut archive, &bytes, &limits, 4096, |_| true).is_some());
    }
}
