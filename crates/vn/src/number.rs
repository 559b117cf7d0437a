//! Numbers the Vietnamese way: parsing what clerks type, formatting, and words.
//!
//! Owns the conventions of Nghị định 30/2020 as `reference/the-thuc-van-ban.md`
//! states them: a dot groups thousands and a comma marks decimals (`1.234.567`,
//! `38,05`), and the rules for reading numbers in words (`mười`/`mươi`, `mốt`, `lăm`,
//! `linh`, `không trăm`, the scales nghìn, triệu, tỷ, nghìn tỷ). It never guesses
//! silently: a number that could be read two ways is flagged as ambiguous.

/// A number parsed from text, with whether its reading was a guess.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedNumber {
    /// The value, read the Vietnamese way where the text allows two readings.
    pub value: f64,
    /// `true` when the text can also be read another way: `1.234` is 1234 the
    /// Vietnamese way but 1.234 the English way; `1,234` the reverse.
    pub ambiguous: bool,
}

/// Why a text is not a number. Each message quotes the text and says what is wrong
/// in plain words, so a caller only adds where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing but white space (or a currency sign).
    #[error("{text:?} is not a number: it is empty")]
    Empty {
        /// The text as given.
        text: String,
    },
    /// A character that has no place in a number.
    #[error("{text:?} is not a number: it contains {found}")]
    Unexpected {
        /// The text as given.
        text: String,
        /// The character, described (`the letter 'O' (a zero typed as the letter O?)`).
        found: String,
    },
    /// Separators that do not group digits by three.
    #[error("{text:?} is not a number: the digits are not grouped by three between the separators")]
    Grouping {
        /// The text as given.
        text: String,
    },
    /// A sign, parenthesis or separator out of place.
    #[error("{text:?} is not a number: {reason}")]
    Malformed {
        /// The text as given.
        text: String,
        /// What is out of place.
        reason: &'static str,
    },
}

/// Why a number cannot be read in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    /// Outside the range the scales cover (below one quintillion in magnitude).
    #[error("{value} is too large to read in words (the limit is 999.999.999.999.999.999)")]
    TooLarge {
        /// The number.
        value: i128,
    },
}

/// Largest magnitude [`words`] reads: 10^18 − 1 (the scale "triệu tỷ").
pub const WORDS_MAX: i128 = 999_999_999_999_999_999;

/// Currency marks a typed amount may carry after (or before) the digits.
const CURRENCY: [&str; 7] = ["đồng", "vnđ", "vnd", "đ", "₫", "dong", "d"];

/// Spaces that may group thousands: ordinary, no-break, narrow no-break, thin, figure.
fn is_group_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2002}'
    )
}

