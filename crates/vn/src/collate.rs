//! Vietnamese collation: the order a person sorts names in.
//!
//! Owns one collator, ICU4X `icu_collator` with the `vi` locale (compiled data, no
//! files read), where a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư, tones differ only
//! at the second level, and runs of digits compare as numbers ("số 2" before "số 10").
//! Byte order would put "Đ…" after "Z"; nothing here ever falls back to it except to
//! break a tie between strings the collator finds equal, so sorting is deterministic.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;

fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            let mut prefs = CollatorPreferences::from(&locale!("vi"));
            prefs.numeric_ordering = Some(CollationNumericOrdering::True);
            CollatorBorrowed::try_new(prefs, CollatorOptions::default()).ok()
        })
        .as_ref()
}

/// Compares two strings in Vietnamese order. Strings the collation finds equal (which
/// it does only for canonically equivalent text) are ordered by their bytes so that
/// the result is a total order.
pub fn compare(a: &str, b: &str) -> Ordering {
    let by_collation = match collator() {
        Some(c) => c.compare(a, b),
        // The compiled data is part of the binary; this is unreachable in practice,
        // and the loose key still sorts Vietnamese letters before byte order would.
        None => super::text::loose_key(a).cmp(&super::text::loose_key(b)),
    };
    by_collation.then_with(|| a.cmp(b))
}

/// The bytes that sort as [`compare`] without the tie on bytes: `sort_key(a)
/// .cmp(&sort_key(b))` is the collation's order of `a` and `b`. A key is built
/// once per string, where sorting n names calls the collator n log n times
/// (a merge's roster of 20,000 units).
pub fn sort_key(s: &str) -> Vec<u8> {
    match collator() {
        Some(c) => {
            let mut key = Vec::new();
            let Ok(()) = c.write_sort_key_to(s, &mut key);
            key
        }
        None => super::text::loose_key(s).into_bytes(),
    }
}

/// Sorts strings in Vietnamese order, in place.
pub fn sort_strings(v: &mut [String]) {
    v.sort_by(|a, b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn the_collator_is_available() {
        assert!(collator().is_some());
    }

    #[test]
    fn letter_order_table() {
        let ordered_pairs = [
            ("a", "ă"),
            ("ă", "â"),
            ("â", "b"),
            ("d", "đ"),
            ("đ", "e"),
            ("e", "ê"),
            ("o", "ô"),
            ("ô", "ơ"),
            ("ơ", "p"),
            ("u", "ư"),
            ("ư", "v"),
            ("Đ", "Z"),
            ("Ăn", "Ân"),
            ("Anh", "Ăn"),
            ("Ân", "Bình"),
            ("Đức", "Em"),
            ("Dung", "Đan"),
            ("Ơn", "Phú"),
            ("Ông", "Ơn"),
            ("Út", "Ưng"),
            ("Ưng", "Vân"),
            ("ma", "mà"),
            ("mà", "mả"),
            ("a", "A"),
            ("số 2", "số 10"),
            ("Hòa", "Hoàng"),
            ("Thanh", "Thạnh"),
            ("Thạnh", "Thành Công"),
        ];
        for (a, b) in ordered_pairs {
            assert_eq!(compare(a, b), Ordering::Less, "{a:?} < {b:?}");
            assert_eq!(compare(b, a), Ordering::Greater, "{b:?} > {a:?}");
        }
        assert_eq!(compare("Công", "Công"), Ordering::Equal);
    }

    /// Sort keys order as the collator compares, ties included, on names that
    /// differ by letters, tones, case, spaces, numbers and normalisation.
    #[test]
    fn sort_keys_order_as_the_collator_compares() {
        let nfd = "Ho\u{0300}a Hô\u{0323}i";
        let names = [
            "Công đoàn cơ sở Trường Tiểu học Số 2",
            "Công đoàn cơ sở Trường Tiểu học Số 10",
            "Công đoàn cơ sở Trường Tiểu học Số 02",
            "công đoàn cơ sở trường tiểu học số 2",
            "Hòa Hội",
            nfd,
            "Hoa Hội",
            "Họa Mi",
            "Đồng Khởi",
            "Dong Khoi",
            "Ưu Việt",
            "Ơn Nghĩa",
            "Ăn uống",
            "Âu Lạc",
            "An  Bình",
            "An Bình",
            "",
            "10",
            "9",
            "Z",
            "Đ",
        ];
        for a in names {
            for b in names {
                let by_collator = collator().unwrap().compare(a, b);
                assert_eq!(sort_key(a).cmp(&sort_key(b)), by_collator, "{a:?} / {b:?}");
            }
        }
        assert_ne!(sort_key("Hòa Hội"), sort_key("Hoa Hội"));
    }

    #[test]
    fn thirty_union_names_sort_as_a_person_would() {
        // Ă and Â are letters of their own after A; "CĐCS" before "Công" because đ
        // (after d) comes before o; Đ after all of C; Ơ after O, Ư after U; tones only
        // decide between names equal without them; numbers compare as numbers.
        let expected = [
            "Ăn uống Tập thể",
            "Âu Cơ",
            "CĐCS Ủy ban nhân dân xã An Cơ",
            "CĐCS Ủy ban nhân dân xã Biên Giới",
            "CĐCS Ủy ban nhân dân xã Đồng Khởi",
            "CĐCS Ủy ban nhân dân xã Ninh Điền",
            "CĐCS Ủy ban nhân dân xã Phước Vinh",
            "CĐCS Ủy ban nhân dân xã Trí Bình",
            "Công đoàn cơ sở Bệnh viện Đa khoa huyện",
            "Công đoàn cơ sở Công an huyện",
            "Công đoàn cơ sở Công ty TNHH Ánh Dương",
            "Công đoàn cơ sở Công ty TNHH Ăn uống Thiên Phú",
            "Công đoàn cơ sở Công ty TNHH Âu Lạc",
            "Công đoàn cơ sở Công ty TNHH Đại Phát",
            "Công đoàn cơ sở Công ty TNHH Ơn Nghĩa",
            "Công đoàn cơ sở Công ty TNHH Ưu Việt",
            "Công đoàn cơ sở Huyện ủy",
            "Công đoàn cơ sở Trường Mầm non Hoa Mai",
            "Công đoàn cơ sở Trường Mầm non Họa Mi",
            "Công đoàn cơ sở Trường THCS Đồng Khởi",
            "Công đoàn cơ sở Trường THCS Hảo Đước",
            "Công đoàn cơ sở Trường THCS Hòa Hội",
            "Công đoàn cơ sở Trường THCS Thanh Điền",
            "Công đoàn cơ sở Trường THCS Thị trấn",
            "Công đoàn cơ sở Trường Tiểu học An Bình",
            "Công đoàn cơ sở Trường Tiểu học Số 2 Thái Bình",
            "Công đoàn cơ sở Trường Tiểu học Số 10 Thái Bình",
            "Đài Truyền thanh huyện",
            "Điện lực Châu Thành",
            "Ơn Sâu",
            "Ưu Đãi",
        ];
        assert!(expected.len() >= 30);
        let mut byte_order: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        byte_order.sort();
        assert_ne!(
            byte_order, expected,
            "byte order must differ, or the test proves nothing"
        );
        for start in [0, 7, 19] {
            let mut shuffled: Vec<String> = expected.iter().rev().map(|s| s.to_string()).collect();
            shuffled.rotate_left(start);
            sort_strings(&mut shuffled);
            assert_eq!(shuffled, expected);
        }
    }
}
