"""Serve a built site on 127.0.0.1 as a static host would, for the page checks.

- Compresses text (HTML, CSS, JS, SVG, XML, JSON, manifest) with Brotli when
  the `brotli` module is installed and the browser accepts it, else gzip, as
  production hosts do; transfer sizes measured against it are realistic.
- Serves `404.html` with status 404 for a missing path.
- A site published for its real domain (`SITEURL=https://… make publish`)
  links its stylesheet and pages absolutely; `site_url` (found from the
  stylesheet link of index.html when not given) is rewritten to this server's
  origin in text responses, so `output/` can be checked as it is.

Why our own: `python -m http.server` neither compresses nor rewrites; this is
the standard library's handler with those two things added.

    with serve(Path("output")) as origin:
        ...  # e.g. "http://127.0.0.1:41234"
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import re
import threading
from pathlib import Path

try:  # optional: hosts serve Brotli, gzip is the fallback
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None

TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]*)/theme/css/site\.css"')


def find_site_url(root: Path) -> str:
    """The SITEURL a site was built with, read from its stylesheet link."""
    index = root / "index.html"
    if not index.is_file():
        return ""
    m = STYLESHEET_LINK.search(index.read_text(encoding="utf-8"))
    return m.group(1) if m else ""


class _Handler(http.server.SimpleHTTPRequestHandler):
    site_url = ""
    origin = ""
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".wasm": "application/wasm",
        ".xml": "application/xml",
    }

    def log_message(self, *args):  # quiet: the checks print what matters
        pass

    def send_head(self):
        # The parent opens the file and sends headers; we need the body first
        # (to compress and rewrite it), so files are handled here in full.
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the parent redirects to the slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(404)
                return None
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        headers = {"Content-Type": ctype, "Cache-Control": "public, max-age=600"}
        if ctype.startswith(TEXT_TYPES):
            if self.site_url:
                body = body.replace(self.site_url.encode(), self.origin.encode())
            accept = self.headers.get("Accept-Encoding", "")
            if brotli is not None and "br" in accept:
                body, headers["Content-Encoding"] = brotli.compress(body), "br"
            elif "gzip" in accept:
                body, headers["Content-Encoding"] = gzip.compress(body, 9, mtime=0), "gzip"
            headers["Vary"] = "Accept-Encoding"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)  # the parent copies it out and closes it


@contextlib.contextmanager
def serve(root: Path, site_url: str | None = None):
    """Serve `root` on a free port of 127.0.0.1; yields the origin URL."""
    root = Path(root).resolve()
    if site_url is None:
        site_url = find_site_url(root)
    handler = type("Handler", (_Handler,), {"site_url": site_url.rstrip("/")})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    handler.origin = origin
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()
