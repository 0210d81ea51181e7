"""`make devserver`: serve with drafts, rebuild on change, reload the page.

One Pelican object does every rebuild of the session, as `pelican
--autoreload` does (plugins/fast_build then re-renders only what changed,
plugins/read_pipeline reuses the parse of an unchanged file), but in this
process, so the server knows when a rebuild starts and when it is done.
What Pelican's autoreload lacks is telling the browser, and the search
index. So this script

- compiles the theme's catalogs and runs Pelican with the development
  settings (drafts are written to /entwurf/<slug>/), again whenever a file
  of content/, the theme or the settings changes (Pelican's own watcher,
  `pelican.utils.wait_for_changes`);
- serves the output folder on 127.0.0.1 with Python's http.server; while a
  rebuild runs, a page request waits for it to finish, so the browser never
  gets a page of the last build whose pictures the new one has replaced, nor
  a half-written one;
- after each rebuild refreshes the Pagefind index and tells open pages to
  reload, once, through Server-Sent Events. The small client script is
  served by this server only; Pelican learns its address through
  `-e LIVERELOAD_URL=…`, which `make html` and `make publish` never set.

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
import logging
import os
import signal
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
    """Counts finished builds; the event stream waits for the next one, a
    page request for the running one to finish."""

    # A page request waits at most this long for a rebuild (a first build of
    # many photos takes minutes): then it gets what is there.
    WAIT_SECONDS = 120

    def __init__(self):
        self.count = 0
        self.running = False
        self.changed = threading.Condition()

    def started(self):
        with self.changed:
            self.running = True

    def finished(self):
        with self.changed:
            self.running = False
            self.count += 1
            self.changed.notify_all()

    def wait_after(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.count != seen, timeout=timeout)
            return self.count

    def wait_idle(self, timeout: float = WAIT_SECONDS) -> None:
        with self.changed:
            self.changed.wait_for(lambda: not self.running, timeout=timeout)


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
            self.builds.wait_idle()
            super().do_GET()

    def do_HEAD(self):
        self.builds.wait_idle()
        super().do_HEAD()

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


def pelican_arguments(output: Path):
    """The arguments `pelican --autoreload` would get, parsed by Pelican."""
    from pelican import parse_arguments

    return parse_arguments(
        [
            "--settings",
            "pelicanconf.py",
            "--output",
            str(output),
            "--extra-settings",
            f"LIVERELOAD_URL={json.dumps(CLIENT_PATH)}",
        ]
    )


def init_logging(pelican_args) -> None:
    """Pelican's log output, set up as its command line does (pelican.main)."""
    from pelican import LOG_HANDLERS
    from pelican.log import init

    init(
        level=pelican_args.verbosity,
        fatal=pelican_args.fatal,
        name="pelican",
        handler=LOG_HANDLERS[pelican_args.log_handler],
        logs_dedup_min_level=getattr(logging, pelican_args.logs_dedup_min_level),
    )


def rebuild_forever(pelican_args, output: Path, builds: Builds) -> None:
    """pelican.autoreload's loop, with the build's start and end told to `builds`."""
    from pelican import get_instance
    from pelican.utils import wait_for_changes

    from build import index_search

    log = logging.getLogger("pelican")
    pelican, settings = get_instance(pelican_args)
    settings_file = os.path.abspath(pelican_args.settings)
    while True:
        builds.started()
        try:
            pelican.run()
            index_search(output)
        except Exception as exc:  # as pelican.autoreload: report, keep serving
            log.warning('Caught exception:\n"%s".', exc, exc_info=settings.get("DEBUG", False))
        finally:
            builds.finished()
        changed = {path for _change, path in wait_for_changes(pelican_args.settings, settings)}
        print(f"\n-> Modified: {', '.join(sorted(changed))}. re-generating...", flush=True)
        if settings_file in changed:
            pelican, settings = get_instance(pelican_args)


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

    from output_folder import OutputBusy, locked, unsafe_output

    # The devserver writes into --output and removes stale derived pictures
    # there: the same guard as a publish's --output.
    why = unsafe_output(args.output, ROOT)
    if why:
        print(
            f"error: --output {args.output}: {why}; the devserver writes into that "
            "folder; leave out --output (it uses .devserver/)",
            file=sys.stderr,
        )
        return 2

    try:
        with locked(args.output.resolve()):
            return serve(args)
    except OutputBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def serve(args) -> int:
    from build import compile_catalogs

    # `kill` ends the server like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    args.output.mkdir(parents=True, exist_ok=True)
    pelican_args = pelican_arguments(args.output)
    init_logging(pelican_args)
    compile_catalogs(ROOT / "theme")
    builds = Builds()
    builds.started()  # requests wait for the first build
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
        # In the main thread: read_pipeline's Markdown time limit uses SIGALRM.
        rebuild_forever(pelican_args, args.output, builds)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
