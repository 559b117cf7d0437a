//! Render benchmark: a table-row loop of 20,000 and 100,000 rows.
//!
//! `cargo bench --bench render` prints, per size, the best of five runs as
//! `vanban render` runs the engine (strict, the check of the large part beside
//! its compression on a second thread where there are two cores), the floor
//! (deflating the `word/document.xml` the render wrote, alone, with the engine's
//! zip settings, on one thread: what writing the document costs at the least),
//! the output size and the process's peak memory; then the same render on one
//! thread (`Beside::sequential`) and in lenient mode (`--lenient`, docxtpl's
//! behaviour), each against the same floor. `-- --write-inputs DIR` also writes
//! the template and the data (`template.docx`, `data-N.json`) so
//! `scripts/bench-render.sh` can time docxtpl on exactly the same inputs.

use std::path::PathBuf;

/// The allocator of the `vanban` binary (a counting allocator over jemalloc for
/// small blocks and the system for large ones, on Linux), so the engine is timed
/// as the command runs it.
#[path = "../src/budget.rs"]
#[allow(dead_code, unused_imports)]
mod budget;

#[global_allocator]
static ALLOCATOR: budget::Counting = budget::Counting;

/// The second thread `vanban render` gives the engine.
#[path = "../src/beside.rs"]
#[allow(dead_code, unused_imports)]
mod beside;
use std::time::{Duration, Instant};

use serde_json::json;
use vanban::docx::fixture::{Docx, p, r, rb, table};
use vanban::docx::render;

const SIZES: [usize; 2] = [20_000, 100_000];

/// Deflates `xml` as the engine writes a rendered part (`write_package`:
/// Deflated, default level, fixed time) into a package of that one entry.
fn deflate_alone(xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    w.start_file("word/document.xml", options).expect("start");
    w.write_all(xml).expect("deflate");
    w.finish().expect("finish").into_inner()
}

fn template() -> Vec<u8> {
    let header = vec![
        p(&rb("TT")),
        p(&rb("Đơn vị")),
        p(&rb("Số đoàn viên")),
        p(&rb("Ngày")),
        p(&rb("Ghi chú")),
    ];
    let row = vec![
        p(&r("{{ loop.index }}")),
        p(&r("{{ r.ten }}")),
        p(&r("{{ r.so }}")),
        p(&r("{{ r.ngay }}")),
        p(&r("{{ r.ghi_chu }}")),
    ];
    Docx::new(
        [
            p(&rb("BÁO CÁO {{ tieu_de }}")),
            table(
                &[700, 3800, 1400, 1400, 2000],
                &[
                    header,
                    vec![p(&r("{%tr for r in rows %}"))],
                    row,
                    vec![p(&r("{%tr endfor %}"))],
                ],
            ),
        ]
        .concat(),
    )
    .build()
}

fn data(n: usize) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            json!({
                "ten": format!("Công đoàn cơ sở Trường Tiểu học số {i}"),
                "so": 20 + i % 70,
                "ngay": format!("{:02}/07/2017", 1 + i % 28),
                "ghi_chu": if i % 3 == 0 { "Đã nộp & đúng hạn" } else { "" },
            })
        })
        .collect();
    json!({"tieu_de": "KẾT QUẢ", "rows": rows})
}

/// Peak resident memory of this process, from /proc (Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let write_inputs = args
        .iter()
        .position(|a| a == "--write-inputs")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let template = template();
    let opts = vanban::docx::RenderOptions {
        beside: beside::for_render(),
        ..vanban::filters::options()
    };
    let one_thread = vanban::docx::RenderOptions {
        beside: vanban::docx::Beside::sequential(),
        ..opts.clone()
    };
    let lenient = vanban::docx::RenderOptions {
        strict: false,
        ..opts.clone()
    };
    if let Some(dir) = &write_inputs {
        std::fs::create_dir_all(dir).expect("create inputs folder");
        std::fs::write(dir.join("template.docx"), &template).expect("write template");
    }
    println!(
        "rows\tbest_ms\tms_per_1k_rows\tdeflate_floor_ms\tratio_to_floor\tdocx_bytes\tdocument_xml_bytes\tpeak_rss_bytes\tone_thread_ms\tone_thread_ratio\tlenient_ms\tlenient_ratio"
    );
    for n in SIZES {
        let data = data(n);
        if let Some(dir) = &write_inputs {
            std::fs::write(
                dir.join(format!("data-{n}.json")),
                serde_json::to_vec(&data).expect("json"),
            )
            .expect("write data");
        }
        // Each run renders on one thread, in lenient mode and as the command
        // does, then deflates the output alone: they alternate, so a change in
        // the machine's load touches all; the best of five of each is kept (the
        // machine's timings move by a third between runs).
        let runs = 5;
        let mut best = Duration::MAX;
        let mut best_one_thread = Duration::MAX;
        let mut best_lenient = Duration::MAX;
        let mut floor = Duration::MAX;
        let mut size = 0;
        let mut xml_size = 0;
        for _ in 0..runs {
            for (options, best) in [
                (&one_thread, &mut best_one_thread),
                (&lenient, &mut best_lenient),
            ] {
                let start = Instant::now();
                let out = render(&template, &data, options).expect("render");
                *best = (*best).min(start.elapsed());
                drop(out);
            }
            let start = Instant::now();
            let out = render(&template, &data, &opts).expect("render");
            best = best.min(start.elapsed());
            size = out.bytes.len();
            let xml = vanban::docx::fixture::part(&out.bytes, "word/document.xml")
                .expect("the rendered document.xml");
            xml_size = xml.len();
            drop(out);
            let start = Instant::now();
            let zipped = deflate_alone(xml.as_bytes());
            floor = floor.min(start.elapsed());
            assert!(!zipped.is_empty());
        }
        let ms = best.as_secs_f64() * 1000.0;
        let floor_ms = floor.as_secs_f64() * 1000.0;
        let one_ms = best_one_thread.as_secs_f64() * 1000.0;
        let lenient_ms = best_lenient.as_secs_f64() * 1000.0;
        println!(
            "{n}\t{ms:.1}\t{:.2}\t{floor_ms:.1}\t{:.2}\t{size}\t{xml_size}\t{}\t{one_ms:.1}\t{:.2}\t{lenient_ms:.1}\t{:.2}",
            ms / (n as f64 / 1000.0),
            ms / floor_ms,
            peak_rss().map_or("?".to_string(), |b| b.to_string()),
            one_ms / floor_ms,
            lenient_ms / floor_ms,
        );
    }
}