/// Parses a number typed as text the Vietnamese way: `1.200.000`, `1,5`,
/// `1 200 000` (also with no-break spaces), `1.200.000 đ`, `(500.000)` (negative),
/// `-1.234,5`. English-style text whose reading is certain (`1,234.5`, `1,200,000`,
/// `0.5`) is accepted too. A single separator followed by exactly three digits
/// (`1.234`, `1,234`) is read the Vietnamese way and flagged `ambiguous`, except
/// three zeros (`500.000`, `1,000`), which no one types as decimals.
pub fn parse_vn_number(s: &str) -> Result<ParsedNumber, NumberError> {
    let text = s.to_owned();
    let nfc = super::text::nfc(s);
    let mut body = nfc.trim_matches(|c: char| c.is_whitespace()).to_owned();
    // Currency mark, before or after.
    let lower = body.to_lowercase();
    // Byte offsets in `lower` are used on `body`: only when lowering kept them.
    for mark in CURRENCY.iter().filter(|_| lower.len() == body.len()) {
        if let Some(rest) = lower.strip_suffix(mark) {
            // "d"/"dong" only after a digit or space, so "1.2d0" still fails below.
            let rest_trimmed = rest.trim_end();
            if rest_trimmed.ends_with(|c: char| c.is_ascii_digit() || c == ')') {
                body = body[..rest_trimmed.len()].to_owned();
                break;
            }
        }
        if let Some(rest) = lower.strip_prefix(mark)
            && *mark != "d"
            && *mark != "dong"
        {
            body = body[body.len() - rest.len()..].trim_start().to_owned();
            break;
        }
    }
    let mut negative = false;
    if let Some(inner) = body.strip_prefix('(') {
        let Some(inner) = inner.strip_suffix(')') else {
            return Err(NumberError::Malformed {
                text,
                reason: "an opening parenthesis has no closing one",
            });
        };
        negative = true;
        body = inner.trim().to_owned();
    } else if body.ends_with(')') {
        return Err(NumberError::Malformed {
            text,
            reason: "a closing parenthesis has no opening one",
        });
    }
    if let Some(rest) = body.strip_prefix(['-', '−', '–']) {
        if negative {
            return Err(NumberError::Malformed {
                text,
                reason: "it is both in parentheses and has a minus sign",
            });
        }
        negative = true;
        body = rest.trim_start().to_owned();
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest.trim_start().to_owned();
    }
    if body.is_empty() {
        return Err(NumberError::Empty { text });
    }
    for c in body.chars() {
        if !(c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c)) {
            return Err(NumberError::Unexpected {
                found: describe(c),
                text,
            });
        }
    }
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(NumberError::Malformed {
            text,
            reason: "it does not start with a digit",
        });
    }
    if !body.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(NumberError::Malformed {
            text,
            reason: "it does not end with a digit",
        });
    }
    let (int_part, frac_part, ambiguous) =
        split_separators(&body).ok_or_else(|| NumberError::Grouping { text: text.clone() })?;
    let digits = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let magnitude: f64 = digits.parse().map_err(|_| NumberError::Malformed {
        text: text.clone(),
        reason: "it is not a number",
    })?;
    let value = if negative { -magnitude } else { magnitude };
    Ok(ParsedNumber {
        value: if value == 0.0 { 0.0 } else { value },
        ambiguous,
    })
}

/// Splits a body of digits, dots, commas and spaces into integer digits and
/// fraction digits, with whether the reading was ambiguous. `None` when the
/// separators do not group thousands by three.
fn split_separators(body: &str) -> Option<(String, String, bool)> {
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let (decimal, thousands): (Option<char>, Option<char>) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) if dots > 1 => (None, Some('.')),
        (0, _) if commas > 1 => (None, Some(',')),
        (1, 0) | (0, 1) => {
            let sep = if dots == 1 { '.' } else { ',' };
            let (int, frac) = body.split_once(sep)?;
            let int_digits: String = int.chars().filter(char::is_ascii_digit).collect();
            let looks_grouped = frac.len() == 3
                && frac.chars().all(|c| c.is_ascii_digit())
                && !int_digits.is_empty()
                && int_digits.len() <= 3
                && !int_digits.starts_with('0')
                && !int.chars().any(is_group_space);
            if looks_grouped && frac == "000" {
                // Nobody types three zero decimals: `500.000` and `1,000` group thousands.
                return Some((format!("{int_digits}{frac}"), String::new(), false));
            }
            if looks_grouped {
                // Vietnamese reading: a dot groups thousands, a comma marks decimals.
                let (int, frac) = if sep == '.' {
                    (format!("{int_digits}{frac}"), String::new())
                } else {
                    (int_digits, frac.to_owned())
                };
                return Some((int, frac, true));
            }
            (Some(sep), None)
        }
        _ => {
            // Both: the last one is the decimal separator, the other groups thousands.
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            if last_dot > last_comma {
                if dots > 1 {
                    return None;
                }
                (Some('.'), Some(','))
            } else {
                if commas > 1 {
                    return None;
                }
                (Some(','), Some('.'))
            }
        }
    };
    let (int, frac) = match decimal {
        Some(d) => {
            let (i, f) = body.split_once(d)?;
            if f.chars().any(|c| !c.is_ascii_digit()) {
                return None;
            }
            (i, f)
        }
        None => (body, ""),
    };
    // The integer part: groups separated by the thousands separator or spaces, each
    // of three digits after the first (of one to three).
    let groups: Vec<&str> = int
        .split(|c: char| Some(c) == thousands || is_group_space(c))
        .collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return None;
        }
    }
    let int_digits: String = groups.concat();
    if int_digits.is_empty() || !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((int_digits, frac.to_owned(), false))
}

