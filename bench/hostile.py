#!/usr/bin/env python3
"""Hostile servers against the `cc` binary: requests sent and peak memory (issue 20 item 4).

Each case starts a small HTTP server on 127.0.0.1 that misbehaves one way, points one provider
of `cc` at it, runs one list, and reports the exit code, the wall time, the requests the server
received, the bytes it sent, and the peak resident memory of `cc` and every process it waited
for (`ru_maxrss` from wait4). The cases are the paging and size findings of issue 20:

  huawei-marker-cycle   Huawei next_marker cycling A -> B -> A (fresh ids on every page)
  huawei-fresh-markers  Huawei fresh markers and fresh ids forever
  orange-no-total       Orange full pages of fresh ids, no X-Total-Count
  orange-lying-total    Orange full pages of fresh ids, X-Total-Count: 10^12
  body-200mb            a 200 MB body (Content-Length) to `console-connect list`
  body-endless          an endless chunked body to `console-connect list`

Usage: bench/hostile.py [--bin PATH] [--timeout SECONDS] [--max-items N] [CASE...]
Defaults: target/debug/cc, 60 s a case (the issue's own runs were cut at 60 s), every case.
Not part of CI: it is how the closing note's figures were measured, to measure them again.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIB = 1 << 20


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.sent = 0

    def add(self, requests=0, sent=0):
        with self.lock:
            self.requests += requests
            self.sent += sent


def huawei_page(query, page, next_marker):
    """A full Huawei page (`limit` items, ids fresh on page number `page`) pointing at
    `next_marker`."""
    limit = int(query.get("limit", ["2000"])[0])
    marker = query.get("marker", ["start"])[0]
    items = [
        {"id": f"cc-{page}-{i}", "name": f"n-{marker}-{i}", "status": "ACTIVE"}
        for i in range(limit)
    ]
    return {"cloud_connections": items, "page_info": {"next_marker": next_marker, "current_count": limit}}


def orange_page(query):
    """A full Orange page of fresh connectors at `offset`."""
    offset = int(query.get("offset", ["0"])[0])
    size = int(query.get("limit", ["20"])[0])
    return [
        {"id": f"c-{i}", "name": f"n{i}", "state": "ACTIVE"} for i in range(offset, offset + size)
    ]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = None
    counts = None

    def log_message(self, *args):
        pass

    def send_json(self, value, headers=()):
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, val in headers:
            self.send_header(key, val)
        self.end_headers()
        self.wfile.write(body)
        self.counts.add(sent=len(body))

    def do_GET(self):
        self.counts.add(requests=1)
        query = parse_qs(urlparse(self.path).query)
        mode, page = self.mode, self.counts.requests
        try:
            if mode == "huawei-marker-cycle":
                marker = query.get("marker", [None])[0]
                self.send_json(huawei_page(query, page, "B" if marker == "A" else "A"))
            elif mode == "huawei-fresh-markers":
                self.send_json(huawei_page(query, page, f"m-{page}"))
            elif mode == "orange-no-total":
                self.send_json(orange_page(query))
            elif mode == "orange-lying-total":
                self.send_json(orange_page(query), [("X-Total-Count", str(10**12))])
            elif mode == "body-200mb":
                self.send_size(200 * 1000 * 1000)
            elif mode == "body-endless":
                self.send_endless()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_size(self, size):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b" " * MIB
        left = size
        while left > 0:
            part = chunk[: min(left, len(chunk))]
            self.wfile.write(part)
            self.counts.add(sent=len(part))
            left -= len(part)

    def send_endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b" " * (256 * 1024)
        framed = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        while True:
            self.wfile.write(framed)
            self.counts.add(sent=len(chunk))


def env_for(case, url, home):
    """`cc`'s environment for `case`: no inherited provider settings, the server as the provider."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CC_", "OVH_", "CLOUD_SDK_"))}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), XDG_STATE_HOME=os.path.join(home, ".state"))
    if case.startswith("huawei"):
        env.update(CC_HUAWEI_URL=url, CC_HUAWEI_AK="bench-ak", CC_HUAWEI_SK="bench-sk", CC_HUAWEI_DOMAIN_ID="d0")
        return env, ["huawei", "list"]
    if case.startswith("orange"):
        env.update(CC_ORANGE_URL=url, CC_ORANGE_TOKEN="bench-token", CC_ORANGE_API_KEY="bench-key", CC_ORANGE_PROJECT_ID="p")
        return env, ["orange", "list"]
    env.update(CC_CONSOLE_CONNECT_URL=url, CC_CONSOLE_CONNECT_TOKEN="bench-token", CC_CONSOLE_CONNECT_COMPANY="c0")
    return env, ["console-connect", "list"]


def run_case(binary, case, timeout, max_items):
    counts = Counts()
    handler = type("CaseHandler", (Handler,), {"mode": case, "counts": counts})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.handle_error = lambda *_: None  # cc hanging up on an endless body is the point
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as home:
        env, args = env_for(case, url, home)
        if max_items is not None:
            env["CC_MAX_ITEMS"] = str(max_items)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.monotonic()
            proc = subprocess.Popen([binary, *args, "-o", "json"], env=env, stdout=out, stderr=err)
            killed = threading.Timer(timeout, proc.kill)
            killed.start()
            _, status, usage = os.wait4(proc.pid, 0)
            killed.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            took = time.monotonic() - started
            err.seek(0)
            message = err.read().decode(errors="replace").strip().splitlines()
    server.shutdown()
    server.server_close()
    return {
        "case": case,
        "exit": proc.returncode,
        "seconds": round(took, 2),
        "requests": counts.requests,
        "sent_mib": round(counts.sent / MIB, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "error": (message[-1] if message else "")[:160],
    }


CASES = [
    "huawei-marker-cycle",
    "huawei-fresh-markers",
    "orange-no-total",
    "orange-lying-total",
    "body-200mb",
    "body-endless",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "cc"))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--max-items", type=int, help="CC_MAX_ITEMS for cc (default: unset, 100,000)")
    parser.add_argument("cases", nargs="*", default=CASES)
    opts = parser.parse_args()
    unknown = [c for c in opts.cases if c not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; expected some of {', '.join(CASES)}")
    rows = [run_case(opts.bin, case, opts.timeout, opts.max_items) for case in opts.cases]
    print(f"{'case':22} {'exit':>4} {'s':>6} {'requests':>8} {'sent MiB':>9} {'peak RSS MiB':>12}")
    for r in rows:
        print(f"{r['case']:22} {r['exit']:>4} {r['seconds']:>6} {r['requests']:>8} {r['sent_mib']:>9} {r['peak_rss_mib']:>12}")
    for r in rows:
        print(f"{r['case']}: {r['error']}")


if __name__ == "__main__":
    main()
