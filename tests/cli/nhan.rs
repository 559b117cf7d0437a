//! Tests of `vanban nhan` (receive) and of the tổng hợp always describing the whole
//! set of returns: the merge takes no file names, its data records each return's
//! hash, the report refuses a merge of other returns, the outputs are the same
//! bytes however the folder is named and are created with the user's umask.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::Workbook;
use serde_json::Value as Json;

use crate::common::{Env, Output};
use crate::forms::campaign_folder;
use crate::merge::{filled, values_of};

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().collect()
}

fn json_of(env: &Env, rel: &str) -> Json {
    serde_json::from_slice(&env.read(rel)).expect("json")
}

/// A sheet of a unit's own making whose header row starts with "Mã đơn vị" and has
/// "Số đoàn viên" beside it, and no unit code anywhere.
fn header_row_sheet() -> Vec<u8> {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "DANH SÁCH CÔNG ĐOÀN CƠ SỞ").unwrap();
    for (c, h) in ["Mã đơn vị", "Số đoàn viên", "Ghi chú"].iter().enumerate() {
        s.write_string(3, c as u16, *h).unwrap();
    }
    s.write_number(4, 1, 120.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn nhan_copies_each_file_under_its_units_code_never_over_another() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 3);
    let units = &campaign.reporting.units;
    env.write(
        "inbox/bao cao truong A.xlsx",
        filled(&campaign, &units[0], values_of(0), 20),
    );
    env.write(
        "inbox/tai-ve/x.XLSX",
        filled(&campaign, &units[1], values_of(1), 20),
    );
    env.write("inbox/ghi-chu.xlsx", b"not a workbook");
    env.write("inbox/danh-sach.xlsx", header_row_sheet());
    let inbox = tree(&env.path("inbox"));

    let out = env.run(&[
        "nhan",
        "camp",
        "inbox/bao cao truong A.xlsx",
        "inbox/missing.xlsx",
        "inbox/tai-ve/x.XLSX",
        "inbox/ghi-chu.xlsx",
        "inbox/danh-sach.xlsx",
    ]);
    out.expect_status(1);
    let (a, b) = (&units[0].code, &units[1].code);
    for line in [
        format!(
            "received `inbox/bao cao truong A.xlsx` from unit {a}: copied to `camp/returns/{a}.xlsx`"
        ),
        format!("received `inbox/tai-ve/x.XLSX` from unit {b}: copied to `camp/returns/{b}.XLSX`"),
        "next: `vanban merge camp`".to_string(),
    ] {
        assert!(out.stdout.contains(&line), "{line}\n{}", out.stdout);
    }
    // The missing file is named with its path; the files after it went on.
    assert!(out.stderr.contains("inbox/missing.xlsx"), "{}", out.stderr);
    for refused in ["inbox/ghi-chu.xlsx", "inbox/danh-sach.xlsx"] {
        assert!(
            out.stderr.contains(&format!(
                "error: `{refused}` was not copied into the returns"
            )),
            "{refused}\n{}",
            out.stderr
        );
    }
    // Why the list was not matched: its header is no unit code.
    assert!(
        out.stderr.contains(
            "(the \"Mã đơn vị\" label at Sheet1 › A4 is followed by \"Số đoàn viên\", which is not a unit code)"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("`Số đoàn viên` is not on the roster"));
    assert_eq!(
        names(&env.path("camp/returns")),
        [format!("{a}.xlsx"), format!("{b}.XLSX")]
    );
    assert_eq!(tree(&env.path("inbox")), inbox, "inputs are never modified");

    // The same content again, under any name: already received, nothing copied.
    env.write("inbox/lai.xlsx", env.read("inbox/bao cao truong A.xlsx"));
    let again = env.run(&["receive", "camp", "inbox/lai.xlsx"]);
    again.expect_status(0);
    assert!(
        again.stdout.contains(&format!(
            "`inbox/lai.xlsx` from unit {a} was already received, as `camp/returns/{a}.xlsx`: nothing copied"
        )),
        "{}",
        again.stdout
    );
    // A corrected return of the same unit: kept beside the first, never over it.
    let first = env.read(&format!("camp/returns/{a}.xlsx"));
    env.write(
        "inbox/sua.xlsx",
        filled(&campaign, &units[0], values_of(5), 22),
    );
    env.run(&["nhan", "camp", "inbox/sua.xlsx"])
        .expect_status(0);
    assert_eq!(env.read(&format!("camp/returns/{a}.xlsx")), first);
    assert_eq!(
        env.read(&format!("camp/returns/{a} (2).xlsx")),
        env.read("inbox/sua.xlsx")
    );
    // Vietnamese, the default language.
    env.write(
        "inbox/ba.xlsx",
        filled(&campaign, &units[2], values_of(2), 20),
    );
    let vi = env.run_vi(&["nhan", "camp", "inbox/ba.xlsx"]);
    vi.expect_status(0);
    assert!(
        vi.stdout.contains(&format!(
            "đã nhận tệp `inbox/ba.xlsx` của đơn vị {}: chép vào `camp/returns/{}.xlsx`",
            units[2].code, units[2].code
        )),
        "{}",
        vi.stdout
    );
}

