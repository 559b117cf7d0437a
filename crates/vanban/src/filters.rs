//! The Vietnamese filters and functions every template can use (see DESIGN.md).
//!
//! Owns the Tera face of [`crate::vn`]: argument checking and error messages that
//! name the offending value (`vn_date: "2017-13-01" is not a date`). The conventions
//! themselves live in the sibling modules; nothing here formats on its own.
//!
//! | name | example | result |
//! | --- | --- | --- |
//! | `vn_date` | `{{ "2017-06-22" \| vn_date }}` | `ngày 22 tháng 6 năm 2017` |
//! | `vn_date(short=true)` | `{{ "2017-06-22" \| vn_date(short=true) }}` | `22/6/2017` |
//! | `vn_number` | `{{ 1234567 \| vn_number }}`, `{{ 38.05 \| vn_number(decimals=2) }}` | `1.234.567`, `38,05` |
//! | `vn_words` | `{{ 2001 \| vn_words }}` | `hai nghìn không trăm linh một` |
//! | `vn_money_words` | `{{ 120000000 \| vn_money_words }}` | `Một trăm hai mươi triệu đồng` |
//! | `roman` | `{{ 4 \| roman }}` | `IV` |
//! | `vn_letter` | `{{ 5 \| vn_letter }}` | `đ` |
//! | `doc_number` | `{{ 5 \| doc_number }}` | `05` |
//! | `vn_sort` | `{{ units \| vn_sort(attribute="name") }}` | the list in Vietnamese order |
//! | `years_between` | `{{ years_between(from="1947-07-27", to="2017-07-27") }}` | `70` |
//! | `days_inclusive` | `{{ days_inclusive(from="2017-07-16", to="2017-07-25") }}` | `10` |

use chrono::NaiveDate;
use tera::{Error, Kwargs, State, TeraResult, Value};

use vn::{collate, date, number, numbering};

/// The Vietnamese filters and functions, for the engine's
/// [`RenderOptions::extensions`](crate::docx::RenderOptions::extensions).
pub fn extensions() -> crate::docx::Extensions {
    crate::docx::Extensions::new(register)
}

/// The engine's default options with the Vietnamese filters: what every document
/// vanban renders uses.
pub fn options() -> crate::docx::RenderOptions {
    crate::docx::RenderOptions {
        extensions: extensions(),
        ..crate::docx::RenderOptions::default()
    }
}

/// Registers the Vietnamese filters and functions on a Tera instance.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("vn_date", vn_date);
    tera.register_filter("vn_number", vn_number);
    tera.register_filter("vn_words", vn_words);
    tera.register_filter("vn_money_words", vn_money_words);
    tera.register_filter("roman", roman);
    tera.register_filter("vn_letter", vn_letter);
    tera.register_filter("doc_number", doc_number);
    tera.register_filter("vn_sort", vn_sort);
    tera.register_function("years_between", years_between);
    tera.register_function("days_inclusive", days_inclusive);
}

/// Largest number of decimals `vn_number` writes.
const MAX_DECIMALS: usize = 15;

/// The value as a message quotes it: strings in double quotes, others as written.
fn shown(value: &Value) -> String {
    match value.as_str() {
        Some(s) => format!("{s:?}"),
        None if value.is_undefined() => "an undefined value".to_owned(),
        None if value.is_none() => "none".to_owned(),
        None => value.to_string(),
    }
}

fn fail(name: &str, message: impl std::fmt::Display) -> Error {
    Error::message(format!("{name}: {message}"))
}

/// Refuses keyword arguments the filter does not know, so that a typo
/// (`decimal=2`) is an error rather than silently ignored.
fn check_kwargs(name: &str, kwargs: &Kwargs, known: &[&str]) -> TeraResult<()> {
    for (key, _) in kwargs.iter() {
        let key = key.to_string();
        if !known.contains(&key.as_str()) {
            let expected = if known.is_empty() {
                "it takes none".to_owned()
            } else {
                format!("it takes {}", known.join(", "))
            };
            return Err(fail(name, format!("unknown argument `{key}` ({expected})")));
        }
    }
    Ok(())
}

