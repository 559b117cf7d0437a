//! The few Vietnamese text helpers the merge needs, in one place, over
//! [`crate::vn`]: label keys (with a trailing colon dropped), legacy-text repair,
//! numbers typed as text and name order. Keeping them behind these names lets the
//! merge say exactly which conventions it relies on.

use std::cmp::Ordering;

use crate::vn;

/// A number read from text, and whether its separators were ambiguous
/// ("1.234": a thousand and more in Vietnamese, one and a bit in English).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextNumber {
    /// The value.
    pub value: f64,
    /// True when the separators admit another reading.
    pub ambiguous: bool,
}

/// NFC form of a text.
pub fn nfc(text: &str) -> String {
    vn::text::nfc(text)
}

/// Key for comparing labels: [`vn::text::match_key`] (NFC, case and space folding,
/// one tone placement) with a trailing colon or full stop dropped.
pub fn match_key(text: &str) -> String {
    let mut out = vn::text::match_key(text);
    while out.ends_with(':') || out.ends_with('.') {
        out.pop();
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
    out
}

/// Looser key: [`match_key`] without diacritics and with `đ` as `d`, so "Nha Mai Am"
/// still finds "Nhà Mái ấm".
pub fn loose_key(text: &str) -> String {
    let mut out = vn::text::loose_key(text);
    while out.ends_with(':') || out.ends_with('.') {
        out.pop();
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
    out
}

/// Text typed in a legacy 8-bit Vietnamese font (TCVN3/ABC, VNI) converted to
/// Unicode, with the encoding's name; `None` when the text is not legacy text.
pub fn repair_legacy(text: &str) -> Option<(String, &'static str)> {
    vn::legacy::detect_and_convert(text).map(|(fixed, enc)| {
        let name = match enc {
            vn::legacy::LegacyEncoding::Tcvn3 => "TCVN3 (.VnTime)",
            vn::legacy::LegacyEncoding::Vni => "VNI (VNI-Times)",
        };
        (fixed, name)
    })
}

/// Reads a number typed as text the Vietnamese way ("1.234.567", "38,05", " 12 ").
pub fn parse_number(text: &str) -> Result<TextNumber, String> {
    vn::number::parse_vn_number(text)
        .map(|n| TextNumber {
            value: n.value,
            ambiguous: n.ambiguous,
        })
        .map_err(|e| e.to_string())
}

/// Vietnamese name order ("Công đoàn An Bình" before "Công đoàn Ấp Bắc").
pub fn compare_names(a: &str, b: &str) -> Ordering {
    vn::collate::compare(a, b).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_space_and_normalisation() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Nhà  Mái ấm:".nfd().collect();
        for (input, key) in [
            ("  Nhà Mái   ấm ", "nhà mái ấm"),
            (nfd.as_str(), "nhà mái ấm"),
            ("SỐ LIỆU", "số liệu"),
        ] {
            assert_eq!(match_key(input), key, "{input:?}");
        }
        assert_eq!(loose_key("Đường GIAO thông"), "duong giao thong");
    }

    #[test]
    fn numbers_typed_the_vietnamese_way() {
        let cases: &[(&str, Option<(f64, bool)>)] = &[
            ("12", Some((12.0, false))),
            ("1.234", Some((1234.0, true))),
            ("1.234.567", Some((1_234_567.0, false))),
            ("38,05", Some((38.05, false))),
            ("1.234,5", Some((1234.5, false))),
            (" 120 000 ", Some((120_000.0, false))),
            ("-3", Some((-3.0, false))),
            ("1.2OO", None),
            ("12,3,4", None),
            ("abc", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = parse_number(text).ok().map(|n| (n.value, n.ambiguous));
            assert_eq!(got, *expected, "{text:?}");
        }
    }
}
