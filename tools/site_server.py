"""Serve a built site on localhost as a static host would: `make serve`, and
the server of the page checks and browser tests.

- Compresses text (HTML, CSS, JS, SVG, XML, JSON, manifest) with Brotli when
  the `brotli` module is installed and the browser accepts it, else gzip, as
  production hosts do; transfer sizes measured against it are realistic.
- Serves `404.html` with status 404 for a missing path.
- With `host_headers` (as `make serve` runs it): the HTTP headers of the
  site's `_headers` file (Content-Security-Policy and the rest, the format of
  Netlify and Cloudflare Pages), so what the policy would block online is
  blocked here too; and `Cache-Control: no-cache`, so a reload after the next
  `make publish` shows the new files.

Pages link the site root-relative (plugins/root_relative), so output/ is
served as it is, whatever SITEURL it was published for.

    .venv/bin/python tools/site_server.py output --port 8000   # make serve

    with serve(Path("output")) as origin:
        ...  # e.g. "http://127.0.0.1:41234"
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import re
import sys
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


def read_headers_file(path: Path) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """The rules of a `_headers` file: (path pattern, [(name, value)]).

    A line starting with `/` is a path (`*` matches anything, as on Netlify);
    indented `Name: value` lines below it are its headers; `#` starts a comment.
    """
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    if not path.is_file():
        return rules
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            rules.append((re.compile(pattern + r"\Z"), []))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _Handler(http.server.SimpleHTTPRequestHandler):
    host_rules: list = []
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
        # (to compress it), so files are handled here in full.
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
            accept = self.headers.get("Accept-Encoding", "")
            if brotli is not None and "br" in accept:
                body, headers["Content-Encoding"] = brotli.compress(body), "br"
            elif "gzip" in accept:
                body, headers["Content-Encoding"] = gzip.compress(body, 9, mtime=0), "gzip"
            headers["Vary"] = "Accept-Encoding"
        extra = self.host_headers(self.path.split("?")[0])
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() not in {k.lower() for k, _ in extra}:
                self.send_header(key, value)
        for key, value in extra:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)  # the parent copies it out and closes it

    def host_headers(self, url_path: str) -> list[tuple[str, str]]:
        if self.host_rules is None:
            return []
        found: list[tuple[str, str]] = []
        for pattern, rule_headers in self.host_rules:
            if pattern.match(url_path):
                # As online, upgrade-insecure-requests too: browsers never
                # upgrade requests to 127.0.0.1 or localhost (tried: Chromium).
                found += rule_headers
        # Cache-Control last, replacing the file's: a preview is never stale.
        return [(k, v) for k, v in found if k.lower() != "cache-control"] + [
            ("Cache-Control", "no-cache")
        ]


def make_server(
    root: Path, port: int = 0, host_headers: bool = False
) -> http.server.ThreadingHTTPServer:
    root = Path(root).resolve()
    rules = read_headers_file(root / "_headers") if host_headers else None
    handler = type("Handler", (_Handler,), {"host_rules": rules})
    return http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(root))
    )


@contextlib.contextmanager
def serve(root: Path, host_headers: bool = False):
    """Serve `root` on a free port of 127.0.0.1; yields the origin URL."""
    server = make_server(root, 0, host_headers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Serve a built site on localhost as a static host would."
    )
    parser.add_argument(
        "root", nargs="?", default="output", help="the built site (default: output)"
    )
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not (root / "index.html").is_file():
        print(
            f"error: {root}/ holds no built site (no index.html); run `make publish` (or `make html`) first",
            file=sys.stderr,
        )
        return 1
    try:
        server = make_server(root, args.port, host_headers=True)
    except OSError as err:
        print(
            f"error: cannot listen on port {args.port} ({err.strerror}); choose another, e.g. `make serve PORT={args.port + 1}`",
            file=sys.stderr,
        )
        return 1
    print(
        f"Serving {root}/ on http://localhost:{server.server_address[1]}/ with the headers of its _headers file; Ctrl-C stops.",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
