//! Legacy Vietnamese text: TCVN3 (ABC, the `.VnTime` fonts) and VNI (`VNI-Times`).
//!
//! Before Unicode, Vietnamese was typed with fonts that draw Vietnamese letters in
//! place of Latin-1 characters. Old spreadsheets still hold such text: read as
//! Unicode it shows `C«ng ®oµn` (TCVN3) or `Coâng ñoaøn` (VNI) for "Công đoàn".
//! This module owns the complete tables for every letter and tone in both encodings,
//! detection of such text, and conversion both ways. It decides nothing about
//! reporting: [`detect_and_convert`] returns what it converted so the caller can say so.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::text::{TONE_MARKS, is_vietnamese_syllable};

/// A legacy 8-bit Vietnamese encoding, as text typed in its fonts appears once read
/// as Latin-1/Windows-1252.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN3 (TCVN 5712:1993 "ABC"), the `.VnTime` / `.VnArial` fonts: one
    /// character per letter; capitals with tones come from the separate `…H` fonts.
    Tcvn3,
    /// VNI Windows (`VNI-Times`): a base letter followed by a mark character.
    Vni,
}

impl LegacyEncoding {
    /// The name a message shows: `TCVN3 (.VnTime)` or `VNI (VNI-Times)`.
    pub fn name(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3 (.VnTime)",
            LegacyEncoding::Vni => "VNI (VNI-Times)",
        }
    }
}

impl std::fmt::Display for LegacyEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A character that a legacy encoding cannot represent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{encoding} cannot represent {ch:?} (at character {position} of {text:?})")]
pub struct EncodeError {
    /// The encoding asked for.
    pub encoding: LegacyEncoding,
    /// The character it lacks.
    pub ch: char,
    /// Its position (0-based, in characters of the NFC text).
    pub position: usize,
    /// The text being encoded.
    pub text: String,
}

/// TCVN3 (ABC): every lowercase Vietnamese letter, and the capitals the font has
/// (capitals with tones exist only in the `…H` fonts, which reuse the lowercase codes).
/// Each row: the untoned letter, then its five tones (huyền, sắc, hỏi, ngã, nặng).
const TCVN3_ROWS: [(&str, [char; 6]); 12] = [
    ("a", ['a', 'µ', '¸', '¶', '·', '¹']),
    ("ă", ['¨', '»', '¾', '¼', '½', 'Æ']),
    ("â", ['©', 'Ç', 'Ê', 'È', 'É', 'Ë']),
    ("e", ['e', 'Ì', 'Ð', 'Î', 'Ï', 'Ñ']),
    ("ê", ['ª', 'Ò', 'Õ', 'Ó', 'Ô', 'Ö']),
    ("i", ['i', '×', 'Ý', 'Ø', 'Ü', 'Þ']),
    ("o", ['o', 'ß', 'ã', 'á', 'â', 'ä']),
    ("ô", ['«', 'å', 'è', 'æ', 'ç', 'é']),
    ("ơ", ['¬', 'ê', 'í', 'ë', 'ì', 'î']),
    ("u", ['u', 'ï', 'ó', 'ñ', 'ò', 'ô']),
    ("ư", ['\u{AD}', 'õ', 'ø', 'ö', '÷', 'ù']),
    ("y", ['y', 'ú', 'ý', 'û', 'ü', 'þ']),
];

/// TCVN3 letters outside the vowel rows: đ and the untoned capitals the font has.
const TCVN3_OTHERS: [(char, char); 8] = [
    ('đ', '®'),
    ('Ă', '¡'),
    ('Â', '¢'),
    ('Ê', '£'),
    ('Ô', '¤'),
    ('Ơ', '¥'),
    ('Ư', '¦'),
    ('Đ', '§'),
];

/// VNI marks, lowercase and capital forms, per (quality, tone). The tone index is
/// 0 for none, then huyền, sắc, hỏi, ngã, nặng.
const VNI_TONE: [(&str, &str); 6] = [
    ("", ""),
    ("ø", "Ø"),
    ("ù", "Ù"),
    ("û", "Û"),
    ("õ", "Õ"),
    ("ï", "Ï"),
];
const VNI_CIRCUMFLEX: [(&str, &str); 6] = [
    ("â", "Â"),
    ("à", "À"),
    ("á", "Á"),
    ("å", "Å"),
    ("ã", "Ã"),
    ("ä", "Ä"),
];
const VNI_BREVE: [(&str, &str); 6] = [
    ("ê", "Ê"),
    ("è", "È"),
    ("é", "É"),
    ("ú", "Ú"),
    ("ü", "Ü"),
    ("ë", "Ë"),
];
/// VNI `i`, which takes no mark: each tone is its own character.
const VNI_I: [(&str, &str); 6] = [
    ("i", "I"),
    ("ì", "Ì"),
    ("í", "Í"),
    ("æ", "Æ"),
    ("ó", "Ó"),
    ("ò", "Ò"),
];

