"""Time what `make devserver` does after the author saves one article.

    python bench/devserver_rebuild.py SITE_DIR ARTICLE [--edits 5]

`pelican --autoreload` keeps one Pelican object and calls its `run()` again
after every change. This script does the same in one process: a first run
(cold, not timed), then for each edit it adds a sentence to the first
paragraph of ARTICLE and
times the next `run()`, and checks that the article's page shows the edit
(its slug is the file name, as in the generated corpus). It prints one line per rebuild in seconds, e.g.
`rebuild 0.84 0.80` (wall and CPU), and restores the article at the end.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("article", type=Path, help="path relative to SITE/content")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--settings", default="pelicanconf.py")
    args = parser.parse_args()

    os.chdir(args.site)
    sys.path.insert(0, str(args.site))
    logging.basicConfig(level=logging.ERROR)
    from pelican import Pelican
    from pelican.settings import read_settings

    # As `pelican --autoreload --settings pelicanconf.py` sets them up.
    settings = read_settings(args.settings, override={"OUTPUT_PATH": "output"})
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from build import compile_catalogs

    compile_catalogs(Path(settings["THEME"]))
    pelican = Pelican(settings)
    started = time.perf_counter()
    pelican.run()
    print(f"first {time.perf_counter() - started:.3f}", flush=True)

    article = Path("content") / args.article
    original = article.read_text(encoding="utf-8")
    try:
        for i in range(args.edits):
            # A sentence added to the first paragraph of the text (the end of
            # a series part is its "Im nächsten Beitrag" teaser, shown on
            # other pages: a different kind of edit). One token the
            # typography leaves alone: no spaces, quotes or dashes.
            body_start = original.index("\n\n") + 2
            paragraph_end = original.index("\n\n", body_start)
            edited = (
                original[:paragraph_end]
                + f" Ein neuer Satz benchedit{i} über Kund*innen."
                + original[paragraph_end:]
            )
            article.write_text(edited, encoding="utf-8")
            # mtime granularity: make sure the edit is seen as a change.
            stamp = time.time() + i + 1
            os.utime(article, (stamp, stamp))
            started, cpu = time.perf_counter(), time.process_time()
            pelican.run()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            # A rebuild that skipped the edited page would be fast and wrong.
            page = Path(settings["OUTPUT_PATH"]) / article.stem / "index.html"
            if f"benchedit{i}" not in page.read_text(encoding="utf-8"):
                sys.exit(f"rebuild {i}: {page} does not show the edit")
            print(f"rebuild {elapsed:.3f} {cpu:.3f}", flush=True)
    finally:
        article.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
