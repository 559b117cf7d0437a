//! The one rule for when a float is a whole number: every place that writes a
//! number as an integer (the tổng hợp's JSON, a mail-merge cell, a diagnostic's
//! argument, a total given to a template, a filter's argument) asks here.

/// 2^53: below it every whole float is exact, so it can be written as an integer.
pub const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// `v` as an integer when it is whole and exact; `None` for fractions, numbers too
/// large to be exact, infinities and NaN.
pub fn whole(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.abs() < EXACT_INTEGER).then_some(v as i64)
}

/// `v` as a JSON number: whole numbers as integers (so `1500000`, not
/// `1500000.0`); a non-finite float, which JSON cannot hold, as text.
pub fn json(v: f64) -> serde_json::Value {
    match whole(v) {
        Some(i) => i.into(),
        None => serde_json::Number::from_f64(v)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| serde_json::Value::String(v.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_and_the_rest() {
        for (v, expected) in [
            (0.0, Some(0)),
            (-3.0, Some(-3)),
            (1_500_000.0, Some(1_500_000)),
            (2.5, None),
            (EXACT_INTEGER, None),
            (EXACT_INTEGER - 1.0, Some(9_007_199_254_740_991)),
            (f64::INFINITY, None),
            (f64::NAN, None),
        ] {
            assert_eq!(whole(v), expected, "{v}");
        }
        assert_eq!(json(2.0).to_string(), "2");
        assert_eq!(json(2.5).to_string(), "2.5");
        assert_eq!(json(f64::INFINITY), serde_json::Value::String("inf".into()));
    }
}
