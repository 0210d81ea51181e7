"""`make serve` (tools/site_server.py) serves output/ as a static host does:
compressed, the 404 page for a missing address, the headers of `_headers`."""

from __future__ import annotations

import gzip
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import brotli
import pytest
from sitebuild import REPO

SERVER = REPO / "tools" / "site_server.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    out = tmp_path / "output"
    (out / "theme" / "css").mkdir(parents=True)
    (out / "index.html").write_text(
        "<!doctype html><title>Start</title><p>" + "Resonanz " * 200, "utf-8"
    )
    (out / "404.html").write_text("<!doctype html><title>Nicht gefunden</title>", "utf-8")
    (out / "theme" / "css" / "site.css").write_text("body { color: black; }\n" * 50, "utf-8")
    (out / "_headers").write_text(
        (REPO / "content" / "extra" / "_headers").read_text("utf-8"), "utf-8"
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(SERVER), str(out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(origin + "/", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        yield origin, port
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(url: str, encoding: str = "identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_compresses_as_a_host_does(served):
    origin, _port = served
    status, headers, body = get(origin + "/", "br, gzip")
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert b"Resonanz" in brotli.decompress(body)
    status, headers, body = get(origin + "/theme/css/site.css", "gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body).startswith(b"body {")


def test_a_missing_address_gets_the_404_page_with_status_404(served):
    origin, _port = served
    status, _headers, body = get(origin + "/gibt-es-nicht/")
    assert status == 404 and b"Nicht gefunden" in body


def test_sends_the_headers_of_the_headers_file_and_never_a_stale_copy(served):
    origin, _port = served
    _status, headers, _body = get(origin + "/")
    csp = headers["Content-Security-Policy"]
    rules = (REPO / "content" / "extra" / "_headers").read_text("utf-8")
    online = re.search(r"^\s+Content-Security-Policy:\s*(.+)$", rules, re.M).group(1).strip()
    assert csp == online and "default-src 'self'" in csp
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    _status, headers, _body = get(origin + "/theme/css/site.css")
    assert headers["Cache-Control"] == "no-cache"  # not the day _headers gives online
    assert headers["Content-Security-Policy"] == csp


def test_refuses_a_folder_without_a_site_and_a_port_in_use(served, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(SERVER), str(tmp_path / "leer")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 1 and "make publish" in proc.stderr and "Traceback" not in proc.stderr
    _origin, port = served
    out = tmp_path / "output"
    proc = subprocess.run(
        [sys.executable, str(SERVER), str(out), "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (
        proc.returncode == 1
        and f"PORT={port + 1}" in proc.stderr
        and "Traceback" not in proc.stderr
    )
