//! The workflow's shared decisions, through every command: one campaign loader
//! (a byte-order mark is fine everywhere), one notion of a return (sub-folders of
//! `returns/` included, for the merge and the report's freshness check alike).

use std::time::{Duration, SystemTime};

use crate::common::Env;
use crate::forms::campaign_folder;
use crate::merge::{filled, values_of};
use crate::report::set_mtime;

/// The sample body of the report, enough for the built-in template.
const REPORT_BODY: &str = "I. KẾT QUẢ\n{{ tinh_hinh_bao_cao }}\n";

fn with_bom(env: &Env, rel: &str) {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(env.read(rel));
    env.write(rel, bytes);
}

#[test]
fn a_campaign_saved_with_a_byte_order_mark_works_for_every_command() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 2);
    env.write("camp/ke-hoach.txt", "I. MỤC ĐÍCH\nNội dung.\n");
    env.write("camp/bao-cao.txt", REPORT_BODY);
    with_bom(&env, "camp/campaign.json");
    with_bom(&env, "camp/ke-hoach.txt");
    assert_eq!(&env.read("camp/campaign.json")[..3], b"\xEF\xBB\xBF");
    env.run(&["plan", "camp"]).expect_status(0);
    env.run(&["forms", "camp"]).expect_status(0);
    let unit = &campaign.reporting.units[0];
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, unit, values_of(0), 20),
    );
    let merged = env.run(&["merge", "camp"]);
    merged.expect_status(0);
    assert!(merged.stdout.contains("read 1 file"), "{}", merged.stdout);
    env.run(&["report", "camp"]).expect_status(0);
    for out in ["ke-hoach.docx", "bieu-mau", "tong-hop.json", "bao-cao.docx"] {
        assert!(env.path(&format!("camp/out/{out}")).exists(), "{out}");
    }
}

#[test]
fn a_return_in_a_sub_folder_is_merged_and_watched_by_the_report() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 2);
    env.write("camp/bao-cao.txt", REPORT_BODY);
    let [a, b] = [&campaign.reporting.units[0], &campaign.reporting.units[1]];
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, a, values_of(0), 20),
    );
    env.write(
        "camp/returns/khoi-truong/b.xlsx",
        filled(&campaign, b, values_of(1), 21),
    );
    let old = SystemTime::now() - Duration::from_secs(3600);
    for f in ["camp/returns/a.xlsx", "camp/returns/khoi-truong/b.xlsx"] {
        set_mtime(&env.path(f), old);
    }
    let merged = env.run(&["merge", "camp"]);
    merged.expect_status(0);
    assert!(
        merged.stdout.contains("read 2 files: 2 accepted")
            && merged.stdout.contains("0 of 2 units have not reported"),
        "{}",
        merged.stdout
    );
    env.run(&["report", "camp"]).expect_status(0);
    // Saved again unchanged after the merge: still the returns merged.
    set_mtime(
        &env.path("camp/returns/khoi-truong/b.xlsx"),
        SystemTime::now() + Duration::from_secs(60),
    );
    env.run(&["report", "camp"]).expect_status(0);
    // A corrected return in the sub-folder: the report names it and asks for the
    // merge that will read it.
    env.write(
        "camp/returns/khoi-truong/b.xlsx",
        filled(&campaign, b, values_of(4), 21),
    );
    let stale = env.run(&["report", "camp"]);
    stale.expect_status(1);
    assert!(
        stale.stderr.contains("returns/khoi-truong/b.xlsx")
            && stale.stderr.contains("run `vanban merge camp`"),
        "{}",
        stale.stderr
    );
}

#[test]
fn a_plan_corrected_by_hand_is_kept_when_the_plan_is_made_again() {
    let env = Env::new();
    campaign_folder(&env, 2);
    env.write("camp/ke-hoach.txt", "I. MỤC ĐÍCH\nNội dung.\n");
    env.run(&["plan", "camp"]).expect_status(0);
    let first = env.read("camp/out/ke-hoach.docx");
    // Made again unchanged: nothing to keep.
    let again = env.run(&["plan", "camp"]);
    again.expect_status(0);
    assert!(!again.stdout.contains("changed since"), "{}", again.stdout);
    // The clerk corrects it in Word (here: any other bytes), then runs plan again.
    env.write("camp/out/ke-hoach.docx", b"corrected by hand");
    let out = env.run(&["plan", "camp"]);
    out.expect_status(0);
    assert!(
        out.stdout
            .contains("camp/out/ke-hoach.docx` was changed since vanban wrote it"),
        "{}",
        out.stdout
    );
    let kept: Vec<String> = std::fs::read_dir(env.path("camp/out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ke-hoach (sửa tay "))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        env.read(&format!("camp/out/{}", kept[0])),
        b"corrected by hand"
    );
    assert_eq!(env.read("camp/out/ke-hoach.docx"), first);
}

/// A merge killed between writing `tong-hop.xlsx` and `tong-hop.json` leaves the
/// workbook of one run beside the data of another; the report refuses the mixed
/// pair (their shared run id differs) instead of trusting it.
#[test]
fn a_workbook_from_another_merge_beside_the_data_is_refused() {
    let env = Env::new();
    env.run(&["demo", "-o", "d"]).expect_status(0);
    env.run(&["report", "d"]).expect_status(0);
    // Another merge, of other returns: its workbook carries another run id.
    env.run(&["demo", "-o", "other"]).expect_status(0);
    let first = std::fs::read_dir(env.path("other/returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .min()
        .unwrap();
    std::fs::remove_file(first).unwrap();
    let merged = env.run(&["merge", "other"]);
    assert!(
        merged.status == 0 || merged.status == 1,
        "{}",
        merged.stderr
    );
    assert_ne!(
        env.read("other/out/tong-hop.xlsx"),
        env.read("d/out/tong-hop.xlsx")
    );
    env.write("d/out/tong-hop.xlsx", env.read("other/out/tong-hop.xlsx"));
    let before = env.read("d/out/bao-cao.docx");
    let refused = env.run(&["report", "d"]);
    refused.expect_status(1);
    assert!(
        refused
            .stderr
            .contains("is not from the same merge as `d/out/tong-hop.json`"),
        "{}",
        refused.stderr
    );
    assert_eq!(env.read("d/out/bao-cao.docx"), before, "nothing written");
}
