#!/usr/bin/env bash
# Renders the pictures of docs/ from the built-in samples (LibreOffice and poppler
# needed): the van-ban samples' first pages and the demo's plan and report.
# Run from the repository root after `cargo build --release`: bash scripts/docs-pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/vanban
[[ -x $bin ]] || bin=target/debug/vanban
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="$work/profile"
pdf() { soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$work" "$1" >/dev/null 2>&1; }
page() { # pdf page dpi out.png
  pdftoppm -r "$3" -f "$2" -l "$2" -png -singlefile "$1" "${4%.png}"
}
mkdir -p docs/van-ban
for name in 05_congvan_vpcp_2014 12_quyetdinh_ubnd-baclieu_2020 11_thongtulientich_tld-bldtbxh_2007 06_totrinh-duthao_vpcp_2016; do
  "$bin" van-ban "samples/van-ban/$name.txt" -o "$work/$name.docx" >/dev/null
  pdf "$work/$name.docx"
  page "$work/$name.pdf" 1 90 "docs/van-ban/$name-1.png"
done
# The joint document's last page: its two signature blocks.
last=$(pdfinfo "$work/11_thongtulientich_tld-bldtbxh_2007.pdf" | awk '/^Pages:/ {print $2}')
page "$work/11_thongtulientich_tld-bldtbxh_2007.pdf" "$last" 90 docs/van-ban/11_thongtulientich_tld-bldtbxh_2007-cuoi.png
"$bin" demo -o "$work/demo" >/dev/null 2>&1
pdf "$work/demo/out/ke-hoach.docx"
pdf "$work/demo/out/bao-cao.docx"
page "$work/ke-hoach.pdf" 1 90 docs/plan-1.png
page "$work/bao-cao.pdf" 1 90 docs/report-1.png
page "$work/bao-cao.pdf" 3 90 docs/report-appendix-1.png
page "$work/ke-hoach.pdf" 1 70 docs/huong-dan/ke-hoach-trang-1.png
page "$work/bao-cao.pdf" 1 70 docs/huong-dan/bao-cao-trang-1.png
echo "pictures written under docs/"
# The web desk's pages, as Chromium shows them (chromium and chromedriver needed):
# the browser test saves a picture of each page it drives.
VANBAN_SCREENSHOTS="$PWD/docs/huong-dan/web" VANBAN_REQUIRE_BROWSER=1 \
  cargo test --quiet --test cli serve::a_whole_campaign_through_the_page_in_a_real_browser
