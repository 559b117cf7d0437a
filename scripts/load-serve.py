#!/usr/bin/env python3
"""Load test of the web desk (`vanban serve`), bounded and on 127.0.0.1 only.

40 simulated units send their returns through their own links at the same time,
500 uploads in all (each unit sends its return again and again, as units do),
while a clerk keeps reading the board. Then it checks:

- no upload lost: every upload got an answer naming what became of it, and the
  campaign's journal (`nhat-ky.log`) has one line for each;
- the desk's tổng hợp equals the command line's merge of the same files
  (`vanban merge` on a copy of the campaign folder), byte for byte;

and prints uploads per second, the p50/p95 latency of uploads and of board
reads, and the server's peak memory (VmHWM, Linux).

Usage: python3 scripts/load-serve.py [--vanban target/release/vanban]
       [--uploads 500] [--units 40]
Only the Python standard library is used.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def request(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(req, timeout=300) as res:
        return res.status, res.read()


def multipart(name, body):
    boundary = "----vanbanload"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; "
        f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return (
        head + body + f"\r\n--{boundary}--\r\n".encode(),
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


def pct(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    default = os.path.join(ROOT, "target", "release", "vanban")
    if not os.path.exists(default):
        default = os.path.join(ROOT, "target", "debug", "vanban")
    ap.add_argument("--vanban", default=default)
    ap.add_argument("--uploads", type=int, default=500)
    ap.add_argument("--units", type=int, default=40)
    args = ap.parse_args()
    vanban = os.path.abspath(args.vanban)

    work = tempfile.mkdtemp(prefix="vanban-load-")
    try:
        # The sample campaign's simulated returns, from the demo.
        demo = os.path.join(work, "demo")
        subprocess.run([vanban, "demo", "-o", demo], check=True, capture_output=True)
        returns_dir = os.path.join(demo, "returns")
        by_unit = {}
        for name in sorted(os.listdir(returns_dir)):
            code = name.split(" ")[0]
            by_unit.setdefault(code, name)
        served = os.path.join(work, "served")
        os.makedirs(served)
        server = subprocess.Popen(
            [vanban, "serve", served, "--no-browser", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = server.stdout.readline()
        url = re.search(r"http://\S+", line).group(0)
        try:
            run(args, vanban, url, served, returns_dir, by_unit, server, work)
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, vanban, url, served, returns_dir, by_unit, server, work):
    status, home = request(url + "/")
    csrf = re.search(rb"_csrf=([0-9a-f]+)", home).group(1).decode()
    # The campaign is named as the sample's, so the demo's forms are its own.
    campaign = "dan-van-2017"
    request(
        f"{url}/dot-moi?_csrf={csrf}",
        urllib.parse.urlencode({"ten": campaign, "nguon": "mau"}).encode(),
    )
    request(f"{url}/dot/{campaign}/nop-truc-tuyen?_csrf={csrf}", b"bat=1")
    _, forms = request(f"{url}/dot/{campaign}/bieu-mau")
    links = dict(
        re.findall(
            rb"<tr><td>(CD\d+)</td>.*?(/don-vi/[0-9a-f]{32})", forms, flags=re.S
        )
    )
    codes = sorted(c.decode() for c in links)[: args.units]
    files = {}
    for code in codes:
        if code in by_unit:
            with open(os.path.join(returns_dir, by_unit[code]), "rb") as f:
                files[code] = f.read()
        else:
            # A unit the demo has no return for sends back its blank form, taken
            # from its own page.
            _, files[code] = request(f"{url}{links[code.encode()].decode()}/bieu-mau")
            by_unit[code] = f"{code}.xlsx"
    print(f"{len(codes)} units, each with its own link; {args.uploads} uploads")
    jobs = [codes[i % len(codes)] for i in range(args.uploads)]

    upload_times, board_times, answers = [], [], []
    lock = threading.Lock()
    done = threading.Event()

    def upload(code):
        link = links[code.encode()].decode()
        body, headers = multipart(by_unit[code], files[code])
        start = time.perf_counter()
        status, page = request(f"{url}{link}?_csrf={csrf}", body, headers)
        took = time.perf_counter() - start
        ok = status == 200 and any(
            w.encode() in page for w in ("Đã nhận", "Có cảnh báo", "Biểu trống")
        )
        with lock:
            upload_times.append(took)
            answers.append((code, ok))

    def board():
        while not done.is_set():
            start = time.perf_counter()
            status, _ = request(f"{url}/dot/{campaign}/theo-doi")
            with lock:
                board_times.append(time.perf_counter() - start)
            assert status == 200

    reader = threading.Thread(target=board)
    reader.start()
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(codes)) as pool:
        list(pool.map(upload, jobs))
    wall = time.perf_counter() - start
    done.set()
    reader.join()

    lost = [c for c, ok in answers if not ok]
    journal = open(os.path.join(served, campaign, "nhat-ky.log"), encoding="utf-8").read()
    logged = journal.count("\tnhận báo cáo\t")
    # The desk's tổng hợp, and the command line's of a copy of the same folder.
    request(f"{url}/dot/{campaign}/tong-hop?_csrf={csrf}", b"")
    copy = os.path.join(work, "copy")
    shutil.copytree(
        os.path.join(served, campaign),
        copy,
        ignore=shutil.ignore_patterns("out", "nhat-ky.log"),
    )
    subprocess.run([vanban, "merge", copy], capture_output=True)
    desk_json = open(os.path.join(served, campaign, "out", "tong-hop.json"), "rb").read()
    cli_json = open(os.path.join(copy, "out", "tong-hop.json"), "rb").read()
    peak = "?"
    try:
        for line in open(f"/proc/{server.pid}/status"):
            if line.startswith("VmHWM"):
                peak = line.split(":")[1].strip()
    except OSError:
        pass

    print(f"uploads: {len(answers)} in {wall:.1f} s = {len(answers) / wall:.1f} per second")
    print(
        f"upload latency: p50 {1000 * statistics.median(upload_times):.0f} ms, "
        f"p95 {1000 * pct(upload_times, 95):.0f} ms"
    )
    print(
        f"board reads during the uploads: {len(board_times)}, p50 "
        f"{1000 * statistics.median(board_times):.0f} ms, p95 {1000 * pct(board_times, 95):.0f} ms"
    )
    print(f"server peak memory (VmHWM): {peak}")
    print(f"uploads without a receipt: {len(lost)}; journal lines: {logged} of {len(answers)}")
    same = desk_json == cli_json
    totals = json.loads(desk_json)["totals"]
    print(f"desk tổng hợp == command-line merge of the same files: {same} ({len(totals)} totals)")
    if lost or logged != len(answers) or not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
