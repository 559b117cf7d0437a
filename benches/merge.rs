//! End-to-end merge benchmark: 2,000 filled forms read, checked, aggregated and
//! written as `tong-hop.xlsx` and `tong-hop.json`, in process.
//!
//! `cargo bench --bench merge` generates the forms in a temporary folder and times
//! the library path the command takes. `cargo bench --bench merge -- generate DIR N`
//! only writes a campaign folder `DIR` (campaign.json + `returns/` with N filled
//! forms) for `scripts/bench-merge.sh`, which times the real binary against pandas.
//! The campaign is the sample campaign with twelve numeric indicators
//! (`forms::sample::BENCH_INDICATORS`): every reader reads the same twelve figure
//! cells of a form.
//! `cargo bench --bench merge -- floor DIR THREADS` is the floor the merge is
//! held to: a minimal calamine reader that opens each return of `DIR/returns`
//! and reads the same cells pandas reads (the figure cells and the unit code),
//! nothing else, on `THREADS` threads; it prints the wall time per form.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use vanban::limits::Limits;
use vanban::sheets::forms::{self, FormOptions, sample};
use vanban::sheets::merge::{self, InputFile};

fn generate(dir: &Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let campaign = sample::bench_campaign(n);
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
                values: sample::bench_values(i),
                filled_on: NaiveDate::from_ymd_opt(2017, 7, 20),
            },
        )?;
        std::fs::write(dir.join("returns").join(forms::form_file_name(unit)), bytes)?;
    }
    Ok(())
}

/// The form's figure cells (zero-based rows and column, sheet "Biểu mẫu") and the
/// unit code's cell on the identity sheet: what `scripts/bench_merge_pandas.py`
/// reads too (`skiprows=9`, `nrows=12`, `usecols="D"`; `_vanban!B3`).
const FIGURE_ROWS: std::ops::Range<u32> = 9..21;
const FIGURE_COL: u32 = 3;
const UNIT_CELL: (u32, u32) = (2, 1);

/// Reads one return the least a merge could: open it with calamine, read the
/// figure cells and the unit code. Returns how many cells held something.
fn read_minimal(bytes: &[u8]) -> Result<usize, Box<dyn std::error::Error>> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))?;
    let form = book.worksheet_range("Biểu mẫu")?;
    let id = book.worksheet_range("_vanban")?;
    let mut found = 0;
    for row in FIGURE_ROWS {
        if !matches!(form.get_value((row, FIGURE_COL)), None | Some(Data::Empty)) {
            found += 1;
        }
    }
    if matches!(id.get_value(UNIT_CELL), Some(Data::String(_))) {
        found += 1;
    }
    Ok(found)
}

/// The floor: every return of `dir/returns` read by [`read_minimal`] on `threads`
/// threads, each file read from disk, parsed and dropped in turn.
fn floor(dir: &Path, threads: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("returns"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let cells = std::sync::atomic::AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let bytes = std::fs::read(path).expect("read a return");
                    let found = read_minimal(&bytes).expect("a calamine-readable form");
                    cells.fetch_add(found, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let n = paths.len();
    println!(
        "floor/{threads}-threads: {n} forms, {} cells in {secs:.3} s ({:.3} ms per form)",
        cells.into_inner(),
        secs * 1000.0 / n as f64
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("floor") {
        let dir = args.get(1).ok_or("usage: floor DIR THREADS")?;
        let threads: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(1);
        return floor(Path::new(dir), threads.max(1));
    }
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
    let campaign = sample::bench_campaign(n);
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
