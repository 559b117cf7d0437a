//! Text hygiene for Vietnamese: NFC normalisation and the keys names are compared by.
//!
//! Owns: [`nfc`], the matching key [`match_key`] (NFC, case folded, white space
//! collapsed, old and new tone placement unified) and the loose key [`loose_key`]
//! (the matching key without diacritics, for "did you mean" suggestions), plus the
//! Vietnamese syllable parser the tone placement and the legacy-text detector share.
//! It does not decide what counts as the same unit: callers compare keys.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The five tone marks as combining characters, in the order of the tones
/// huyền (grave), sắc (acute), hỏi (hook above), ngã (tilde), nặng (dot below).
pub(crate) const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Returns `s` in Unicode Normalization Form C, the form every string the tool writes
/// or compares is in.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The key two names are matched by: NFC, case folded, white space (including
/// no-break and other Unicode spaces) collapsed to one space and trimmed, zero-width
/// characters removed, and the tone mark of every Vietnamese syllable put in one
/// canonical place, so that the old and new placements (`hoà` / `hòa`, `thuỷ` /
/// `thủy`, `khoẻ` / `khỏe`) give the same key.
pub fn match_key(s: &str) -> String {
    let folded: String = nfc(s)
        .chars()
        .filter(|c| !is_zero_width(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    map_words(&collapsed, canonical_tone_placement)
}

/// [`match_key`] without any diacritics (`đ` becomes `d`), for suggestions when a
/// name matches nothing ("did you mean …?"): `Công Đoàn` and `cong doan` share it.
pub fn loose_key(s: &str) -> String {
    match_key(s)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Removes the diacritics of `s` (keeping case), `đ`/`Đ` becoming `d`/`D`.
pub fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect::<String>()
        .nfc()
        .collect()
}

/// The candidate a mistyped name most likely meant, for "did you mean …?": the one
/// whose [`loose_key`] equals the query's, else the one whose loose key is fewest
/// edits away, when that is at most a fifth of the query's length (and at least 2).
/// Ties go to the candidate listed first. `None` when nothing is close.
pub fn suggest<'a, S: AsRef<str>>(query: &str, candidates: &'a [S]) -> Option<&'a str> {
    let wanted: Vec<char> = loose_key(query).chars().collect();
    if wanted.is_empty() {
        return None;
    }
    let limit = (wanted.len() / 5).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let candidate = candidate.as_ref();
        let key: Vec<char> = loose_key(candidate).chars().collect();
        let distance = edit_distance(&wanted, &key);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance between two char slices.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Applies `f` to every maximal run of letters and combining marks in `s`, leaving
/// everything else in place.
fn map_words(s: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.chars() {
        if c.is_alphabetic() || is_combining_mark(c) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&f(&word));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&f(&word));
    }
    out
}