/// Describes a character found where a digit was expected, with a hint for the
/// usual typing slips.
fn describe(c: char) -> String {
    match c {
        'O' | 'o' => format!("the letter {c:?} (a zero typed as the letter O?)"),
        'l' | 'I' => format!("the letter {c:?} (a one typed as a letter?)"),
        c if c.is_alphabetic() => format!("the letter {c:?}"),
        c if c.is_whitespace() => format!("a white space character (U+{:04X}) inside it", c as u32),
        c => format!("the character {c:?}"),
    }
}

/// Formats `value` with `decimals` digits after the decimal comma and dots grouping
/// thousands: `1234567.0, 0` → `1.234.567`, `38.05, 2` → `38,05`, `-1500.5, 1` →
/// `-1.500,5`. Integers up to 2^53 are exact. Never writes `-0`.
pub fn format_vn_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let plain = format!("{:.*}", decimals, round_half_away(value.abs(), decimals));
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let is_zero = plain.chars().all(|c| c == '0' || c == '.');
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 1);
    if value.is_sign_negative() && !is_zero {
        out.push('-');
    }
    out.push_str(&group_thousands(int));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Formats an integer exactly with dots grouping thousands: `-1234567` → `-1.234.567`.
pub fn format_vn_integer(value: i128) -> String {
    let digits = value.unsigned_abs().to_string();
    let grouped = group_thousands(&digits);
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Rounds an exact binary tie (`2.5` to 0 decimals) away from zero, as Excel's ROUND
/// and people do, where formatting alone would round it to even.
fn round_half_away(magnitude: f64, decimals: usize) -> f64 {
    let Ok(exp) = i32::try_from(decimals) else {
        return magnitude;
    };
    let scale = 10f64.powi(exp);
    let scaled = magnitude * scale;
    if scaled < 4_503_599_627_370_496.0 && scaled.fract() == 0.5 {
        scaled.ceil() / scale
    } else {
        magnitude
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// The scales inside one billion, per group of three digits from the units up.
const SCALES: [&str; 3] = ["", "nghìn", "triệu"];

const BILLION: u128 = 1_000_000_000;

/// Reads an integer in words, lowercase: `2001` → `hai nghìn không trăm linh một`,
/// `-15` → `âm mười lăm`, `1234567890123` → `một nghìn hai trăm ba mươi bốn tỷ năm
/// trăm sáu mươi bảy triệu …`. Above a billion the count of tỷ is read as a number
/// itself, which gives the scales nghìn tỷ and triệu tỷ. Magnitudes up to
/// [`WORDS_MAX`].
pub fn words(n: i128) -> Result<String, WordsError> {
    if n.unsigned_abs() > WORDS_MAX.unsigned_abs() {
        return Err(WordsError::TooLarge { value: n });
    }
    if n == 0 {
        return Ok(DIGITS[0].to_owned());
    }
    let mut parts: Vec<String> = Vec::new();
    if n < 0 {
        parts.push("âm".to_owned());
    }
    read_words(n.unsigned_abs(), false, &mut parts);
    Ok(parts.join(" "))
}

/// Appends the words of `n` (> 0). `inner` when digits precede it (it is the rest
/// below a tỷ), so that its leading group reads its hundreds too.
fn read_words(n: u128, inner: bool, parts: &mut Vec<String>) {
    if n >= BILLION {
        read_words(n / BILLION, inner, parts);
        parts.push("tỷ".to_owned());
        let rest = n % BILLION;
        if rest > 0 {
            read_words(rest, true, parts);
        }
        return;
    }
    let groups = [n % 1000, n / 1000 % 1000, n / 1_000_000];
    let Some(top) = groups.iter().rposition(|g| *g > 0) else {
        return;
    };
    for index in (0..=top).rev() {
        let group = groups[index] as usize;
        if group == 0 {
            continue;
        }
        parts.push(group_words(group, inner || index != top));
        if !SCALES[index].is_empty() {
            parts.push(SCALES[index].to_owned());
        }
    }
}

/// Reads one group of three digits. An inner group (one after the leading group)
/// always reads its hundreds, `không trăm` included.
fn group_words(group: usize, inner: bool) -> String {
    let (hundreds, tens, units) = (group / 100, group / 10 % 10, group % 10);
    let mut parts: Vec<&str> = Vec::new();
    let reads_hundreds = inner || hundreds > 0;
    if reads_hundreds {
        parts.push(DIGITS[hundreds]);
        parts.push("trăm");
    }
    match tens {
        0 => {
            if units > 0 {
                if reads_hundreds {
                    parts.push("linh");
                }
                parts.push(DIGITS[units]);
            }
        }
        1 => {
            parts.push("mười");
            match units {
                0 => {}
                5 => parts.push("lăm"),
                u => parts.push(DIGITS[u]),
            }
        }
        t => {
            parts.push(DIGITS[t]);
            parts.push("mươi");
            match units {
                0 => {}
                1 => parts.push("mốt"),
                5 => parts.push("lăm"),
                u => parts.push(DIGITS[u]),
            }
        }
    }
    parts.join(" ")
}

/// An amount of money in words, first letter capital, ending in `đồng`:
/// `120000000` → `Một trăm hai mươi triệu đồng` (as after "Bằng chữ:").
pub fn money_words(n: i128) -> Result<String, WordsError> {
    let text = words(n)?;
    Ok(format!("{} đồng", capitalise_first(&text)))
}

/// Upper-cases the first character of `s`.
pub fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn words_table() {
        let cases: &[(i128, &str)] = &[
            (0, "không"),
            (1, "một"),
            (2, "hai"),
            (4, "bốn"),
            (5, "năm"),
            (7, "bảy"),
            (9, "chín"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (19, "mười chín"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi bốn"),
            (25, "hai mươi lăm"),
            (30, "ba mươi"),
            (31, "ba mươi mốt"),
            (45, "bốn mươi lăm"),
            (55, "năm mươi lăm"),
            (70, "bảy mươi"),
            (88, "tám mươi tám"),
            (99, "chín mươi chín"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (111, "một trăm mười một"),
            (115, "một trăm mười lăm"),
            (120, "một trăm hai mươi"),
            (121, "một trăm hai mươi mốt"),
            (125, "một trăm hai mươi lăm"),
            (200, "hai trăm"),
            (215, "hai trăm mười lăm"),
            (243, "hai trăm bốn mươi ba"),
            (305, "ba trăm linh năm"),
            (999, "chín trăm chín mươi chín"),
            (1000, "một nghìn"),
            (1001, "một nghìn không trăm linh một"),
            (1005, "một nghìn không trăm linh năm"),
            (1010, "một nghìn không trăm mười"),
            (1015, "một nghìn không trăm mười lăm"),
            (1021, "một nghìn không trăm hai mươi mốt"),
            (1100, "một nghìn một trăm"),
            (1947, "một nghìn chín trăm bốn mươi bảy"),
            (2001, "hai nghìn không trăm linh một"),
            (2017, "hai nghìn không trăm mười bảy"),
            (2026, "hai nghìn không trăm hai mươi sáu"),
            (10_000, "mười nghìn"),
            (10_005, "mười nghìn không trăm linh năm"),
            (15_000, "mười lăm nghìn"),
            (21_000, "hai mươi mốt nghìn"),
            (100_000, "một trăm nghìn"),
            (105_000, "một trăm linh năm nghìn"),
            (1_000_000, "một triệu"),
            (1_000_001, "một triệu không trăm linh một"),
            (1_001_000, "một triệu không trăm linh một nghìn"),
            (1_200_000, "một triệu hai trăm nghìn"),
            (10_000_000, "mười triệu"),
            (120_000_000, "một trăm hai mươi triệu"),
            (1_000_000_000, "một tỷ"),
            (1_000_000_001, "một tỷ không trăm linh một"),
            (1_000_010_000, "một tỷ không trăm mười nghìn"),
            (5_000_000_000, "năm tỷ"),
            (
                1_234_567_890_123,
                "một nghìn hai trăm ba mươi bốn tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi nghìn một trăm hai mươi ba",
            ),
            (1_000_000_000_000, "một nghìn tỷ"),
            (
                999_999_999_999_999,
                "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
            ),
            (1_000_000_000_000_000, "một triệu tỷ"),
            (-1, "âm một"),
            (-15, "âm mười lăm"),
            (-2001, "âm hai nghìn không trăm linh một"),
        ];
        for (n, expected) in cases {
            assert_eq!(words(*n).as_deref(), Ok(*expected), "words({n})");
        }
    }

    #[test]
    fn words_are_nfc() {
        for n in (0..2200).chain([1_000_000_001, 1_234_567_890_123, -45]) {
            let w = words(n).unwrap_or_default();
            assert_eq!(crate::text::nfc(&w), w, "words({n}) is not NFC");
        }
    }

    #[test]
    fn words_limits() {
        assert!(words(WORDS_MAX).is_ok());
        assert!(words(-WORDS_MAX).is_ok());
        assert_eq!(
            words(WORDS_MAX + 1),
            Err(WordsError::TooLarge {
                value: WORDS_MAX + 1
            })
        );
        assert!(words(i128::MIN).is_err());
    }

    #[test]
    fn money_words_table() {
        let cases: &[(i128, &str)] = &[
            (120_000_000, "Một trăm hai mươi triệu đồng"),
            (0, "Không đồng"),
            (1_500_000, "Một triệu năm trăm nghìn đồng"),
            (2_001_000, "Hai triệu không trăm linh một nghìn đồng"),
            (-500_000, "Âm năm trăm nghìn đồng"),
        ];
        for (n, expected) in cases {
            assert_eq!(
                money_words(*n).as_deref(),
                Ok(*expected),
                "money_words({n})"
            );
        }
    }

    #[test]
    fn format_table() {
        let cases: &[(f64, usize, &str)] = &[
            (0.0, 0, "0"),
            (-0.0, 0, "0"),
            (-0.001, 2, "0,00"),
            (5.0, 0, "5"),
            (999.0, 0, "999"),
            (1000.0, 0, "1.000"),
            (1234567.0, 0, "1.234.567"),
            (-1234567.0, 0, "-1.234.567"),
            (38.05, 2, "38,05"),
            (38.0, 2, "38,00"),
            (1234.5, 1, "1.234,5"),
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (0.125, 2, "0,13"),
            (2.675, 1, "2,7"),
            (100.0, 3, "100,000"),
            (999_999_999_999_999.0, 0, "999.999.999.999.999"),
            (-1500.25, 2, "-1.500,25"),
        ];
        for (value, decimals, expected) in cases {
            assert_eq!(
                format_vn_number(*value, *decimals),
                *expected,
                "format_vn_number({value}, {decimals})"
            );
        }
    }

    #[test]
    fn format_integer_table() {
        let cases: &[(i128, &str)] = &[
            (0, "0"),
            (7, "7"),
            (12, "12"),
            (123, "123"),
            (1234, "1.234"),
            (12345, "12.345"),
            (123456, "123.456"),
            (-1234567, "-1.234.567"),
            (999_999_999_999_999, "999.999.999.999.999"),
            (1_000_000_000_000_001, "1.000.000.000.000.001"),
        ];
        for (value, expected) in cases {
            assert_eq!(
                format_vn_integer(*value),
                *expected,
                "format_vn_integer({value})"
            );
        }
    }

    #[test]
    fn parse_table() {
        let cases: &[(&str, f64, bool)] = &[
            ("0", 0.0, false),
            ("7", 7.0, false),
            ("1200000", 1_200_000.0, false),
            ("1.200.000", 1_200_000.0, false),
            ("1,5", 1.5, false),
            ("38,05", 38.05, false),
            ("1 200 000", 1_200_000.0, false),
            ("1\u{a0}200\u{a0}000", 1_200_000.0, false),
            ("1\u{202f}200\u{202f}000", 1_200_000.0, false),
            ("1.200.000 đ", 1_200_000.0, false),
            ("1.200.000đ", 1_200_000.0, false),
            ("1.200.000 đồng", 1_200_000.0, false),
            ("1.200.000 VNĐ", 1_200_000.0, false),
            ("1.200.000 VND", 1_200_000.0, false),
            ("₫ 1.200.000", 1_200_000.0, false),
            ("(500.000)", -500_000.0, false),
            ("(500.000) đ", -500_000.0, false),
            ("-500.000", -500_000.0, false),
            ("−2", -2.0, false),
            ("+3", 3.0, false),
            ("  42  ", 42.0, false),
            ("1.234", 1234.0, true),
            ("1,234", 1.234, true),
            ("1,000", 1000.0, false),
            ("500.000", 500_000.0, false),
            ("123.456", 123_456.0, true),
            ("0.123", 0.123, false),
            ("1.5", 1.5, false),
            ("1.2345", 1.2345, false),
            ("1.234,5", 1234.5, false),
            ("1.234.567,89", 1_234_567.89, false),
            ("1,234.5", 1234.5, false),
            ("1,200,000", 1_200_000.0, false),
            ("1 234,5", 1234.5, false),
            ("1 234.5", 1234.5, false),
            ("0,5", 0.5, false),
            ("100", 100.0, false),
        ];
        for (text, value, ambiguous) in cases {
            let parsed = parse_vn_number(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(
                parsed,
                ParsedNumber {
                    value: *value,
                    ambiguous: *ambiguous
                },
                "{text:?}"
            );
        }
    }

    #[test]
    fn parse_errors_table() {
        let cases: &[(&str, &str)] = &[
            (
                "1.2OO",
                "\"1.2OO\" is not a number: it contains the letter 'O' (a zero typed as the letter O?)",
            ),
            ("", "\"\" is not a number: it is empty"),
            ("   ", "\"   \" is not a number: it is empty"),
            ("đ", "\"đ\" is not a number: it is empty"),
            ("abc", "\"abc\" is not a number: it contains the letter 'a'"),
            (
                "1.20.000",
                "\"1.20.000\" is not a number: the digits are not grouped by three between the separators",
            ),
            (
                "1.200.00",
                "\"1.200.00\" is not a number: the digits are not grouped by three between the separators",
            ),
            (
                "12 34",
                "\"12 34\" is not a number: the digits are not grouped by three between the separators",
            ),
            (
                "1.234.5,6,7",
                "\"1.234.5,6,7\" is not a number: the digits are not grouped by three between the separators",
            ),
            (
                "(500",
                "\"(500\" is not a number: an opening parenthesis has no closing one",
            ),
            (
                "500)",
                "\"500)\" is not a number: a closing parenthesis has no opening one",
            ),
            (
                "(-5)",
                "\"(-5)\" is not a number: it is both in parentheses and has a minus sign",
            ),
            (
                ".5",
                "\".5\" is not a number: it does not start with a digit",
            ),
            ("5.", "\"5.\" is not a number: it does not end with a digit"),
            (
                "1/2",
                "\"1/2\" is not a number: it contains the character '/'",
            ),
            (
                "5%",
                "\"5%\" is not a number: it contains the character '%'",
            ),
            (
                "1.2d0",
                "\"1.2d0\" is not a number: it contains the letter 'd'",
            ),
            (
                "l00",
                "\"l00\" is not a number: it contains the letter 'l' (a one typed as a letter?)",
            ),
        ];
        for (text, message) in cases {
            let err = parse_vn_number(text).expect_err(text);
            assert_eq!(err.to_string(), *message, "{text:?}");
        }
    }
}
