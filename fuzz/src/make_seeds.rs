//! Writes the seed corpora of the fuzz targets into `fuzz/seeds/<target>/` from the
//! project's own fixtures and samples, so the seeds are made by code and can be
//! re-made after a fixture changes: `cargo run --bin make-seeds` (in `fuzz/`).

#[path = "../../tests/hostile/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

use vanban::docx::fixture;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seeds = root.join("fuzz").join("seeds");
    let mut written = 0;
    let mut put = |target: &str, name: &str, bytes: &[u8]| {
        let dir = seeds.join(target);
        std::fs::create_dir_all(&dir).expect("create seed folder");
        std::fs::write(dir.join(name), bytes).expect("write seed");
        written += 1;
    };

    // template: each fixture as a whole package (mode 0), its body part (mode 1),
    // and tag texts alone (modes 2 and 3).
    let fixtures = root.join("tests").join("fixtures").join("templates");
    for path in sorted_files(&fixtures, "docx") {
        let stem = stem(&path);
        let bytes = std::fs::read(&path).expect("read fixture");
        put("template", &format!("{stem}.pkg"), &prefixed(0, &bytes));
        if let Some(body) = fixture::part(&bytes, "word/document.xml") {
            put(
                "template",
                &format!("{stem}.body"),
                &prefixed(1, body.as_bytes()),
            );
        }
    }
    let tags = [
        "{{ name }}",
        "{{ n | vn_number }} {{ x | vn_number(decimals=2) }} {{ n | vn_words }}",
        "{{ date | vn_date }} {{ 4 | roman }} {{ 5 | vn_letter }} {{ 5 | doc_number }}",
        "{% for it in items %}{{ loop.index }}. {{ it.b }}{% endfor %}",
        "{% if flag %}có{% else %}không{% endif %}",
        "{% for it in items %}{% for c in it.c %}{{ c }}{% endfor %}{% endfor %}",
        "{{ years_between(from=\"1947-07-27\", to=\"2017-07-27\") }}",
        "{{ days_inclusive(from=\"2017-07-16\", to=\"2017-07-25\") }}",
        "{{ n | vn_money_words }} {{ nested.inner.deep | upper }}",
        "{{ text }} {{ missing }} {{ nothing }}",
        "{%p if flag %}đoạn{%p endif %}",
        "{% set total = 0 %}{% for it in items %}{% set total = total + it.a %}{% endfor %}{{ total }}",
    ];
    for (i, tag) in tags.iter().enumerate() {
        put(
            "template",
            &format!("tag-{i:02}"),
            &prefixed(2, tag.as_bytes()),
        );
        put(
            "template",
            &format!("split-{i:02}"),
            &prefixed(3, tag.as_bytes()),
        );
    }

    // subdoc: the appendix whole, and each part the target replaces.
    let appendix = harness::appendix();
    put("subdoc", "appendix.pkg", &prefixed(0, &appendix));
    for (mode, entry) in [
        (1, "word/document.xml"),
        (2, "word/styles.xml"),
        (3, "word/numbering.xml"),
        (4, "word/_rels/document.xml.rels"),
    ] {
        let name = entry.rsplit('/').next().unwrap_or(entry);
        if let Some(xml) = fixture::part(&appendix, entry) {
            put("subdoc", name, &prefixed(mode, xml.as_bytes()));
        }
    }

    // outline and campaign: the sample campaign's files.
    for (name, text) in vanban::campaign::sample::FILES {
        match *name {
            "campaign.json" => put("campaign", "sample.json", text.as_bytes()),
            other => put("outline", other, text.as_bytes()),
        }
    }
    put(
        "outline",
        "markers.txt",
        "I. MỤC ĐÍCH\n1. Mục đích\n- ý một\n+ ý con\na) điểm\nb) điểm\nđ) điểm\nII- NỘI DUNG\n1- a\n2.b\n"
            .as_bytes(),
    );

    // sheets: the reporting forms `vanban forms` writes for the sample campaign.
    let campaign = harness::sample_campaign();
    for (i, unit) in campaign.reporting.units.iter().take(3).enumerate() {
        let bytes = vanban::sheets::forms::build_form(&campaign, unit).expect("build form");
        put("sheets", &format!("form-{i}.xlsx"), &bytes);
    }
    // rollup: a district's tổng hợp of three filled forms, as JSON and as a workbook.
    let forms: Vec<vanban::sheets::merge::InputFile> = campaign
        .reporting
        .units
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, unit)| {
            let options = vanban::sheets::forms::FormOptions {
                values: campaign
                    .reporting
                    .indicators
                    .iter()
                    .map(|ind| {
                        (
                            ind.code.clone(),
                            vanban::sheets::forms::FillValue::Number((i + 1) as f64),
                        )
                    })
                    .collect(),
                filled_on: None,
            };
            vanban::sheets::merge::InputFile {
                display_name: format!("returns/{}.xlsx", unit.code),
                bytes: vanban::sheets::forms::build_form_with(&campaign, unit, &options)
                    .expect("build form"),
                modified: None,
            }
        })
        .collect();
    let district = vanban::sheets::merge::merge(
        &campaign,
        &forms,
        &vanban::limits::Limits::default(),
        &mut |_, _| {},
    );
    put(
        "rollup",
        "tong-hop.json",
        &serde_json::to_vec_pretty(&district).expect("json"),
    );
    put(
        "rollup",
        "tong-hop.xlsx",
        &vanban::sheets::output::write(&campaign, &district, &|d| d.code.clone())
            .expect("xlsx"),
    );
    println!("wrote {written} seeds under {}", seeds.display());
}

fn prefixed(mode: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![mode];
    out.extend_from_slice(bytes);
    out
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}