/// Puts the tone of one lowercase NFC word in the traditional place (`hòa`, `thủy`,
/// `khỏe`; `hoàng`, `thuở`, `người`). A word that is not a Vietnamese syllable, or
/// carries more than one tone mark, is returned unchanged.
fn canonical_tone_placement(word: &str) -> String {
    let mut tone = None;
    let mut tones = 0;
    let mut bare = String::with_capacity(word.len());
    for c in word.nfd() {
        if TONE_MARKS.contains(&c) {
            tone = Some(c);
            tones += 1;
        } else {
            bare.push(c);
        }
    }
    let (Some(tone), 1) = (tone, tones) else {
        return word.to_owned();
    };
    let letters: Vec<char> = bare.nfc().collect();
    let Some(syllable) = Syllable::parse(&letters) else {
        return word.to_owned();
    };
    let at = syllable.tone_position(&letters);
    let mut out = String::with_capacity(word.len() + 2);
    for (i, c) in letters.iter().enumerate() {
        out.push(*c);
        if i == at {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// The vowels of Vietnamese without tone, lowercase.
const VOWELS: &str = "aăâeêioôơuưy";
/// Vowels carrying a quality mark (breve, circumflex, horn): the tone sits on them.
const MARKED_VOWELS: &str = "ăâêôơư";

/// Onsets (phụ âm đầu), longest first so that the first match is the longest.
const ONSETS: [&str; 27] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Final consonants (phụ âm cuối).
const FINALS: [&str; 8] = ["c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// How a vowel nucleus (including its final semivowel) combines with a final consonant.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Closure {
    /// Never followed by a consonant (`ai`, `ưa`, `uôi`).
    Open,
    /// Always followed by a consonant (`ă`, `â`, `iê`, `uô`, `ươ`).
    Closed,
    /// Either (`a`, `oa`, `uy`).
    Either,
}

/// The vowel nuclei of Vietnamese syllables, untoned, lowercase.
const NUCLEI: [(&str, Closure); 59] = [
    ("a", Closure::Either),
    ("ă", Closure::Closed),
    ("â", Closure::Closed),
    ("e", Closure::Either),
    ("ê", Closure::Either),
    ("i", Closure::Either),
    ("o", Closure::Either),
    ("ô", Closure::Either),
    ("ơ", Closure::Either),
    ("u", Closure::Either),
    ("ư", Closure::Either),
    ("y", Closure::Either),
    ("ai", Closure::Open),
    ("ao", Closure::Open),
    ("au", Closure::Open),
    ("ay", Closure::Open),
    ("âu", Closure::Open),
    ("ây", Closure::Open),
    ("eo", Closure::Open),
    ("êu", Closure::Open),
    ("ia", Closure::Open),
    ("iu", Closure::Open),
    ("iê", Closure::Closed),
    ("oa", Closure::Either),
    ("oă", Closure::Closed),
    ("oe", Closure::Either),
    ("oi", Closure::Open),
    ("oo", Closure::Closed),
    ("ôi", Closure::Open),
    ("ơi", Closure::Open),
    ("ua", Closure::Open),
    ("uâ", Closure::Closed),
    ("uê", Closure::Either),
    ("ui", Closure::Open),
    ("uô", Closure::Closed),
    ("uơ", Closure::Open),
    ("uy", Closure::Either),
    ("ưa", Closure::Open),
    ("ưi", Closure::Open),
    ("ươ", Closure::Closed),
    ("ưu", Closure::Open),
    ("yê", Closure::Closed),
    ("iêu", Closure::Open),
    ("yêu", Closure::Open),
    ("oai", Closure::Open),
    ("oay", Closure::Open),
    ("oao", Closure::Open),
    ("oeo", Closure::Open),
    ("uây", Closure::Open),
    ("uâu", Closure::Open),
    ("uôi", Closure::Open),
    ("ươi", Closure::Open),
    ("ươu", Closure::Open),
    ("uya", Closure::Open),
    ("uyê", Closure::Closed),
    ("uyu", Closure::Open),
    ("uai", Closure::Open),
    ("uay", Closure::Open),
    ("ueo", Closure::Open),
];

/// The parts of one untoned, lowercase Vietnamese syllable, as char indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Syllable {
    /// Index of the first vowel of the nucleus.
    pub nucleus_start: usize,
    /// Number of vowels in the nucleus (semivowel finals `i y o u` included).
    pub nucleus_len: usize,
    /// Whether a final consonant follows the nucleus.
    pub has_final: bool,
}

impl Syllable {
    /// Parses `letters` (untoned, lowercase, NFC) as one Vietnamese syllable:
    /// onset, vowel nucleus, final consonant. `None` when it is not one.
    pub(crate) fn parse(letters: &[char]) -> Option<Syllable> {
        let text: String = letters.iter().collect();
        let is_vowel = |c: &char| VOWELS.contains(*c);
        let mut onset_len = 0;
        for onset in ONSETS {
            if let Some(rest) = text.strip_prefix(onset) {
                let n = onset.chars().count();
                // `gi` and `qu` are onsets only before another vowel (`gì` is g + i).
                if (onset == "gi" || onset == "qu")
                    && !rest.chars().next().is_some_and(|c| is_vowel(&c))
                {
                    if onset == "qu" {
                        return None;
                    }
                    continue;
                }
                onset_len = n;
                break;
            }
        }
        let nucleus_len = letters[onset_len..]
            .iter()
            .take_while(|c| is_vowel(c))
            .count();
        if nucleus_len == 0 {
            return None;
        }
        let nucleus: String = letters[onset_len..onset_len + nucleus_len].iter().collect();
        let last: String = letters[onset_len + nucleus_len..].iter().collect();
        let has_final = !last.is_empty();
        if has_final && !FINALS.contains(&last.as_str()) {
            return None;
        }
        let closure = NUCLEI
            .iter()
            .find(|(n, _)| *n == nucleus)
            .map(|(_, c)| *c)?;
        let fits = match closure {
            Closure::Open => !has_final,
            Closure::Closed => has_final,
            Closure::Either => true,
        };
        fits.then_some(Syllable {
            nucleus_start: onset_len,
            nucleus_len,
            has_final,
        })
    }

    /// The index (in the letters the syllable was parsed from) of the vowel that
    /// carries the tone in the traditional placement: a vowel with a quality mark
    /// (the last one: `ươ` → `ơ`); else, before a final consonant, the last vowel
    /// (`hoàng`); else the first of two vowels (`hòa`, `thủy`) or the middle of three
    /// (`ngoài`, `khuỷu`).
    pub(crate) fn tone_position(&self, letters: &[char]) -> usize {
        let range = self.nucleus_start..self.nucleus_start + self.nucleus_len;
        if let Some(i) = range
            .clone()
            .rev()
            .find(|&i| MARKED_VOWELS.contains(letters[i]))
        {
            return i;
        }
        if self.has_final {
            return range.end - 1;
        }
        match self.nucleus_len {
            1 | 2 => range.start,
            _ => range.start + 1,
        }
    }
}

/// Whether `word` (any case, NFC or not) is a well-formed Vietnamese syllable with at
/// most one tone mark.
pub(crate) fn is_vietnamese_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut bare = String::with_capacity(word.len());
    for c in word.nfd().flat_map(char::to_lowercase) {
        if TONE_MARKS.contains(&c) {
            tones += 1;
        } else {
            bare.push(c);
        }
    }
    let letters: Vec<char> = bare.nfc().collect();
    tones <= 1 && Syllable::parse(&letters).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn nfc_composes_decomposed_text() {
        let decomposed = "Co\u{302}ng đoa\u{300}n";
        assert_eq!(nfc(decomposed), "Công đoàn");
        assert_eq!(nfc("Công đoàn"), "Công đoàn");
    }

    #[test]
    fn match_key_table() {
        let cases = [
            ("Công đoàn cơ sở", "công đoàn cơ sở"),
            ("  CÔNG   ĐOÀN\u{a0}cơ sở ", "công đoàn cơ sở"),
            ("Co\u{302}ng đoa\u{300}n", "công đoàn"),
            ("hoà", "hòa"),
            ("Hòa", "hòa"),
            ("thuỷ", "thủy"),
            ("Thủy", "thủy"),
            ("khoẻ", "khỏe"),
            ("Tuỳ", "tùy"),
            ("hoàng", "hoàng"),
            ("người", "người"),
            ("ngoài", "ngoài"),
            ("quý", "quý"),
            ("giữa", "giữa"),
            ("gì", "gì"),
            ("Trường\u{200b} THCS", "trường thcs"),
            ("Văn hoá - Xã hội", "văn hóa - xã hội"),
            (
                "CĐCS Ủy ban nhân dân xã Hoà Hội",
                "cđcs ủy ban nhân dân xã hòa hội",
            ),
            ("UỶ BAN", "ủy ban"),
            ("café", "café"),
            ("x\tY\nz", "x y z"),
            ("qúy", "quý"),
            ("gìa", "già"),
            ("Nguyễn  Văn   A", "nguyễn văn a"),
            ("ĐOÀN\u{2009}VIÊN", "đoàn viên"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(match_key(input), expected, "match_key({input:?})");
        }
    }

    #[test]
    fn keys_are_idempotent() {
        let samples = [
            "Công đoàn cơ sở Trường THCS Hoà Hội",
            "  CĐCS  Ủy ban\u{a0}nhân dân ",
            "Thuỷ lợi, khoẻ mạnh",
            "Co\u{302}ng đoa\u{300}n",
            "qúy gìa",
        ];
        for s in samples {
            let key = match_key(s);
            assert_eq!(match_key(&key), key, "{s:?}");
            assert_eq!(nfc(&key), key, "{s:?}");
            let loose = loose_key(s);
            assert_eq!(loose_key(&loose), loose, "{s:?}");
            assert!(loose.is_ascii(), "{loose:?}");
        }
    }

    #[test]
    fn old_and_new_tone_placement_share_a_key() {
        let pairs = [
            ("hoà", "hòa"),
            ("Thuỷ lợi", "Thủy lợi"),
            ("khoẻ mạnh", "khỏe mạnh"),
            ("xoá", "xóa"),
            ("Hoà Thành", "Hòa Thành"),
            ("loè", "lòe"),
            ("uỷ ban", "ủy ban"),
            ("tuỳ", "tùy"),
            ("hoạ", "họa"),
        ];
        for (a, b) in pairs {
            assert_eq!(match_key(a), match_key(b), "{a:?} vs {b:?}");
            assert_ne!(nfc(a), nfc(b), "NFC alone must not unify {a:?} and {b:?}");
        }
    }

    #[test]
    fn loose_key_table() {
        let cases = [
            ("Công Đoàn", "cong doan"),
            ("CĐCS Trường THCS Thị trấn", "cdcs truong thcs thi tran"),
            ("  Ủy   ban ", "uy ban"),
            ("hoà", "hoa"),
            ("Ăn Âu Ơi Ưu", "an au oi uu"),
        ];
        for (input, expected) in cases {
            assert_eq!(loose_key(input), expected, "loose_key({input:?})");
        }
    }

    #[test]
    fn suggest_table() {
        let units = [
            "CĐCS Trường THCS Thị trấn",
            "CĐCS Trường THCS Hòa Hội",
            "CĐCS Ủy ban nhân dân xã Thanh Điền",
            "CĐCS Điện lực Châu Thành",
        ];
        let cases = [
            (
                "cdcs truong thcs thi tran",
                Some("CĐCS Trường THCS Thị trấn"),
            ),
            ("CĐCS Trường THCS Hoà Hội", Some("CĐCS Trường THCS Hòa Hội")),
            ("CDCS Truong THCS Hoa Hoi", Some("CĐCS Trường THCS Hòa Hội")),
            ("CĐCS UBND xã Thanh Điền", None),
            (
                "CĐCS Ủy ban nhân dân xã Thanh Điên",
                Some("CĐCS Ủy ban nhân dân xã Thanh Điền"),
            ),
            (
                "CĐCS Ủy ban nhân dân xã Thnh Điền",
                Some("CĐCS Ủy ban nhân dân xã Thanh Điền"),
            ),
            ("CĐCS Dien luc Chau Thanh", Some("CĐCS Điện lực Châu Thành")),
            ("Bệnh viện", None),
            ("", None),
        ];
        for (query, expected) in cases {
            assert_eq!(suggest(query, &units), expected, "{query:?}");
        }
        assert_eq!(edit_distance(&['a', 'b'], &['a', 'b']), 0);
        assert_eq!(edit_distance(&['a', 'b', 'c'], &['a', 'c']), 1);
        assert_eq!(edit_distance(&[], &['a', 'c']), 2);
    }

    #[test]
    fn strip_diacritics_keeps_case() {
        assert_eq!(strip_diacritics("Đoàn Thị Ửng"), "Doan Thi Ung");
    }

    #[test]
    fn syllable_recognition_table() {
        let cases = [
            ("công", true),
            ("đoàn", true),
            ("người", true),
            ("nghiêng", true),
            ("khuỷu", true),
            ("quốc", true),
            ("gì", true),
            ("giữa", true),
            ("tây", true),
            ("Tõy", false),
            ("coâng", false),
            ("c«ng", false),
            ("café", false),
            ("the", true),
            ("english", false),
            ("ăn", true),
            ("ă", false),
            ("âu", true),
            ("xoong", true),
        ];
        for (word, expected) in cases {
            assert_eq!(is_vietnamese_syllable(word), expected, "{word:?}");
        }
    }
}
