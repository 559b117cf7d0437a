//! End-to-end merge benchmark: 2,000 filled forms read, checked, aggregated and
//! written as `tong-hop.xlsx` and `tong-hop.json`, in process.
//!
//! `cargo bench --bench merge` generates the forms in a temporary folder and times
//! the library path the command takes. `cargo bench --bench merge -- generate DIR N`
//! only writes a campaign folder `DIR` (campaign.json + `returns/` with N filled
//! forms) for `scripts/bench-merge.sh`, which times the real binary against pandas.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use vanban::limits::Limits;
use vanban::sheets::forms::{self, FillValue, FormOptions, sample};
use vanban::sheets::merge::{self, InputFile};

fn values_of(i: usize) -> BTreeMap<String, FillValue> {
    let mut v = BTreeMap::new();
    v.insert("nha_mai_am".into(), FillValue::Number((i % 7) as f64));
    v.insert(
        "duong_giao_thong".into(),
        FillValue::Number(((i * 13 + 25) as f64) / 100.0),
    );
    v.insert(
        "kinh_phi".into(),
        FillValue::Number((1_000_000 + i * 12_345) as f64),
    );
    v.insert("luot_nguoi".into(), FillValue::Number((i * 3 + 1) as f64));
    v.insert("ghi_chu".into(), FillValue::Text(format!("Ý kiến số {i}")));
    v
}

fn generate(dir: &Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let campaign = sample::campaign(n);
    std::fs::create_dir_all(dir.join("returns"))?;
    std::fs::write(
        dir.join("campaign.json"),
        serde_json::to_string_pretty(&campaign)?,
    )?;
    for (i, unit) in campaign.reporting.units.iter().enumerate() {
        let bytes = forms::build_form_with(
            &campaign,
            unit,
            &FormOptions {
                values: values_of(i),
                filled_on: NaiveDate::from_ymd_opt(2017, 7, 20),
            },
        )?;
        std::fs::write(dir.join("returns").join(forms::form_file_name(unit)), bytes)?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("generate") {
        let dir = args.get(1).ok_or("usage: generate DIR N")?;
        let n: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(2000);
        generate(Path::new(dir), n)?;
        println!("wrote {n} filled forms to {dir}/returns");
        return Ok(());
    }
    let n = 2000;
    let tmp = tempfile::tempdir()?;
    generate(tmp.path(), n)?;
    let campaign = sample::campaign(n);
    let mut best = f64::MAX;
    for run in 0..3 {
        let start = Instant::now();
        let mut inputs = Vec::with_capacity(n);
        for entry in std::fs::read_dir(tmp.path().join("returns"))? {
            let path = entry?.path();
            inputs.push(InputFile {
                display_name: path.display().to_string(),
                bytes: std::fs::read(&path)?,
                modified: None,
            });
        }
        let result = merge::merge(&campaign, &inputs, &Limits::default(), &mut |_, _| {});
        let xlsx = vanban::sheets::output::write(&campaign, &result, &|d| d.to_string())?;
        let json = serde_json::to_vec_pretty(&result)?;
        std::fs::write(tmp.path().join("tong-hop.xlsx"), &xlsx)?;
        std::fs::write(tmp.path().join("tong-hop.json"), &json)?;
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        let s = &result.summary;
        let (read, accepted, rejected) = (s.files_read, s.accepted, s.rejected);
        assert_eq!((read, accepted, rejected), (n, n, 0), "every form accepted");
        println!("run {run}: {n} forms merged end to end in {secs:.3} s");
    }
    println!(
        "merge/{n}-forms: best {best:.3} s ({:.2} ms per form)",
        best * 1000.0 / n as f64
    );
    Ok(())
}
