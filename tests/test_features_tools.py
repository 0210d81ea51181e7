"""Issue 7, the author's tools: newpost, deploy (to a local folder), devserver."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitebuild import REPO, SITEURL

NEWPOST = REPO / "tools" / "newpost.py"
DEPLOY = REPO / "tools" / "deploy.py"
DEVSERVER = REPO / "tools" / "devserver.py"
GOOD = "Title: Gut\nDate: 2026-01-01\nSlug: gut\nLang: de\nSummary: Ein guter Beitrag.\n\nEin guter Beitrag.\n"


def front_matter(path: Path) -> dict[str, str]:
    head = path.read_text("utf-8").split("\n\n", 1)[0]
    return dict(
        line.split(": ", 1) if ": " in line else (line.rstrip(":"), "")
        for line in head.splitlines()
    )


# --- newpost -------------------------------------------------------------------


def test_newpost_writes_a_german_draft_and_prints_its_path(site):
    proc = site.run(NEWPOST, env={"TITLE": "Führung für Anfänger: Größe zeigen"})
    assert proc.returncode == 0, proc.stderr
    relpath = proc.stdout.splitlines()[0]
    path = site.root / relpath
    year = datetime.now(ZoneInfo("Europe/Berlin")).year
    assert re.fullmatch(rf"content/articles/{year}/[a-z0-9-]+\.md", relpath)
    meta = front_matter(path)
    assert meta["Title"] == "Führung für Anfänger: Größe zeigen"
    assert meta["Lang"] == "de" and meta["Status"] == "draft"
    assert meta["Slug"] == path.stem
    # German transliteration from the project's slug settings.
    assert "fuehrung" in meta["Slug"] and "groesse" in meta["Slug"]
    date = datetime.strptime(meta["Date"], "%Y-%m-%d %H:%M")
    now = datetime.now(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    assert abs((now - date).total_seconds()) < 120
    assert {"Category", "Tags", "Summary"} <= set(meta)
    assert "Series" not in meta

    # The draft builds (as a draft, at its slug) in development and is absent
    # from the strict publish.
    dev = site.build(strict=False, settings="pelicanconf.py", output="dev")
    assert (dev.output / "entwurf" / meta["Slug"] / "index.html").is_file(), dev.stderr
    published = site.build()
    assert published.returncode == 0, published.stderr
    assert not (published.output / meta["Slug"]).exists()
    assert not (published.output / "entwurf").exists()


def test_newpost_refuses_to_overwrite(site):
    first = site.run(NEWPOST, "Ein Titel")
    assert first.returncode == 0, first.stderr
    path = site.root / first.stdout.splitlines()[0]
    path.write_text(path.read_text("utf-8") + "Mein Text.\n", encoding="utf-8")
    before = path.read_bytes()
    again = site.run(NEWPOST, "Ein Titel")
    assert again.returncode != 0
    assert first.stdout.splitlines()[0] in again.stderr and "exists" in again.stderr
    assert path.read_bytes() == before


def test_newpost_refuses_a_slug_that_another_article_has(site):
    site.write("articles/2020/alt.md", "Title: Alt\nDate: 2020-01-01\nSlug: ein-titel\n\nA\n")
    proc = site.run(NEWPOST, "Ein Titel")
    assert proc.returncode != 0
    assert "content/articles/2020/alt.md" in proc.stderr and "ein-titel" in proc.stderr


def test_newpost_without_title_explains_how(site):
    proc = site.run(NEWPOST, env={"TITLE": ""})
    assert proc.returncode != 0 and 'TITLE="' in proc.stderr


def test_newpost_series_gets_the_next_free_index_of_the_german_parts(site):
    site.write(
        "articles/2025/a.md",
        "Title: A\nDate: 2025-01-01\nLang: de\nSeries: Gute Führung\nSeries_index: 1\n\nA\n",
    )
    site.write(
        "articles/2025/b.md",
        "Title: B\nDate: 2025-02-01\nLang: de\nSeries: Gute Führung\nSeries_index: 2\n\nB\n",
    )
    # An English part and another series do not count.
    site.write(
        "articles/2025/c.md",
        "Title: C\nDate: 2025-03-01\nLang: en\nSeries: Gute Führung\nSeries_index: 5\n\nC\n",
    )
    site.write(
        "articles/2025/d.md",
        "Title: D\nDate: 2025-03-01\nLang: de\nSeries: Andere\nSeries_index: 9\n\nD\n",
    )
    proc = site.run(NEWPOST, env={"TITLE": "Teil drei", "SERIES": "Gute Führung"})
    assert proc.returncode == 0, proc.stderr
    meta = front_matter(site.root / proc.stdout.splitlines()[0])
    assert meta["Series"] == "Gute Führung" and meta["Series_index"] == "3"

    fresh = site.run(NEWPOST, env={"TITLE": "Neue Reihe, Teil eins", "SERIES": "Ganz neu"})
    assert front_matter(site.root / fresh.stdout.splitlines()[0])["Series_index"] == "1"


def test_newpost_takes_the_most_used_category_of_the_german_posts(site):
    for i in range(2):
        site.write(
            f"articles/2025/de{i}.md",
            f"Title: D{i}\nDate: 2025-01-0{i + 1}\nLang: de\nCategory: Führung\n\nD\n",
        )
    for i in range(3):  # more English posts: their category is no German one
        site.write(
            f"articles/2025/en{i}.md",
            f"Title: E{i}\nDate: 2025-02-0{i + 1}\nLang: en\nCategory: Leadership\n\nE\n",
        )
    proc = site.run(NEWPOST, env={"TITLE": "Neuer Beitrag"})
    assert proc.returncode == 0, proc.stderr
    assert front_matter(site.root / proc.stdout.splitlines()[0])["Category"] == "Führung"


def test_a_newpost_published_with_its_placeholder_summary_is_refused(site):
    proc = site.run(NEWPOST, env={"TITLE": "Fast fertig"})
    path = site.root / proc.stdout.splitlines()[0]
    text = path.read_text("utf-8").replace("Status: draft\n", "")
    path.write_text(text, "utf-8")
    build = site.build()
    assert build.returncode != 0, build.stdout
    assert any(
        line.startswith("error:")
        and path.name in line
        and "'Summary:' line still holds a placeholder ('TODO:" in line
        for line in build.stderr.splitlines()
    ), build.stderr
    path.write_text(text.replace("Summary: TODO:", "Summary: Zwei Sätze. Fertig:"), "utf-8")
    assert site.build().returncode == 0


def test_make_newpost_passes_title_and_series_through(tmp_path):
    """The Makefile target hands TITLE/SERIES over unmangled (quotes, $)."""
    makefile = (REPO / "Makefile").read_text("utf-8")
    recipe = re.search(r"^newpost:.*\n\t(.+)$", makefile, re.M).group(1)
    assert "tools/newpost.py" in recipe
    probe = tmp_path / "Makefile"
    probe.write_text('newpost:\n\t@echo "[$$TITLE|$$SERIES]"\n', encoding="utf-8")
    proc = subprocess.run(
        ["make", "-s", "-f", str(probe), "newpost", 'TITLE=Ein "Titel" mit $$5', "SERIES=Reihe"],
        capture_output=True,
        text=True,
    )
    assert proc.stdout.strip() == '[Ein "Titel" mit $5|Reihe]'


# --- deploy --------------------------------------------------------------------


def test_deploy_refuses_without_target_and_builds_nothing(site):
    site.write("articles/gut.md", GOOD)
    env = {k: v for k, v in os.environ.items() if k != "DEPLOY_TARGET"}
    proc = subprocess.run(
        [sys.executable, str(DEPLOY)], cwd=site.root, capture_output=True, text=True, env=env
    )
    assert proc.returncode != 0
    assert "DEPLOY_TARGET" in proc.stderr
    assert not (site.root / "output").exists()


@pytest.mark.needs("rsync")  # without it, deploy refuses before it builds
def test_deploy_refuses_when_the_strict_publish_fails(site, tmp_path):
    site.write("articles/gut.md", GOOD)
    site.write("articles/kaputt.md", "Title: Kaputt\nDate: gestern\n\nText\n")
    target = tmp_path / "webroot"
    target.mkdir()
    proc = site.run(DEPLOY, env={"DEPLOY_TARGET": str(target)})
    assert proc.returncode != 0
    assert "content/articles/kaputt.md" in proc.stderr and "deploy refused" in proc.stderr
    assert list(target.iterdir()) == []


@pytest.mark.needs("rsync")
def test_deploy_publishes_strictly_and_mirrors_output_to_the_target(site, tmp_path):
    site.write("articles/gut.md", GOOD)
    site.write("extra/_headers", (REPO / "content/extra/_headers").read_text("utf-8"))
    target = tmp_path / "webroot"
    target.mkdir()
    (target / "alt.html").write_text("old", encoding="utf-8")
    # A development build in output/ must never be what goes online.
    site.build(strict=False, settings="pelicanconf.py")
    # The folder holds a file but no marker of an earlier deploy: confirmed.
    proc = site.run(DEPLOY, env={"DEPLOY_TARGET": str(target), "DEPLOY_INIT": "1"})
    assert proc.returncode == 0, proc.stderr
    assert (target / "gut" / "index.html").is_file()
    assert (target / "sitemap.xml").is_file() and (
        target / "pagefind" / "pagefind-entry.json"
    ).is_file()
    assert not (target / "alt.html").exists()  # a mirror: what the site no longer has goes
    page = (target / "gut" / "index.html").read_text("utf-8")
    assert "livereload" not in page and f"{SITEURL}/gut/" in page


# --- devserver -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_for(check, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_devserver_shows_drafts_rebuilds_and_tells_the_page_to_reload(site):
    site.write("articles/gut.md", GOOD)
    site.write(
        "articles/entwurf.md",
        "Title: Entwurf\nDate: 2026-01-02\nSlug: mein-entwurf\nLang: de\nStatus: draft\n\nErstfassung\n",
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(DEVSERVER), "--port", str(port)],
        cwd=site.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        draft = wait_for(lambda: get(f"{base}/entwurf/mein-entwurf/"))
        assert "Erstfassung" in draft
        script = re.search(r'<script src="([^"]*livereload[^"]*)"', draft).group(1)
        assert "EventSource" in get(base + script)

        events = urllib.request.urlopen(f"{base}/__livereload/events", timeout=60)
        assert events.readline().startswith(b"retry:")
        events.readline()
        time.sleep(0.5)
        path = site.root / "content/articles/entwurf.md"
        path.write_text(
            path.read_text("utf-8").replace("Erstfassung", "Zweitfassung"), encoding="utf-8"
        )
        line = events.readline()
        while line.startswith(b":") or not line.strip():
            line = events.readline()
        assert line == b"data: reload\n"
        events.close()
        assert wait_for(lambda: "Zweitfassung" in get(f"{base}/entwurf/mein-entwurf/"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
