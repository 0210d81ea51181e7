"""tools/pagefind_files.py against the pinned Pagefind's real bundle.

Contract tests: a publish keeps the previous search index files and lets
Pagefind add what changed, which rests on two facts of Pagefind 1.5.2's
bundle. If one of them fails after raising the pin, the publish must go back
to indexing into an empty folder (UPGRADING.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pagefind_files import HASHED, prune, seed
from sitebuild import article, published

PINNED = "1.5.2"


def pinned_note(bundle: Path) -> str:
    version = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["version"]
    return (
        f"tools/pagefind_files.py was written for Pagefind {PINNED}'s bundle; this one is "
        f"from Pagefind {version}. Read its file layout again before publishing with it."
    )


def hashed_files(bundle: Path) -> set[str]:
    names = {p.name for p in bundle.glob("*.pf_meta")}
    for sub, suffix in HASHED.items():
        names |= {f"{sub}/{p.name}" for p in (bundle / sub).glob("*" + suffix)}
    return names


def pagefind(site: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    files = {
        f"articles/b{i}.md": article(
            f"Beitrag {i}", f"2026-01-0{i}", f"Führung und Vertrauen, Teil {i}.", Slug=f"b{i}"
        )
        for i in range(1, 5)
    }
    files["articles/b1-en.md"] = article(
        "Post 1", "2026-01-01", "Leadership and trust.", Slug="b1", Lang="en"
    )
    return published(tmp_path_factory.mktemp("pf") / "site", files)


def test_every_hash_named_file_of_a_fresh_bundle_is_named_by_its_index(built, tmp_path):
    bundle = shutil.copytree(built.output / "pagefind", tmp_path / "pagefind")
    hashed = hashed_files(bundle)
    assert {n.split("/")[0] for n in hashed} >= {"fragment", "index"}, pinned_note(bundle)
    # Everything counts as old: only files with fixed names may go.
    assert prune(bundle, started_ns=2**63), pinned_note(bundle)
    assert hashed_files(bundle) == hashed, pinned_note(bundle)
    left = {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()}
    assert left == hashed, pinned_note(bundle)


def test_pagefind_never_writes_to_a_hash_named_file_that_is_there(built, tmp_path):
    site = shutil.copytree(built.output, tmp_path / "site")
    bundle = site / "pagefind"
    before = {n: os.stat(bundle / n) for n in hashed_files(bundle)}
    pagefind(site)
    after = {n: os.stat(bundle / n) for n in hashed_files(bundle)}
    assert after.keys() == before.keys(), pinned_note(bundle)
    changed = [
        n
        for n in before
        if (after[n].st_ino, after[n].st_ctime_ns) != (before[n].st_ino, before[n].st_ctime_ns)
    ]
    assert changed == [], pinned_note(bundle)


def test_a_bundle_it_cannot_read_is_left_whole(built, tmp_path):
    bundle = shutil.copytree(built.output / "pagefind", tmp_path / "pagefind")
    (bundle / "fragment" / "de_0000000.pf_fragment").write_bytes(b"stale")
    meta = next(bundle.glob("pagefind.de_*.pf_meta"))
    meta.write_bytes(b"not gzip")
    files = sorted(bundle.rglob("*"))
    assert not prune(bundle, started_ns=2**63)
    assert sorted(bundle.rglob("*")) == files


def test_fragments_not_one_per_page_delete_nothing(built, tmp_path):
    bundle = shutil.copytree(built.output / "pagefind", tmp_path / "pagefind")
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    for language in entry["languages"].values():
        language["page_count"] += 1
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), "utf-8")
    files = sorted(bundle.rglob("*"))
    assert not prune(bundle)
    assert sorted(bundle.rglob("*")) == files


def test_seed_links_only_hash_named_regular_files(built, tmp_path):
    live = built.output / "pagefind"
    (tmp_path / "elsewhere").write_text("secret")
    os.symlink(tmp_path / "elsewhere", live / "fragment" / "de_1111111.pf_fragment")
    try:
        bundle = tmp_path / "new" / "pagefind"
        bundle.parent.mkdir()
        assert seed(live, bundle)
        assert {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()} == (
            hashed_files(live) - {"fragment/de_1111111.pf_fragment"}
        )
        some = next((bundle / "fragment").iterdir())
        assert some.stat().st_ino == (live / "fragment" / some.name).stat().st_ino
        assert not seed(live, bundle)  # never into a bundle that is there
    finally:
        (live / "fragment" / "de_1111111.pf_fragment").unlink()


def test_the_publish_indexes_every_page_marked_for_search_and_nothing_else(seed_build):
    marked = {
        p
        for p in seed_build.output.rglob("*.html")
        if "pagefind" not in p.parts and "data-pagefind-body" in p.read_text("utf-8")
    }
    entry = json.loads((seed_build.output / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert len(marked) > 3
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(marked)


def test_the_search_glob_names_the_pages_or_leaves_pagefind_its_default(tmp_path):
    from build import search_glob

    site = tmp_path / "out"
    pages = [str(site / "fuehrung" / "index.html"), str(site / "en" / "trust" / "index.html")]
    assert search_glob(site, pages) == "{en/trust/index.html,fuehrung/index.html}"
    assert search_glob(site, pages[:1]) == "fuehrung/index.html"
    assert search_glob(site, []) is None
    for odd in ("über/index.html", "a,b/index.html", "{x}/index.html", "../x.html"):
        assert search_glob(site, [*pages, str(site / odd)]) is None, odd


def test_the_seed_leaves_files_a_publish_would_have_to_change(built, tmp_path):
    live = shutil.copytree(built.output / "pagefind", tmp_path / "live")
    fragments = sorted((live / "fragment").iterdir())
    fragments[0].chmod(0o600)  # as `make html` writes under umask 077
    fragments[1].write_bytes(b"")  # as a crash can leave it
    bundle = tmp_path / "new" / "pagefind"
    bundle.parent.mkdir()
    assert seed(live, bundle)
    linked = {p.name for p in (bundle / "fragment").iterdir()}
    assert fragments[0].name not in linked and fragments[1].name not in linked
    assert {p.name for p in fragments[2:]} <= linked


def test_an_authors_html_file_marked_for_search_is_indexed_and_odd_names_too(site):
    site.write("articles/gut.md", article("Gut", "2026-01-01", "Ein guter Beitrag.", Slug="gut"))
    site.write(
        "extra/handout.html",
        '<!doctype html><html lang="de"><head><title>Handout</title></head><body>'
        "<main data-pagefind-body><h1>Handout</h1><p>Ein Wort.</p></main></body></html>\n",
    )
    site.write(
        "pages/strich.md",
        article(
            "Strich", "2026-01-02", "Eine Seite.", Slug="strich", Save_as="-x.html", URL="-x.html"
        ),
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    entry = json.loads((build.output / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 3
