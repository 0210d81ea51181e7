"""How long `make import` and the publish after it take on a WordPress export
of N posts (issue 14's closing note).

    .venv/bin/python bench/wp_import_bench.py            # 300 posts
    .venv/bin/python bench/wp_import_bench.py -n 1000

Generates an export like tests/wxr_fixtures.py's German site, N posts
(classic and block editor alternating, each with a [caption] image, a
gallery, a YouTube address, gender stars and quotes, two categories and tags
with umlauts, comments), 20 pages and their uploads, into a temporary
folder; imports it there with tools/wp_import.py (UPLOADS given), imports it
a second time (must change nothing), publishes the site strictly with
tools/build.py as `make publish` does, and runs check_site's redirects gate.
Prints the import's report table and the times. The real content/ is never
touched.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tools"))

import wxr_fixtures as fx  # noqa: E402
from sitebuild import Site  # noqa: E402

CATEGORIES = [
    ("f%c3%bchrung", "Führung"),
    ("beziehung", "Beziehung"),
    ("wirksamkeit", "Wirksamkeit"),
]
TAGS = [
    ("gr%c3%b6%c3%9fe", "Größe"),
    ("zusammenarbeit", "Zusammenarbeit"),
    ("vertrauen", "Vertrauen"),
    ("k%c3%bcnden", "Kündigung"),
]


def export(n: int) -> tuple[str, list[str]]:
    items, uploads = [], []
    for i in range(n):
        post_id = 1000 + i
        year, month = 2015 + i % 10, 1 + i % 12
        img = f"{year}/{month:02d}/bild-{i}.jpg"
        uploads += [img, img.replace(".jpg", "-300x200.jpg")]
        body = fx.CLASSIC if i % 2 else fx.BLOCKS
        body = body.replace("2019/05/team", img[:-4]).replace("2019/06/ausblick", img[:-4])
        items.append(
            fx.item(
                post_id,
                f"Beitrag {i}: „Führung“ für Kund*innen",
                name=f"beitrag-{i}-f%c3%bchrung",
                link=f"{fx.OLD}/{year}/{month:02d}/beitrag-{i}-f%c3%bchrung/",
                date=f"{year}-{month:02d}-03 10:15:00",
                content=body,
                excerpt=f"Zusammenfassung {i}.",
                categories=[CATEGORIES[i % 3]],
                tags=[TAGS[i % 4], TAGS[(i + 1) % 4]],
                comments=("1",) * (i % 4),
            )
        )
    for i in range(20):
        items.append(
            fx.item(
                5000 + i,
                f"Seite {i}",
                type="page",
                name=f"seite-{i}",
                link=f"{fx.OLD}/seite-{i}/",
                content="<p>Eine Seite über „Wirksamkeit“.</p>",
                excerpt="Eine Seite.",
            )
        )
    for att_id, name in ((201, "team"), (202, "ausblick")):
        items.append(
            fx.item(
                att_id,
                name,
                type="attachment",
                status="inherit",
                name=name,
                attachment_url=f"{fx.UP}/2019/05/{name}.jpg",
                meta={"_wp_attachment_image_alt": name},
            )
        )
    uploads += ["2019/05/team.jpg", "2019/05/ausblick.jpg", "2019/05/leitfaden.pdf"]
    return fx.wxr(items, terms=fx.TERMS), uploads


def timed(cmd, cwd) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=300, help="posts in the export")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wp-bench-"))
    try:
        site = Site(tmp / "site")
        text, uploads = export(args.n)
        wxr_path = tmp / "export.xml"
        wxr_path.write_text(text, encoding="utf-8")
        for rel in uploads:
            path = tmp / "uploads" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(fx.upload_bytes(rel))
        cmd = [
            sys.executable,
            str(REPO / "tools" / "wp_import.py"),
            "--wxr",
            str(wxr_path),
            "--uploads",
            str(tmp / "uploads"),
            "--content",
            str(site.root / "content"),
            "--settings",
            str(site.root / "pelicanconf.py"),
        ]
        first, proc = timed(cmd, site.root)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return 1
        second, again = timed(cmd, site.root)
        started = time.perf_counter()
        build = site.build()
        publish = time.perf_counter() - started
        if build.returncode:
            print(build.stderr[-3000:], file=sys.stderr)
            return 1
        import check_site

        gate = check_site.check_redirects(check_site.Site(build.output, "https://blog.example.org"))
        table = proc.stdout.split("\n\n")[1]
        print(f"export: {wxr_path.stat().st_size / 1e6:.1f} MB, {args.n} posts, 20 pages\n")
        print(table)
        print(f"\nimport (first run)          {first:6.2f} s")
        print(
            f"import (second run)         {second:6.2f} s  ({again.stdout.strip().splitlines()[-1]})"
        )
        print(f"publish (tools/build.py --strict) {publish:6.2f} s")
        print(f"redirects gate: {gate.checked}, {len(gate.findings)} finding(s)")
        return 0 if not gate.findings else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