/// The twelve Vietnamese vowels, untoned.
const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// Every Vietnamese letter with a diacritic or tone, lowercase and capital, with its
/// spelling in `encoding` (`None` where the encoding has no code for it), plus `đ`/`Đ`.
pub fn table(encoding: LegacyEncoding) -> Vec<(char, Option<String>)> {
    let mut rows = Vec::new();
    for vowel in VOWELS {
        for tone in 0..6 {
            for capital in [false, true] {
                let letter = with_tone(vowel, tone, capital);
                rows.push((letter, spell(encoding, vowel, tone, capital)));
            }
        }
    }
    for capital in [false, true] {
        let d = if capital { 'Đ' } else { 'đ' };
        let spelled = match encoding {
            LegacyEncoding::Tcvn3 => TCVN3_OTHERS
                .iter()
                .find(|(u, _)| *u == d)
                .map(|(_, t)| t.to_string()),
            LegacyEncoding::Vni => Some(if capital { "Ñ" } else { "ñ" }.to_owned()),
        };
        rows.push((d, spelled));
    }
    rows
}

/// The letter `vowel` (untoned, lowercase) with tone `tone` (0 = none, 1–5 = huyền,
/// sắc, hỏi, ngã, nặng), capital or not.
fn with_tone(vowel: char, tone: usize, capital: bool) -> char {
    let mut s = String::new();
    s.push(vowel);
    if tone > 0 {
        s.push(TONE_MARKS[tone - 1]);
    }
    let composed: String = s.nfc().collect();
    let c = composed.chars().next().unwrap_or(vowel);
    if capital {
        c.to_uppercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// How `encoding` spells `vowel` with `tone`, or `None` where it cannot.
fn spell(encoding: LegacyEncoding, vowel: char, tone: usize, capital: bool) -> Option<String> {
    match encoding {
        LegacyEncoding::Tcvn3 => {
            let (_, row) = TCVN3_ROWS.iter().find(|(v, _)| v.starts_with(vowel))?;
            if !capital {
                return Some(row[tone].to_string());
            }
            if tone > 0 {
                return None;
            }
            let upper = vowel.to_uppercase().next()?;
            if upper.is_ascii() {
                return Some(upper.to_string());
            }
            TCVN3_OTHERS
                .iter()
                .find(|(u, _)| *u == upper)
                .map(|(_, t)| t.to_string())
        }
        LegacyEncoding::Vni => {
            let pick = |pair: (&'static str, &'static str)| if capital { pair.1 } else { pair.0 };
            let base = |c: char| if capital { c.to_ascii_uppercase() } else { c };
            Some(match vowel {
                'i' => pick(VNI_I[tone]).to_owned(),
                'y' if tone == 5 => pick(("î", "Î")).to_owned(),
                'â' => format!("{}{}", base('a'), pick(VNI_CIRCUMFLEX[tone])),
                'ê' => format!("{}{}", base('e'), pick(VNI_CIRCUMFLEX[tone])),
                'ô' => format!("{}{}", base('o'), pick(VNI_CIRCUMFLEX[tone])),
                'ă' => format!("{}{}", base('a'), pick(VNI_BREVE[tone])),
                'ơ' => format!("{}{}", pick(("ô", "Ô")), pick(VNI_TONE[tone])),
                'ư' => format!("{}{}", pick(("ö", "Ö")), pick(VNI_TONE[tone])),
                plain => format!("{}{}", base(plain), pick(VNI_TONE[tone])),
            })
        }
    }
}

/// Legacy spelling → Unicode letter, with the longest legacy spelling first tried.
struct Decoder {
    map: HashMap<String, char>,
    longest: usize,
}

impl Decoder {
    fn build(encoding: LegacyEncoding) -> Decoder {
        let mut map = HashMap::new();
        for (letter, spelled) in table(encoding) {
            let Some(spelled) = spelled else { continue };
            if spelled.is_ascii() {
                continue;
            }
            map.insert(spelled.clone(), letter);
            // VNI capitals are sometimes typed with the lowercase mark after a capital
            // base (`Aù`); the base decides the case.
            if encoding == LegacyEncoding::Vni {
                let mut chars = spelled.chars();
                if let (Some(b), Some(m), None) = (chars.next(), chars.next(), chars.next())
                    && b.is_ascii_uppercase()
                {
                    let lower_mark: String = m.to_lowercase().collect();
                    map.entry(format!("{b}{lower_mark}")).or_insert(letter);
                }
            }
        }
        let longest = map.keys().map(|k| k.chars().count()).max().unwrap_or(1);
        Decoder { map, longest }
    }

    fn decode(&self, s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < chars.len() {
            let mut matched = false;
            for len in (1..=self.longest.min(chars.len() - i)).rev() {
                let key: String = chars[i..i + len].iter().collect();
                if let Some(letter) = self.map.get(&key) {
                    out.push(*letter);
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }
}

fn decoder(encoding: LegacyEncoding) -> &'static Decoder {
    static TCVN3: OnceLock<Decoder> = OnceLock::new();
    static VNI: OnceLock<Decoder> = OnceLock::new();
    match encoding {
        LegacyEncoding::Tcvn3 => TCVN3.get_or_init(|| Decoder::build(LegacyEncoding::Tcvn3)),
        LegacyEncoding::Vni => VNI.get_or_init(|| Decoder::build(LegacyEncoding::Vni)),
    }
}

/// Converts text typed in `encoding` to Unicode (NFC). Characters that are not codes
/// of the encoding are kept. For TCVN3, a word whose plain letters are all capitals
/// is taken as typed in a capitals font (`.VnTimeH`) and converted to capitals.
pub fn decode(s: &str, encoding: LegacyEncoding) -> String {
    let decoded = decoder(encoding).decode(s);
    if encoding == LegacyEncoding::Tcvn3 {
        return upper_case_capital_font_words(s, &decoded);
    }
    decoded
}

/// TCVN3 capitals with tones come from the `…H` fonts, which reuse the lowercase codes:
/// `C«NG §OµN` is "CÔNG ĐOÀN". Upper-cases the whole text when all its ASCII letters
/// are capitals (at least two), else each word whose ASCII letters are all capitals
/// and that holds at least two of them (so `A` alone decides nothing).
fn upper_case_capital_font_words(original: &str, decoded: &str) -> String {
    // TCVN3 decoding maps one char to one char, so words line up.
    let original: Vec<char> = original.chars().collect();
    let decoded: Vec<char> = decoded.chars().collect();
    if original.len() != decoded.len() {
        return decoded.iter().collect();
    }
    let ascii_letters = || original.iter().filter(|c| c.is_ascii_alphabetic());
    let whole_text_in_capitals =
        ascii_letters().count() >= 2 && ascii_letters().all(char::is_ascii_uppercase);
    let mut out = String::with_capacity(decoded.len() * 2);
    let mut start = 0;
    while start < decoded.len() {
        let end = (start..decoded.len())
            .find(|&i| original[i].is_whitespace())
            .unwrap_or(decoded.len());
        let word = &original[start..end];
        let ascii_letters: Vec<char> = word
            .iter()
            .copied()
            .filter(char::is_ascii_alphabetic)
            .collect();
        let capital_font = whole_text_in_capitals
            || (ascii_letters.len() >= 2 && ascii_letters.iter().all(char::is_ascii_uppercase));
        for c in &decoded[start..end] {
            if capital_font {
                out.extend(c.to_uppercase());
            } else {
                out.push(*c);
            }
        }
        if end < decoded.len() {
            out.push(decoded[end]);
        }
        start = end + 1;
    }
    out
}

/// Converts Unicode text to `encoding`, as it would be typed in that encoding's fonts.
/// Fails on the first character the encoding cannot represent (in TCVN3, capitals
/// with tones, which need a separate font).
pub fn encode(s: &str, encoding: LegacyEncoding) -> Result<String, EncodeError> {
    static TCVN3: OnceLock<HashMap<char, String>> = OnceLock::new();
    static VNI: OnceLock<HashMap<char, String>> = OnceLock::new();
    let build = |e| -> HashMap<char, String> {
        table(e)
            .into_iter()
            .filter_map(|(u, l)| l.map(|l| (u, l)))
            .collect()
    };
    let map = match encoding {
        LegacyEncoding::Tcvn3 => TCVN3.get_or_init(|| build(LegacyEncoding::Tcvn3)),
        LegacyEncoding::Vni => VNI.get_or_init(|| build(LegacyEncoding::Vni)),
    };
    let text: String = s.nfc().collect();
    let mut out = String::with_capacity(text.len() * 2);
    for (position, c) in text.chars().enumerate() {
        if let Some(spelled) = map.get(&c) {
            out.push_str(spelled);
        } else if c.is_ascii() {
            out.push(c);
        } else {
            return Err(EncodeError {
                encoding,
                ch: c,
                position,
                text,
            });
        }
    }
    Ok(out)
}

/// Characters Unicode Vietnamese has and no legacy text read as Latin-1 can hold:
/// their presence means the text is already Unicode.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || TONE_MARKS.contains(&c)
        || matches!(c, '\u{302}' | '\u{306}' | '\u{31B}')
}

/// The words of `s` that hold a non-ASCII character: the only words an encoding
/// decision can rest on. Words are split on white space and ASCII punctuation.
fn candidate_words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''))
        .filter(|w| !w.is_empty() && !w.is_ascii())
        .collect()
}