/// A date given to a filter or function: a string in ISO or day-first form.
fn date_arg(name: &str, value: &Value) -> TeraResult<NaiveDate> {
    value.as_str().and_then(date::parse_vn_date).ok_or_else(|| {
        fail(
            name,
            format!(
                "{} is not a date (write it as \"2017-06-22\" or \"22/6/2017\")",
                shown(value)
            ),
        )
    })
}

/// A whole number given to a filter: an integer, a float without fraction, or a
/// string holding one (`"1.200.000"`).
fn integer_arg(name: &str, value: &Value) -> TeraResult<i128> {
    if let Some(i) = value.as_i128() {
        return Ok(i);
    }
    let not_whole = || fail(name, format!("{} is not a whole number", shown(value)));
    if let Some(f) = value.as_f64() {
        if let Some(i) = crate::numbers::whole(f) {
            return Ok(i.into());
        }
        if f.is_finite() && f.fract() == 0.0 {
            return Err(fail(
                name,
                format!(
                    "{} is a decimal number too large to be exact; give it as a whole number",
                    shown(value)
                ),
            ));
        }
        return Err(not_whole());
    }
    if let Some(s) = value.as_str() {
        let parsed = number::parse_vn_number(s).map_err(|e| fail(name, e))?;
        if parsed.ambiguous {
            return Err(fail(name, ambiguous_message(s)));
        }
        if let Some(i) = crate::numbers::whole(parsed.value) {
            return Ok(i.into());
        }
        return Err(not_whole());
    }
    Err(fail(name, format!("{} is not a number", shown(value))))
}

fn ambiguous_message(s: &str) -> String {
    format!(
        "{s:?} can be read two ways (a thousands separator or a decimal one); write the number without separators"
    )
}

/// `vn_date`: `ngày 22 tháng 6 năm 2017`, or with `short=true` `22/6/2017`.
fn vn_date(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "vn_date";
    check_kwargs(NAME, &kwargs, &["short"])?;
    let short = kwargs
        .get::<bool>("short")
        .map_err(|e| fail(NAME, e))?
        .unwrap_or(false);
    let d = date_arg(NAME, value)?;
    Ok(if short {
        date::short_date(d)
    } else {
        date::long_date(d)
    })
}

/// `vn_number`: dots group thousands, a comma marks decimals. Integers are exact;
/// `decimals=n` fixes the decimals; a float without `decimals` gets at most two,
/// trailing zeros dropped.
fn vn_number(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "vn_number";
    check_kwargs(NAME, &kwargs, &["decimals"])?;
    let decimals = kwargs.get::<usize>("decimals").map_err(|e| fail(NAME, e))?;
    if let Some(d) = decimals
        && d > MAX_DECIMALS
    {
        return Err(fail(
            NAME,
            format!("decimals={d} is more than {MAX_DECIMALS}"),
        ));
    }
    if let Some(i) = value.as_i128() {
        return Ok(match decimals {
            Some(d) if d > 0 => format!("{},{}", number::format_vn_integer(i), "0".repeat(d)),
            _ => number::format_vn_integer(i),
        });
    }
    let f = if let Some(f) = value.as_f64() {
        f
    } else if let Some(s) = value.as_str() {
        let parsed = number::parse_vn_number(s).map_err(|e| fail(NAME, e))?;
        if parsed.ambiguous {
            return Err(fail(NAME, ambiguous_message(s)));
        }
        parsed.value
    } else {
        return Err(fail(NAME, format!("{} is not a number", shown(value))));
    };
    if !f.is_finite() {
        return Err(fail(
            NAME,
            format!("{} is not a finite number", shown(value)),
        ));
    }
    Ok(match decimals {
        Some(d) => number::format_vn_number(f, d),
        None if crate::numbers::whole(f).is_some() => number::format_vn_integer(f as i128),
        None => {
            let two = number::format_vn_number(f, 2);
            two.trim_end_matches('0').trim_end_matches(',').to_owned()
        }
    })
}

