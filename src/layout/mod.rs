//! The built-in official templates (plan and report), built with docx-rs in the
//! layout Nghị định 30/2020/NĐ-CP, Phụ lục I requires.
//!
//! Builds documents only; it never reads a user's .docx (that is [`crate::docx`]).

pub mod schema;
pub mod xml;
pub mod build;
pub mod styles;
pub mod templates;


#[cfg(test)]
mod tests {
    use super::{schema, templates, xml};
    use crate::limits::Limits;
    use crate::package;

    /// The XML parts of a package, by name, as written.
    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let limits = Limits::default();
        let mut archive = package::open(bytes, &limits).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.name_for_index(i).unwrap().unwrap().to_string())
            .collect();
        let mut out: Vec<(String, String)> = names
            .into_iter()
            .map(|name| {
                let bytes = package::read_entry(&mut archive, &name, &limits).unwrap();
                (name, String::from_utf8(bytes).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    fn built() -> [(&'static str, Vec<u8>, &'static [u8]); 2] {
        [
            (
                "ke-hoach.docx",
                templates::plan().unwrap(),
                include_bytes!("../../templates/ke-hoach.docx"),
            ),
            (
                "bao-cao.docx",
                templates::report().unwrap(),
                include_bytes!("../../templates/bao-cao.docx"),
            ),
        ]
    }

    #[test]
    fn committed_templates_are_what_the_code_builds() {
        for (name, fresh, committed) in built() {
            let (fresh, committed) = (parts(&fresh), parts(committed));
            let fresh_names: Vec<&String> = fresh.iter().map(|(n, _)| n).collect();
            let committed_names: Vec<&String> = committed.iter().map(|(n, _)| n).collect();
            assert_eq!(fresh_names, committed_names, "{name}: parts differ");
            for ((part, a), (_, b)) in fresh.iter().zip(&committed) {
                assert!(
                    a == b,
                    "templates/{name} › {part} differs from what the code builds; run `cargo run --example build-templates` and commit"
                );
            }
        }
    }

    #[test]
    fn building_twice_gives_identical_bytes() {
        for (name, first, _) in built() {
            let again = match name {
                "ke-hoach.docx" => templates::plan().unwrap(),
                _ => templates::report().unwrap(),
            };
            assert!(first == again, "{name} is not deterministic");
        }
    }

    #[test]
    fn every_generated_part_keeps_the_schema_order() {
        for (name, bytes, _) in built() {
            for (part, text) in parts(&bytes) {
                if !part.ends_with(".xml") {
                    continue;
                }
                let parsed = xml::parse(text.as_bytes()).unwrap();
                let problems = schema::violations(&parsed.root);
                assert!(problems.is_empty(), "{name} › {part}: {problems:#?}");
            }
        }
    }
}