/// How many of `words` are Vietnamese: syllables, or abbreviations in capitals
/// (`CĐCS`, `LĐLĐ`: ASCII capitals and `Đ`, which legacy text spells with `Ñ` or `§`).
fn syllable_count<'a>(words: impl Iterator<Item = &'a str>) -> usize {
    let is_abbreviation =
        |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ');
    words
        .filter(|w| has_plausible_case(w) && (is_vietnamese_syllable(w) || is_abbreviation(w)))
        .count()
}

/// Whether a word is cased as words are: all lowercase, all capitals, or a capital
/// then lowercase. Legacy text read as Latin-1 often is not (`bÕn` is TCVN3 "bến").
fn has_plausible_case(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let rest_lower = letters.iter().skip(1).all(|c| !c.is_uppercase());
    let all_upper = letters.iter().all(|c| !c.is_lowercase());
    rest_lower || all_upper
}

/// When `s` looks like text typed in a legacy font, returns it converted to Unicode
/// (NFC) with the encoding it was in; `None` for Unicode Vietnamese, English or
/// anything else.
///
/// The test: text holding a letter only Unicode Vietnamese has (`đ`, `ơ`, `ư`, `ạ`…)
/// is Unicode. Otherwise the words holding non-ASCII characters are read three ways
/// (as they are, as TCVN3, as VNI), and a legacy reading wins only when it makes more
/// of them Vietnamese syllables than the text as it is, and more than half of them;
/// ties go to the text as it is. So a short text that reads as Vietnamese both ways
/// (VNI `Ninh Sôn` for "Ninh Sơn", TCVN3 `ghi chó` for "ghi chú") is left alone:
/// detection never corrupts Unicode text, at the price of missing such rare cells.
pub fn detect_and_convert(s: &str) -> Option<(String, LegacyEncoding)> {
    if s.is_ascii() || s.chars().any(is_unicode_vietnamese) {
        return None;
    }
    let words = candidate_words(s);
    if words.is_empty() {
        return None;
    }
    let as_is = syllable_count(words.iter().copied());
    let mut best: Option<(usize, String, LegacyEncoding)> = None;
    for encoding in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
        let decoded_words: Vec<String> = words.iter().map(|w| decode(w, encoding)).collect();
        let changed = decoded_words.iter().zip(&words).any(|(d, w)| d != w);
        if !changed {
            continue;
        }
        let score = syllable_count(decoded_words.iter().map(String::as_str));
        if score > as_is
            && score * 2 > words.len()
            && best.as_ref().is_none_or(|(b, _, _)| score > *b)
        {
            best = Some((score, decode(s, encoding).nfc().collect(), encoding));
        }
    }
    best.map(|(_, text, encoding)| (text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn issue_examples_convert() {
        assert_eq!(
            detect_and_convert("C«ng ®oµn c¬ së"),
            Some(("Công đoàn cơ sở".to_owned(), LegacyEncoding::Tcvn3))
        );
        assert_eq!(
            detect_and_convert("Coâng ñoaøn"),
            Some(("Công đoàn".to_owned(), LegacyEncoding::Vni))
        );
    }

    /// Legacy spellings written by hand from the fonts' code charts, independent of
    /// the tables above.
    #[test]
    fn known_words_decode() {
        let tcvn3 = [
            (
                "C«ng ®oµn c¬ së Tr\u{AD}êng THCS Thanh §iÒn",
                "Công đoàn cơ sở Trường THCS Thanh Điền",
            ),
            (
                "Liªn ®oµn Lao ®éng huyÖn Ch©u Thµnh",
                "Liên đoàn Lao động huyện Châu Thành",
            ),
            (
                "Uû ban nh©n d©n x· H¶o §\u{AD}íc",
                "Uỷ ban nhân dân xã Hảo Đước",
            ),
            ("NguyÔn V¨n A", "Nguyễn Văn A"),
            ("¡n uèng", "Ăn uống"),
            ("C«NG §OµN", "CÔNG ĐOÀN"),
            ("Tæng sè ®oµn viªn", "Tổng số đoàn viên"),
            (
                "Kû niÖm 70 n¨m ngµy Th\u{AD}¬ng binh, LiÖt sÜ",
                "Kỷ niệm 70 năm ngày Thương binh, Liệt sĩ",
            ),
        ];
        for (legacy, unicode) in tcvn3 {
            assert_eq!(
                decode(legacy, LegacyEncoding::Tcvn3),
                unicode,
                "TCVN3 {legacy:?}"
            );
            assert_eq!(
                detect_and_convert(legacy),
                Some((unicode.to_owned(), LegacyEncoding::Tcvn3)),
                "detect TCVN3 {legacy:?}"
            );
        }
        let vni = [
            (
                "Coâng ñoaøn cô sôû Tröôøng THCS Thanh Ñieàn",
                "Công đoàn cơ sở Trường THCS Thanh Điền",
            ),
            (
                "Lieân ñoaøn Lao ñoäng huyeän Chaâu Thaønh",
                "Liên đoàn Lao động huyện Châu Thành",
            ),
            ("Nguyeãn Vaên Aùnh", "Nguyễn Văn Ánh"),
            ("COÂNG ÑOAØN", "CÔNG ĐOÀN"),
            ("Toång soá ñoaøn vieân", "Tổng số đoàn viên"),
            (
                "Kyû nieäm 70 naêm ngaøy Thöông binh, Lieät só",
                "Kỷ niệm 70 năm ngày Thương binh, Liệt sĩ",
            ),
            ("Ngöôøi lao ñoäng", "Người lao động"),
        ];
        for (legacy, unicode) in vni {
            assert_eq!(
                decode(legacy, LegacyEncoding::Vni),
                unicode,
                "VNI {legacy:?}"
            );
            assert_eq!(
                detect_and_convert(legacy),
                Some((unicode.to_owned(), LegacyEncoding::Vni)),
                "detect VNI {legacy:?}"
            );
        }
    }

    #[test]
    fn every_letter_and_tone_round_trips() {
        let mut checked = 0;
        for encoding in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
            let rows = table(encoding);
            // 12 vowels × 6 tones × 2 cases + đ, Đ.
            assert_eq!(rows.len(), 146);
            for (letter, spelled) in rows {
                let unicode = letter.to_string();
                match spelled {
                    Some(spelled) => {
                        assert_eq!(
                            encode(&unicode, encoding).as_ref(),
                            Ok(&spelled),
                            "{encoding:?} encode {letter}"
                        );
                        let back = decoder(encoding).decode(&spelled);
                        assert_eq!(back, unicode, "{encoding:?} decode {spelled:?}");
                        checked += 1;
                    }
                    None => {
                        assert_eq!(encoding, LegacyEncoding::Tcvn3);
                        assert!(
                            letter.is_uppercase(),
                            "TCVN3 lacks only toned capitals, not {letter}"
                        );
                        assert!(encode(&unicode, encoding).is_err());
                        // The capital font draws it from the lowercase code.
                        let lower: String = letter.to_lowercase().collect();
                        let spelled = encode(&lower, encoding).unwrap_or_default();
                        assert_eq!(
                            decode(&format!("X{spelled}X"), encoding),
                            format!("X{letter}X")
                        );
                    }
                }
            }
        }
        // VNI has all 146; TCVN3 lacks the 12 × 5 toned capitals.
        assert_eq!(checked, 146 + 146 - 60);
    }

    #[test]
    fn tcvn3_codes_are_distinct_and_single_characters() {
        let rows = table(LegacyEncoding::Tcvn3);
        let mut seen = HashMap::new();
        for (letter, spelled) in rows {
            let Some(spelled) = spelled else { continue };
            assert_eq!(spelled.chars().count(), 1, "{letter}");
            if let Some(previous) = seen.insert(spelled.clone(), letter) {
                panic!("{spelled:?} used for both {previous} and {letter}");
            }
        }
    }

    #[test]
    fn sentences_round_trip() {
        let sentences = [
            "Công đoàn cơ sở Trường THCS Nguyễn Trãi",
            "kỷ niệm 88 năm ngày thành lập Công đoàn Việt Nam",
            "Phối hợp, tham gia làm công tác dân vận năm 2017",
            "Ủy ban nhân dân xã Hòa Hội",
            "Ơn nghĩa sinh thành, Ưu tiên, Ăn ở, Âu lo, Đảng bộ",
        ];
        for s in sentences {
            let vni = encode(s, LegacyEncoding::Vni).expect("VNI has every letter");
            assert_eq!(decode(&vni, LegacyEncoding::Vni), s);
            assert_eq!(
                detect_and_convert(&vni),
                Some((s.to_owned(), LegacyEncoding::Vni)),
                "{vni:?}"
            );
            let lower = s.to_lowercase();
            let tcvn3 =
                encode(&lower, LegacyEncoding::Tcvn3).expect("TCVN3 has every lowercase letter");
            assert_eq!(decode(&tcvn3, LegacyEncoding::Tcvn3), lower);
            assert_eq!(
                detect_and_convert(&tcvn3),
                Some((lower.clone(), LegacyEncoding::Tcvn3)),
                "{tcvn3:?}"
            );
        }
    }

    #[test]
    fn encode_reports_what_it_cannot_represent() {
        let err = encode("Ủy ban", LegacyEncoding::Tcvn3).unwrap_err();
        assert_eq!(err.ch, 'Ủ');
        assert_eq!(err.position, 0);
        assert_eq!(
            err.to_string(),
            "TCVN3 (.VnTime) cannot represent 'Ủ' (at character 0 of \"Ủy ban\")"
        );
        assert_eq!(LegacyEncoding::Vni.to_string(), "VNI (VNI-Times)");
        assert!(encode("日本", LegacyEncoding::Vni).is_err());
    }

    #[test]
    fn detection_does_not_fire_on_unicode_beyond_the_letters() {
        // Text no legacy font could hold (typographic dashes and quotes, decomposed
        // letters, Unicode-only letters alone) is Unicode by construction.
        let unicode = [
            "Bà Rịa – Vũng Tàu",
            "“Mái ấm Công đoàn”",
            "Co\u{302}ng đoa\u{300}n",
            "ơ",
            "Ư",
            "Đ",
            "ạ",
            "Kỷ niệm 70 năm (27/7/1947 – 27/7/2017)",
        ];
        for s in unicode {
            assert_eq!(detect_and_convert(s), None, "{s:?}");
        }
    }

    /// Real-looking Unicode Vietnamese: none may be taken for legacy text, and each,
    /// typed in a legacy font, must be recognised and converted back.
    const UNICODE_SAMPLES: [&str; 48] = [
        "Công đoàn cơ sở Trường THCS Nguyễn Trãi",
        "CĐCS Ủy ban nhân dân xã Hòa Hội",
        "Liên đoàn Lao động huyện Châu Thành",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
        "Tây Ninh",
        "Châu Thành",
        "Tân Châu",
        "Cà Mau",
        "Phú Yên",
        "Hòa Thành",
        "Hoà Thành",
        "Tô Châu",
        "Cô Tô",
        "Võ Văn Kiệt",
        "Bến Tre",
        "Trà Vinh",
        "Tân Biên",
        "Gò Dầu",
        "Dương Minh Châu",
        "Bà Rịa - Vũng Tàu",
        "Thái Bình",
        "Sóc Trăng",
        "Tổng số đoàn viên",
        "Số: 05/KH-LĐLĐ",
        "Nơi nhận:",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Độc lập - Tự do - Hạnh phúc",
        "Mái ấm Công đoàn",
        "Lê Thị Bé",
        "Trần Văn Tý",
        "Ông Hùng",
        "Bà Mến",
        "Cô Út",
        "Tân Hòa",
        "Hảo Đước",
        "ĐOÀN VIÊN",
        "Phước Vinh",
        "Thanh Điền",
        "Ninh Sơn",
        "Số đoàn viên tham gia",
        "Số công trình, phần việc",
        "Kinh phí (đồng)",
        "Ghi chú",
        "Tên đơn vị",
        "Biểu 1: Kết quả phối hợp làm công tác dân vận năm 2017",
        "CĐCS Công ty TNHH Ánh Dương",
        "Trường Mầm non Họa Mi",
    ];

    #[test]
    fn detection_does_not_fire_on_unicode_vietnamese_samples() {
        for s in UNICODE_SAMPLES {
            assert_eq!(detect_and_convert(s), None, "{s:?}");
        }
    }

    #[test]
    fn legacy_spellings_of_the_samples_are_detected_and_converted() {
        let mut failures = Vec::new();
        // Ties: read as Unicode these are words too ("Sôn", "chó"), so the text as it
        // is wins; see `ties_go_to_the_text_as_it_is`.
        let ties = ["Ninh Sơn", "Ghi chú"];
        for s in UNICODE_SAMPLES.iter().filter(|s| !ties.contains(s)) {
            let s: String = s.nfc().collect();
            let vni = encode(&s, LegacyEncoding::Vni).expect("VNI has every letter");
            if detect_and_convert(&vni) != Some((s.clone(), LegacyEncoding::Vni)) {
                failures.push(format!("VNI {vni:?} → {:?}", detect_and_convert(&vni)));
            }
            // TCVN3 has no toned capitals in the normal font: type them in lowercase,
            // as clerks did, except whole words in capitals (the `…H` font).
            let typed: String = s
                .split(' ')
                .map(|w| {
                    let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && w.chars().all(|c| !c.is_lowercase());
                    if all_caps {
                        w.to_owned()
                    } else {
                        w.to_lowercase()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            let in_font: String = typed
                .split(' ')
                .map(|w| {
                    let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && w.chars().all(|c| !c.is_lowercase());
                    if all_caps {
                        // The capitals font: plain letters as capitals, the rest by the lowercase codes.
                        w.chars()
                            .map(|c| {
                                if c.is_ascii() {
                                    c.to_string()
                                } else {
                                    let lower: String = c.to_lowercase().collect();
                                    encode(&lower, LegacyEncoding::Tcvn3).unwrap_or_default()
                                }
                            })
                            .collect::<String>()
                    } else {
                        encode(w, LegacyEncoding::Tcvn3).unwrap_or_default()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            if detect_and_convert(&in_font) != Some((typed.clone(), LegacyEncoding::Tcvn3)) {
                failures.push(format!(
                    "TCVN3 {in_font:?} → {:?}",
                    detect_and_convert(&in_font)
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn ties_go_to_the_text_as_it_is() {
        // VNI "Ninh Sôn" is "Ninh Sơn", but "Sôn" is a syllable as it stands; TCVN3
        // "ghi chó" is "ghi chú", but "chó" is a word. Without more evidence in the
        // same text, detection must not fire: it never corrupts Unicode text.
        assert_eq!(detect_and_convert("Ninh Sôn"), None);
        assert_eq!(detect_and_convert("ghi chó"), None);
        // With more evidence in the same text it does.
        assert_eq!(
            detect_and_convert("Coâng ñoaøn Ninh Sôn"),
            Some(("Công đoàn Ninh Sơn".to_owned(), LegacyEncoding::Vni))
        );
    }

    #[test]
    fn detection_does_not_fire_on_english_or_other_text() {
        let other = [
            "Trade union of the district",
            "Total members",
            "",
            "1.200.000",
            "café au lait",
            "naïve résumé",
            "Piñata",
            "España",
            "Müller",
            "© 2017",
            "50 °C",
            "½ day",
            "§ 3",
            "déjà vu",
            "Ångström",
            "crème brûlée",
            "Zoë",
            "façade",
            "São Paulo",
            "Dvořák",
            "— – “quoted” ‘text’ …",
            "€ 100",
            "x² + y²",
            "±5 µm",
        ];
        for s in other {
            assert_eq!(detect_and_convert(s), None, "{s:?}");
        }
    }
}
