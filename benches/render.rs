//! Render benchmark: a table-row loop of 1,000, 5,000 and 20,000 rows.
//!
//! `cargo bench --bench render` prints, per size, the best of a few runs, the output
//! size and the process's peak memory. `-- --write-inputs DIR` also writes the
//! template and the data (`template.docx`, `data-N.json`) so
//! `scripts/bench-render.sh` can time docxtpl on exactly the same inputs.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;
use vanban::docx::fixture::{Docx, p, r, rb, table};
use vanban::docx::render;

const SIZES: [usize; 3] = [1_000, 5_000, 20_000];

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
    let opts = vanban::filters::options();
    if let Some(dir) = &write_inputs {
        std::fs::create_dir_all(dir).expect("create inputs folder");
        std::fs::write(dir.join("template.docx"), &template).expect("write template");
    }
    println!("rows\tbest_ms\tms_per_1k_rows\tdocx_bytes\tdocument_xml_bytes\tpeak_rss_bytes");
    for n in SIZES {
        let data = data(n);
        if let Some(dir) = &write_inputs {
            std::fs::write(
                dir.join(format!("data-{n}.json")),
                serde_json::to_vec(&data).expect("json"),
            )
            .expect("write data");
        }
        let runs = if n >= 20_000 { 3 } else { 5 };
        let mut best = Duration::MAX;
        let mut size = 0;
        let mut xml_size = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let out = render(&template, &data, &opts).expect("render");
            best = best.min(start.elapsed());
            size = out.bytes.len();
            xml_size =
                vanban::docx::fixture::part(&out.bytes, "word/document.xml").map_or(0, |x| x.len());
        }
        let ms = best.as_secs_f64() * 1000.0;
        println!(
            "{n}\t{ms:.1}\t{:.2}\t{size}\t{xml_size}\t{}",
            ms / (n as f64 / 1000.0),
            peak_rss().map_or("?".to_string(), |b| b.to_string())
        );
    }
}