/// `vn_words`: the number in words, lowercase.
fn vn_words(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "vn_words";
    check_kwargs(NAME, &kwargs, &[])?;
    let n = integer_arg(NAME, value)?;
    number::words(n).map_err(|e| fail(NAME, e))
}

/// `vn_money_words`: the amount in words, capitalised, ending in `đồng`.
fn vn_money_words(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "vn_money_words";
    check_kwargs(NAME, &kwargs, &[])?;
    let n = integer_arg(NAME, value)?;
    number::money_words(n).map_err(|e| fail(NAME, e))
}

/// An integer argument that must fit a `u32` for the numbering schemes.
fn small_integer_arg(name: &str, value: &Value, range: &str) -> TeraResult<u32> {
    let n = integer_arg(name, value)?;
    u32::try_from(n).map_err(|_| fail(name, format!("{n} is out of range ({range})")))
}

/// `roman`: 1–3999 as a roman numeral.
fn roman(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "roman";
    check_kwargs(NAME, &kwargs, &[])?;
    let n = small_integer_arg(NAME, value, "1 to 3999")?;
    numbering::roman(n).map_err(|e| Error::message(e.to_string()))
}

/// `vn_letter`: the point letter in Vietnamese order (1 → a, 5 → đ).
fn vn_letter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "vn_letter";
    check_kwargs(NAME, &kwargs, &[])?;
    let n = small_integer_arg(NAME, value, "1 to 23")?;
    numbering::vn_letter(n).map_err(|e| Error::message(e.to_string()))
}

/// `doc_number`: a document number padded to two digits.
fn doc_number(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    const NAME: &str = "doc_number";
    check_kwargs(NAME, &kwargs, &[])?;
    let n = integer_arg(NAME, value)?;
    let n = u64::try_from(n).map_err(|_| fail(NAME, format!("{n} is negative")))?;
    Ok(numbering::doc_number(n))
}

/// The text a `vn_sort` key is compared by.
fn sort_key(name: &str, index: usize, key: &Value) -> TeraResult<String> {
    if let Some(s) = key.as_str() {
        return Ok(s.to_owned());
    }
    if key.is_number() {
        return Ok(key.to_string());
    }
    Err(fail(
        name,
        format!(
            "item {index} has {}, which cannot be sorted as text",
            shown(key)
        ),
    ))
}

/// `vn_sort`: a list of strings (or of objects, by `attribute`) in Vietnamese order.
fn vn_sort(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    const NAME: &str = "vn_sort";
    check_kwargs(NAME, &kwargs, &["attribute"])?;
    let items = value
        .as_array()
        .ok_or_else(|| fail(NAME, format!("{} is not a list", shown(value))))?;
    let attribute = kwargs.get::<&str>("attribute").map_err(|e| fail(NAME, e))?;
    let mut keyed = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let key = match attribute {
            Some(path) => item
                .get_from_path(path)
                .filter(|v| !v.is_undefined())
                .ok_or_else(|| fail(NAME, format!("item {index} has no attribute `{path}`")))?,
            None => item,
        };
        keyed.push((sort_key(NAME, index, key)?, item));
    }
    // Stable: items the collation finds equal keep their order.
    keyed.sort_by(|(a, _), (b, _)| collate::compare(a, b));
    Ok(keyed.into_iter().map(|(_, item)| item.clone()).collect())
}

