//! The numbering of an official document's outline and symbol: roman numerals for
//! parts (`I.`), Vietnamese letters for points (`a)`, `b)`, … `đ)`), and the padded
//! document number of "Số: 05/KH-LĐLĐ".

/// A number outside what a numbering scheme can write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{scheme}: {value} is out of range ({min} to {max})")]
pub struct RangeError {
    /// The scheme (`roman`, `vn_letter`).
    pub scheme: &'static str,
    /// The number given.
    pub value: i128,
    /// Smallest number the scheme writes.
    pub min: i128,
    /// Largest number the scheme writes.
    pub max: i128,
}

/// The letters points are numbered with, in Vietnamese alphabet order (Nghị định
/// 30/2020, Phụ lục I: a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p, q, r, s, t, u,
/// v, x, y — no f, j, w, z, and no letters with diacritics other than đ).
pub const POINT_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// Roman numeral, upper case, for 1 to 3999: `4` → `IV`, `1947` → `MCMXLVII`.
pub fn roman(n: u32) -> Result<String, RangeError> {
    if !(1..=3999).contains(&n) {
        return Err(RangeError {
            scheme: "roman",
            value: i128::from(n),
            min: 1,
            max: 3999,
        });
    }
    const STEPS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, numeral) in STEPS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    Ok(out)
}

/// The letter of the `index`-th point (1-based) in Vietnamese order: `1` → `a`,
/// `5` → `đ`, `6` → `e`, `7` → `g`, up to `23` → `y`.
pub fn vn_letter(index: u32) -> Result<String, RangeError> {
    let position = usize::try_from(index).ok().and_then(|i| i.checked_sub(1));
    match position.and_then(|i| POINT_LETTERS.get(i)) {
        Some(letter) => Ok((*letter).to_owned()),
        None => Err(RangeError {
            scheme: "vn_letter",
            value: i128::from(index),
            min: 1,
            max: POINT_LETTERS.len() as i128,
        }),
    }
}

/// A document number as the symbol writes it: numbers below 10 padded to two
/// digits (`5` → `05`, `243` → `243`).
pub fn doc_number(n: u64) -> String {
    format!("{n:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn roman_table() {
        let cases = [
            (1, "I"),
            (2, "II"),
            (3, "III"),
            (4, "IV"),
            (5, "V"),
            (6, "VI"),
            (9, "IX"),
            (10, "X"),
            (14, "XIV"),
            (40, "XL"),
            (49, "XLIX"),
            (90, "XC"),
            (400, "CD"),
            (1947, "MCMXLVII"),
            (2017, "MMXVII"),
            (3999, "MMMCMXCIX"),
        ];
        for (n, expected) in cases {
            assert_eq!(roman(n).as_deref(), Ok(expected), "roman({n})");
        }
        for n in [0, 4000, u32::MAX] {
            let err = roman(n).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("roman: {n} is out of range (1 to 3999)")
            );
        }
    }

    #[test]
    fn vn_letter_table() {
        let expected = "a b c d đ e g h i k l m n o p q r s t u v x y";
        let letters: Vec<String> = (1..=23).map(|i| vn_letter(i).unwrap_or_default()).collect();
        assert_eq!(letters.join(" "), expected);
        assert_eq!(vn_letter(5).as_deref(), Ok("đ"));
        assert_eq!(
            vn_letter(0).unwrap_err().to_string(),
            "vn_letter: 0 is out of range (1 to 23)"
        );
        assert!(vn_letter(24).is_err());
    }

    #[test]
    fn doc_number_table() {
        let cases = [
            (0, "00"),
            (1, "01"),
            (5, "05"),
            (9, "09"),
            (10, "10"),
            (243, "243"),
            (1000, "1000"),
        ];
        for (n, expected) in cases {
            assert_eq!(doc_number(n), expected);
        }
    }
}
