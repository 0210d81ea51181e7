"""`make devserver`: build, serve on localhost, rebuild on change, reload the page.

Why not only `pelican --autoreload --listen`: it rebuilds, but the browser
never hears of it, and it bypasses tools/build.py (readable messages, the
search index). So this script

- runs tools/build.py (lenient, development settings: drafts are written to
  /entwurf/<slug>/) in a fresh process for every change, because plugins such
  as i18n_subsites keep state between runs inside one process;
- serves the output folder on 127.0.0.1 with Python's http.server;
- watches content/, theme/, plugins/ and the settings with watchfiles;
- tells open pages to reload through Server-Sent Events. The small client
  script is served by this server only; the build learns its address through
  `--set LIVERELOAD_URL=…`, which `make html` and `make publish` never set.

    python tools/devserver.py [--port 8000] [--output output]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path.cwd()
CLIENT_PATH = "/__livereload/client.js"
EVENTS_PATH = "/__livereload/events"
CLIENT_JS = (
    "// Development only (tools/devserver.py): reload when the site was rebuilt.\n"
    f'new EventSource("{EVENTS_PATH}").addEventListener("message", function () {{\n'
    "  window.location.reload();\n"
    "});\n"
)
WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]


class Builds:
    """Counts finished builds; the event stream waits for the next one."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def finished(self):
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait_after(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.count != seen, timeout=timeout)
            return self.count


class Handler(http.server.SimpleHTTPRequestHandler):
    builds: Builds

    def do_GET(self):
        if self.path == CLIENT_PATH:
            body = CLIENT_JS.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == EVENTS_PATH:
            self.stream_events()
        else:
            super().do_GET()

    def stream_events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.builds.count
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                now = self.builds.wait_after(seen, timeout=15)
                # A comment line keeps the connection open; data means reload.
                self.wfile.write(b"data: reload\n\n" if now != seen else b": ping\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # always the fresh build
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (http.server's name)
        pass  # the build messages are what the author needs to see


def build(output: Path, port: int) -> None:
    cmd = [
        sys.executable, str(Path(__file__).resolve().parent / "build.py"),
        "--settings", "pelicanconf.py", "--output", str(output),
        "--set", f"LIVERELOAD_URL={CLIENT_PATH!r}",
    ]
    subprocess.run(cmd, cwd=ROOT)
    print(f"serving on http://localhost:{port}/  (drafts: /entwurf/<slug>/; Ctrl-C ends)", flush=True)


def is_source(change, path: str) -> bool:
    name = Path(path).name
    # The build itself writes .mo catalogs into theme/: not a change to react to.
    return not (name.startswith(".") or name.endswith((".mo", ".pyc", "~")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)

    from watchfiles import watch

    builds = Builds()
    build(args.output, args.port)
    builds.finished()
    handler = functools.partial(Handler, directory=str(args.output))
    Handler.builds = builds
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()

    watched = [str(ROOT / p) for p in WATCHED if (ROOT / p).exists()]
    try:
        for changes in watch(*watched, watch_filter=is_source):
            changed = sorted({os.path.relpath(p, ROOT) for _, p in changes})
            print("changed: " + ", ".join(changed), flush=True)
            build(args.output, args.port)
            builds.finished()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