/// The `from` and `to` dates of a function call.
fn date_range(name: &str, kwargs: &Kwargs) -> TeraResult<(NaiveDate, NaiveDate)> {
    check_kwargs(name, kwargs, &["from", "to"])?;
    let get = |key: &'static str| -> TeraResult<NaiveDate> {
        let value = kwargs
            .get::<Value>(key)
            .map_err(|e| fail(name, e))?
            .ok_or_else(|| fail(name, format!("the argument `{key}` is missing")))?;
        date_arg(name, &value)
    };
    Ok((get("from")?, get("to")?))
}

/// `years_between(from, to)`: whole years, as an anniversary counts them.
fn years_between(kwargs: Kwargs, _: &State) -> TeraResult<i64> {
    const NAME: &str = "years_between";
    let (from, to) = date_range(NAME, &kwargs)?;
    date::years_between(from, to)
        .map(i64::from)
        .map_err(|e| fail(NAME, e))
}

/// `days_inclusive(from, to)`: days with both ends counted.
fn days_inclusive(kwargs: Kwargs, _: &State) -> TeraResult<i64> {
    const NAME: &str = "days_inclusive";
    let (from, to) = date_range(NAME, &kwargs)?;
    date::days_inclusive(from, to).map_err(|e| fail(NAME, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use tera::{Context, Tera};

    fn tera() -> Tera {
        let mut tera = Tera::default();
        register(&mut tera);
        tera
    }

    fn render(template: &str, data: serde_json::Value) -> Result<String, String> {
        let context = Context::from_serialize(&data).map_err(|e| e.to_string())?;
        tera().render_str(template, &context, false).map_err(|e| {
            // The message of the innermost error is what a user reads.
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                text.push_str(" | ");
                text.push_str(&inner.to_string());
                source = inner.source();
            }
            text
        })
    }

    fn ok(template: &str) -> String {
        render(template, serde_json::json!({})).unwrap_or_else(|e| panic!("{template}: {e}"))
    }

    #[test]
    fn design_examples_render() {
        let cases = [
            (
                r#"{{ "2017-06-22" | vn_date }}"#,
                "ngày 22 tháng 6 năm 2017",
            ),
            (
                r#"{{ "2017-02-05" | vn_date }}"#,
                "ngày 05 tháng 02 năm 2017",
            ),
            (r#"{{ "22/6/2017" | vn_date }}"#, "ngày 22 tháng 6 năm 2017"),
            (r#"{{ "2017-06-22" | vn_date(short=true) }}"#, "22/6/2017"),
            (
                r#"{{ "2017-06-22" | vn_date(short=false) }}"#,
                "ngày 22 tháng 6 năm 2017",
            ),
            ("{{ 1234567 | vn_number }}", "1.234.567"),
            ("{{ 38.05 | vn_number(decimals=2) }}", "38,05"),
            ("{{ -1234567 | vn_number }}", "-1.234.567"),
            ("{{ 999999999999999 | vn_number }}", "999.999.999.999.999"),
            (
                "{{ 1000000000000001 | vn_number }}",
                "1.000.000.000.000.001",
            ),
            ("{{ 1500 | vn_number(decimals=2) }}", "1.500,00"),
            ("{{ 38.5 | vn_number }}", "38,5"),
            ("{{ 38.0 | vn_number }}", "38"),
            ("{{ (2.0 / 3.0) | vn_number }}", "0,67"),
            ("{{ -0.5 | vn_number(decimals=1) }}", "-0,5"),
            (r#"{{ "1.200.000" | vn_number }}"#, "1.200.000"),
            ("{{ 2001 | vn_words }}", "hai nghìn không trăm linh một"),
            ("{{ -15 | vn_words }}", "âm mười lăm"),
            ("{{ 70.0 | vn_words }}", "bảy mươi"),
            (
                r#"{{ "1.000.000.001" | vn_words }}"#,
                "một tỷ không trăm linh một",
            ),
            (
                "{{ 120000000 | vn_money_words }}",
                "Một trăm hai mươi triệu đồng",
            ),
            ("{{ 4 | roman }}", "IV"),
            ("{{ 3 | roman }}", "III"),
            ("{{ 5 | vn_letter }}", "đ"),
            ("{{ 7 | vn_letter }}", "g"),
            ("{{ 5 | doc_number }}", "05"),
            ("{{ 243 | doc_number }}", "243"),
            (r#"{{ "5" | doc_number }}"#, "05"),
            (
                r#"{{ years_between(from="1947-07-27", to="2017-07-27") }}"#,
                "70",
            ),
            (
                r#"{{ years_between(from="28/7/1929", to="28/7/2017") }}"#,
                "88",
            ),
            (
                r#"{{ days_inclusive(from="2017-07-16", to="2017-07-25") }}"#,
                "10",
            ),
            (
                r#"{{ ["Ưu", "Đào", "Anh", "Ân", "Ăn", "Dũng", "Ơn", "Zô"] | vn_sort | join(sep=",") }}"#,
                "Anh,Ăn,Ân,Dũng,Đào,Ơn,Ưu,Zô",
            ),
        ];
        for (template, expected) in cases {
            assert_eq!(ok(template), expected, "{template}");
        }
    }

    #[test]
    fn vn_sort_by_attribute_keeps_objects() {
        let data = serde_json::json!({
            "units": [
                {"name": "Trường THCS Thị trấn", "n": 1},
                {"name": "Điện lực", "n": 2},
                {"name": "Ủy ban nhân dân xã An Cơ", "n": 3},
                {"name": "Ăn uống", "n": 4},
                {"name": "Bệnh viện", "n": 5},
                {"name": "Dân vận", "n": 6}
            ]
        });
        let out = render(
            r#"{% for u in units | vn_sort(attribute="name") %}{{ u.n }} {% endfor %}"#,
            data.clone(),
        );
        assert_eq!(out.as_deref(), Ok("4 5 6 2 1 3 "));
        let err = render(r#"{{ units | vn_sort(attribute="ten") }}"#, data).unwrap_err();
        assert!(
            err.contains("vn_sort: item 0 has no attribute `ten`"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_the_offending_value() {
        let data = serde_json::json!({"missing_date": null, "list": [1, [2]], "big": 1e20});
        let cases = [
            (
                r#"{{ "2017-13-01" | vn_date }}"#,
                r#"vn_date: "2017-13-01" is not a date"#,
            ),
            (
                r#"{{ "31/4/2017" | vn_date }}"#,
                r#"vn_date: "31/4/2017" is not a date"#,
            ),
            (
                "{{ 20170622 | vn_date }}",
                "vn_date: 20170622 is not a date",
            ),
            (
                "{{ missing_date | vn_date }}",
                "vn_date: none is not a date",
            ),
            (
                r#"{{ "2017-06-22" | vn_date(format="short") }}"#,
                "vn_date: unknown argument `format` (it takes short)",
            ),
            (
                r#"{{ "1.2OO" | vn_number }}"#,
                r#"vn_number: "1.2OO" is not a number: it contains the letter 'O'"#,
            ),
            (
                r#"{{ "1.234" | vn_number }}"#,
                r#"vn_number: "1.234" can be read two ways"#,
            ),
            (
                "{{ 12 | vn_number(decimal=2) }}",
                "vn_number: unknown argument `decimal` (it takes decimals)",
            ),
            (
                "{{ 12 | vn_number(decimals=99) }}",
                "vn_number: decimals=99 is more than 15",
            ),
            ("{{ [1] | vn_number }}", "vn_number: [1] is not a number"),
            (
                "{{ 1.5 | vn_words }}",
                "vn_words: 1.5 is not a whole number",
            ),
            (
                "{{ big | vn_words }}",
                "vn_words: 1e20 is a decimal number too large",
            ),
            (
                "{{ 1000000000000000000 | vn_words }}",
                "vn_words: 1000000000000000000 is too large to read in words",
            ),
            (
                r#"{{ "abc" | vn_money_words }}"#,
                r#"vn_money_words: "abc" is not a number"#,
            ),
            ("{{ 0 | roman }}", "roman: 0 is out of range (1 to 3999)"),
            (
                "{{ 4000 | roman }}",
                "roman: 4000 is out of range (1 to 3999)",
            ),
            ("{{ -4 | roman }}", "roman: -4 is out of range (1 to 3999)"),
            (
                "{{ 24 | vn_letter }}",
                "vn_letter: 24 is out of range (1 to 23)",
            ),
            (
                "{{ 0 | vn_letter }}",
                "vn_letter: 0 is out of range (1 to 23)",
            ),
            ("{{ -5 | doc_number }}", "doc_number: -5 is negative"),
            ("{{ 5 | vn_sort }}", "vn_sort: 5 is not a list"),
            (
                "{{ list | vn_sort }}",
                "vn_sort: item 1 has [2], which cannot be sorted as text",
            ),
            (
                r#"{{ years_between(from="1947-07-27") }}"#,
                "years_between: the argument `to` is missing",
            ),
            (
                r#"{{ years_between(from="1947-07-27", to="2017-02-30") }}"#,
                r#"years_between: "2017-02-30" is not a date"#,
            ),
            (
                r#"{{ days_inclusive(from="2017-07-25", to="2017-07-16") }}"#,
                "days_inclusive: 16/7/2017 is before 25/7/2017",
            ),
            (
                r#"{{ days_inclusive(from="2017-07-16", until="2017-07-25") }}"#,
                "days_inclusive: unknown argument `until`",
            ),
        ];
        for (template, expected) in cases {
            let err = render(template, data.clone()).expect_err(template);
            assert!(
                err.contains(expected),
                "{template}\n  expected: {expected}\n  got: {err}"
            );
        }
    }

    #[test]
    fn output_is_plain_text_for_the_engine_to_escape() {
        // Filters return ordinary (unsafe) strings: with autoescape on, Tera escapes
        // them, so the template engine stays the one place that escapes for XML.
        let context = Context::new();
        let out = tera()
            .render_str(
                r#"{{ ["<b>", "a&b"] | vn_sort | join(sep=" ") }}"#,
                &context,
                true,
            )
            .unwrap_or_default();
        assert_eq!(out, "&lt;b&gt; a&amp;b");
    }

    /// The README documents each filter with an example; every example there must
    /// render to the result it shows.
    #[test]
    fn readme_examples_render_as_documented() {
        let readme = include_str!("../../../README.md");
        let section = readme
            .split("## Vietnamese filters and functions")
            .nth(1)
            .and_then(|rest| rest.split("Details:").next())
            .expect("README has the Vietnamese filters section");
        let snippets = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(|s| s.replace("\\|", "|"))
                .collect()
        };
        let mut checked = 0;
        for line in section.lines().filter(|l| l.starts_with("| ")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            if cells.len() < 3 {
                continue;
            }
            let examples: Vec<String> = snippets(cells[1])
                .into_iter()
                .filter(|s| s.starts_with("{{"))
                .collect();
            let results = snippets(cells[2]);
            for (template, expected) in examples.iter().zip(&results) {
                assert_eq!(&ok(template), expected, "README example {template}");
                checked += 1;
            }
        }
        assert!(checked >= 15, "only {checked} README examples found");
    }

    /// Every filter and function used from a .docx template through the engine,
    /// with tags split across runs the way Word stores them; the text read back.
    #[test]
    fn every_filter_renders_from_a_docx_template() {
        use crate::docx::fixture::{Docx, p, part, r, table, text_of, word_split};
        use crate::docx::render;

        let body = [
            // `word_split` splits at `|`, so the filter pipe sits in a run of its own.
            p(&(word_split("Châu Thành, {{ iss|ued ") + &r("| vn_") + &word_split("da|te }}"))),
            p(&r(
                r#"Căn cứ Kế hoạch ngày {{ basis_date | vn_date(short=true) }};"#,
            )),
            p(&(word_split("Số: {{ num|ber ") + &r("| doc_") + &word_split("num|ber }}/KH-LĐLĐ"))),
            p(&r("{{ 2 | roman }}. NỘI DUNG")),
            p(&(word_split("{{ 5 ") + &r("| vn_l") + &word_split("et|ter }}) Điểm thứ năm"))),
            p(&r(
                "Tổng kinh phí: {{ total | vn_number }} đồng ({{ total | vn_money_words }})",
            )),
            p(&r("Tỷ lệ: {{ rate | vn_number(decimals=2) }}%")),
            p(&r(
                "Số đơn vị: {{ units | length }} ({{ units | length | vn_words }})",
            )),
            p(&r(
                r#"Kỷ niệm {{ years_between(from="1947-07-27", to="2017-07-27") }} năm"#,
            )),
            p(&r(
                r#"Thời gian {{ days_inclusive(from=start, to=end) }} ngày"#,
            )),
            table(
                &[4000, 2000],
                &[
                    vec![
                        p(&r(r#"{%tr for u in units | vn_sort(attribute="name") %}"#)),
                        p(""),
                    ],
                    vec![p(&r("{{ u.name }}")), p(&r("{{ u.members | vn_number }}"))],
                    vec![p(&r("{%tr endfor %}")), p("")],
                ],
            ),
        ]
        .concat();
        let template = Docx::new(body)
            .header(p(&r("{{ issued | vn_date }}")))
            .build();
        let data = serde_json::json!({
            "issued": "2017-06-28",
            "basis_date": "2017-06-22",
            "number": 5,
            "total": 120000000,
            "rate": 38.05,
            "start": "16/7/2017",
            "end": "25/7/2017",
            "units": [
                {"name": "Ủy ban nhân dân xã Thanh Điền", "members": 1250},
                {"name": "Điện lực Châu Thành", "members": 48},
                {"name": "Ăn uống Tập thể", "members": 7},
                {"name": "Công an huyện", "members": 120}
            ]
        });
        let rendered = render(&template, &data, &crate::filters::options())
            .unwrap_or_else(|e| panic!("render failed: {e}"));
        let body_text = text_of(&part(&rendered.bytes, "word/document.xml").unwrap_or_default());
        let expected = "\
Châu Thành, ngày 28 tháng 6 năm 2017
Căn cứ Kế hoạch ngày 22/6/2017;
Số: 05/KH-LĐLĐ
II. NỘI DUNG
đ) Điểm thứ năm
Tổng kinh phí: 120.000.000 đồng (Một trăm hai mươi triệu đồng)
Tỷ lệ: 38,05%
Số đơn vị: 4 (bốn)
Kỷ niệm 70 năm
Thời gian 10 ngày
Ăn uống Tập thể | 7
Công an huyện | 120
Điện lực Châu Thành | 48
Ủy ban nhân dân xã Thanh Điền | 1.250
";
        assert_eq!(body_text, expected);
        let header = (1..=3)
            .filter_map(|n| part(&rendered.bytes, &format!("word/header{n}.xml")))
            .map(|xml| text_of(&xml))
            .collect::<String>();
        assert_eq!(header.trim(), "ngày 28 tháng 6 năm 2017");
    }

    /// A filter error inside a .docx names the filter and the value.
    #[test]
    fn a_filter_error_in_a_docx_names_the_value() {
        use crate::docx::fixture::{Docx, p, r};
        use crate::docx::render;

        let template = Docx::new(p(&r("Ngày {{ d | vn_date }}"))).build();
        let data = serde_json::json!({"d": "2017-13-01"});
        let err = render(&template, &data, &crate::filters::options()).expect_err("invalid date");
        let message = err.to_string();
        assert!(
            message.contains(r#"vn_date: "2017-13-01" is not a date"#),
            "{message}"
        );
    }
}