#[test]
fn merge_takes_no_file_names_so_a_subset_never_replaces_the_tong_hop() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 2);
    for (i, unit) in campaign.reporting.units.iter().enumerate() {
        env.write(
            &format!("camp/returns/{i}.xlsx"),
            filled(&campaign, unit, values_of(i), 20),
        );
    }
    env.run(&["merge", "camp"]).expect_status(0);
    let (json, xlsx) = (
        env.read("camp/out/tong-hop.json"),
        env.read("camp/out/tong-hop.xlsx"),
    );
    let out = env.run(&["merge", "camp", "camp/returns/0.xlsx"]);
    out.expect_status(1);
    assert_eq!(
        out.stderr.trim(),
        "error: `vanban merge` reads every file in the campaign's returns folder and takes no \
         file names (`camp/returns/0.xlsx`): add returned files with `vanban nhan camp FILE…` \
         first, then run `vanban merge camp`"
    );
    assert_eq!(env.read("camp/out/tong-hop.json"), json, "not overwritten");
    assert_eq!(env.read("camp/out/tong-hop.xlsx"), xlsx, "not overwritten");
}

#[test]
fn tong_hop_json_records_each_return_by_path_and_hash_and_the_report_checks_them() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 3);
    env.write("camp/bao-cao.txt", "I. KẾT QUẢ\n{{ tinh_hinh_bao_cao }}\n");
    let units = &campaign.reporting.units;
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, &units[0], values_of(0), 20),
    );
    env.write(
        "camp/returns/khoi/b.xlsx",
        filled(&campaign, &units[1], values_of(1), 20),
    );
    env.run(&["merge", "camp"]).expect_status(0);
    let j = json_of(&env, "camp/out/tong-hop.json");
    let files: Vec<(String, String)> = j["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "returns/a.xlsx".to_string(),
                vanban::folder::content_hash(&env.read("camp/returns/a.xlsx"))
            ),
            (
                "returns/khoi/b.xlsx".to_string(),
                vanban::folder::content_hash(&env.read("camp/returns/khoi/b.xlsx"))
            ),
        ]
    );
    env.run(&["report", "camp"]).expect_status(0);

    let refused = |env: &Env, what: &str| -> Output {
        let out = env.run(&["report", "camp"]);
        out.expect_status(1);
        assert!(
            out.stderr.contains(what) && out.stderr.contains("run `vanban merge camp`"),
            "{what}\n{}",
            out.stderr
        );
        out
    };
    // Added.
    env.write(
        "camp/returns/c.xlsx",
        filled(&campaign, &units[2], values_of(2), 20),
    );
    refused(&env, "camp/returns/c.xlsx");
    std::fs::remove_file(env.path("camp/returns/c.xlsx")).unwrap();
    env.run(&["report", "camp"]).expect_status(0);
    // Changed, though saved with an older date than the merge.
    let b = env.read("camp/returns/khoi/b.xlsx");
    env.write(
        "camp/returns/khoi/b.xlsx",
        filled(&campaign, &units[1], values_of(7), 20),
    );
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    crate::report::set_mtime(&env.path("camp/returns/khoi/b.xlsx"), old);
    refused(&env, "camp/returns/khoi/b.xlsx");
    env.write("camp/returns/khoi/b.xlsx", &b);
    // Only its date changed: the same returns, the report is made.
    crate::report::set_mtime(
        &env.path("camp/returns/khoi/b.xlsx"),
        std::time::SystemTime::now() + std::time::Duration::from_secs(60),
    );
    env.run(&["report", "camp"]).expect_status(0);
    // Removed.
    std::fs::remove_file(env.path("camp/returns/a.xlsx")).unwrap();
    refused(&env, "camp/returns/a.xlsx");
}

#[test]
fn the_folder_named_three_ways_gives_the_same_bytes() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 2);
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, &campaign.reporting.units[0], values_of(0), 20),
    );
    env.write("camp/returns/b.xlsx", b"not a workbook");
    let absolute = env.path("camp").display().to_string();
    let mut runs = Vec::new();
    for name in ["camp", "./camp", absolute.as_str()] {
        env.run(&["merge", name]).expect_status(1);
        runs.push((
            env.read("camp/out/tong-hop.json"),
            env.read("camp/out/tong-hop.xlsx"),
        ));
    }
    let json = String::from_utf8(runs[0].0.clone()).unwrap();
    assert!(json.contains("\"file\": \"returns/b.xlsx\""), "{json}");
    assert!(!json.contains("camp/"), "{json}");
    assert!(runs[1] == runs[0], "`./camp` differs from `camp`");
    assert!(runs[2] == runs[0], "the absolute path differs from `camp`");
}

#[cfg(unix)]
#[test]
fn outputs_are_created_with_the_users_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let campaign = campaign_folder(&env, 1);
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, &campaign.reporting.units[0], values_of(0), 20),
    );
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" merge camp")
        .arg(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(env.dir.path())
        .env("VANBAN_LANG", "en")
        .status()
        .expect("run vanban");
    assert!(status.success());
    for out in ["camp/out/tong-hop.xlsx", "camp/out/tong-hop.json"] {
        let mode = std::fs::metadata(env.path(out))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o644, "{out}: {mode:o}");
    }
}
