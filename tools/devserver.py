"""`make devserver`: serve with drafts, rebuild on change, reload the page.

Pelican's own `--autoreload` does the rebuilding: it keeps one Pelican
object between runs, which plugins/fast_build uses to re-render only what
changed. What it lacks is telling the browser, and the search index. So
this script

- compiles the theme's catalogs and starts `pelican --autoreload` with the
  development settings (drafts are written to /entwurf/<slug>/);
- serves the output folder on 127.0.0.1 with Python's http.server;
- watches the output folder: after each rebuild it refreshes the Pagefind
  index and tells open pages to reload, through Server-Sent Events. The small
  client script is served by this server only; Pelican learns its address
  through `-e LIVERELOAD_URL=…`, which `make html` and `make publish` never set.

It builds into its own folder, `.devserver/`, never into `output/`: drafts,
the live-reload script and relative addresses must never reach what
`make deploy` uploads. The folder is locked while the server runs.

    python tools/devserver.py [--port 8000] [--output .devserver]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path.cwd()
CLIENT_PATH = "/__livereload/client.js"
EVENTS_PATH = "/__livereload/events"
CLIENT_JS = (
    "// Development only (tools/devserver.py): reload when the site was rebuilt.\n"
    f'new EventSource("{EVENTS_PATH}").addEventListener("message", function () {{\n'
    "  window.location.reload();\n"
    "});\n"
)


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


def start_pelican(output: Path) -> subprocess.Popen:
    from build import compile_catalogs

    compile_catalogs(ROOT / "theme")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pelican",
            "--autoreload",
            "--settings",
            "pelicanconf.py",
            "--output",
            str(output),
            "--extra-settings",
            f"LIVERELOAD_URL={json.dumps(CLIENT_PATH)}",
        ],
        cwd=ROOT,
    )


def is_page_output(change, path: str) -> bool:
    # Pagefind's own files change because we run it: not a rebuild.
    return f"{os.sep}pagefind{os.sep}" not in path and not Path(path).name.startswith(".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", type=Path, default=Path(".devserver"))
    args = parser.parse_args(argv)
    if args.output.resolve() == (ROOT / "output").resolve():
        print(
            "error: the devserver never writes into output/, the published site; "
            "leave out --output (it uses .devserver/)",
            file=sys.stderr,
        )
        return 2

    from output_folder import OutputBusy, locked

    try:
        with locked(args.output.resolve()):
            return serve(args)
    except OutputBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def serve(args) -> int:

    from watchfiles import watch

    from build import index_search

    # `kill` ends the server like Ctrl-C does, taking Pelican along.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    args.output.mkdir(parents=True, exist_ok=True)
    builds = Builds()
    pelican = start_pelican(args.output)
    Handler.builds = builds
    handler = functools.partial(Handler, directory=str(args.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"serving on http://localhost:{args.port}/  (drafts: /entwurf/<slug>/; Ctrl-C ends)",
        flush=True,
    )
    try:
        for _changes in watch(args.output, watch_filter=is_page_output):
            if pelican.poll() is not None:
                break
            index_search(args.output)
            builds.finished()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if pelican.poll() is None:
            pelican.terminate()
            pelican.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
