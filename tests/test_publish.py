"""The foundation: `make publish` builds the site strictly and atomically."""

import os
import shutil
import subprocess

import pytest
from sitebuild import REPO, SEED, digests

GOOD = "Title: Gut\nDate: 2026-01-01\nLang: de\n\nEin guter Beitrag.\n"


def test_seed_article_is_published_at_clean_url(seed_build):
    page = seed_build.soup(SEED)
    # Typography may bind the last words with a no-break space (widont).
    title = page.h1.get_text(strip=True).replace("\u00a0", " ")
    assert title == "Arbeite mit den Menschen, die Dich inspirieren"
    assert page.html["lang"] == "de"
    headings = [
        h.get_text(" ", strip=True).replace("\u00a0", " ") for h in page.select("article h2")
    ]
    assert "Warum diese Arbeit entscheidend ist" in headings
    assert "30-minütigen" in page.get_text()


def test_pages_are_published(seed_build):
    for slug in ("impressum", "datenschutz", "kontakt", "ueber-mich"):
        assert (seed_build.output / slug / "index.html").is_file(), slug


def test_a_good_site_publishes_and_leaves_no_temp_folders(site):
    site.write("articles/gut.md", GOOD)
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert (build.output / "gut" / "index.html").is_file()
    leftovers = [
        p.name for p in site.root.iterdir() if p.name.startswith((".output.new", ".output.old"))
    ]
    assert leftovers == []


BAD_INPUTS = {
    "missing title": (
        {"articles/ohne-titel.md": "Date: 2026-01-01\n\nText\n"},
        ["content/articles/ohne-titel.md", "Title:"],
    ),
    "unparsable date": (
        {"articles/datum.md": "Title: Datum\nDate: gestern früh\n\nText\n"},
        ["content/articles/datum.md", "gestern früh", "YYYY-MM-DD"],
    ),
    "not utf-8": (
        {
            "articles/latin1.md": "Title: Grüße\nDate: 2026-01-01\n\nSchöne Grüße\n".encode(
                "latin-1"
            )
        },
        ["content/articles/latin1.md", "UTF-8"],
    ),
    "broken filename link": (
        {
            "articles/link.md": "Title: Link\nDate: 2026-01-01\n\n[Mehr]({filename}/articles/fehlt.md)\n"
        },
        ["content/articles/link.md", "{filename}/articles/fehlt.md", "content/articles/fehlt.md"],
    ),
    "same slug and language": (
        {
            "articles/eins.md": "Title: Eins\nSlug: gleich\nDate: 2026-01-01\n\nA\n",
            "articles/zwei.md": "Title: Zwei\nSlug: gleich\nDate: 2026-01-02\n\nB\n",
        },
        ["content/articles/eins.md", "content/articles/zwei.md", "gleich", "Slug:"],
    ),
    "two translations of one original in one language": (
        {
            "articles/eins.md": "Title: Eins\nSlug: eins\nLang: de\nDate: 2026-01-01\n\nA\n",
            "articles/en/one.md": "Title: One\nSlug: one\nLang: en\nTranslation_of: eins\nDate: 2026-01-01\n\nA\n",
            "articles/en/uno.md": "Title: Uno\nSlug: uno\nLang: en\nTranslation_of: eins\nDate: 2026-01-01\n\nB\n",
        },
        ["content/articles/en/one.md", "content/articles/en/uno.md", "Translation_of:"],
    ),
    "translation of a post that does not exist": (
        {
            "articles/en/one.md": "Title: One\nSlug: one\nLang: en\nTranslation_of: fehlt\nDate: 2026-01-01\n\nA\n",
        },
        ["content/articles/en/one.md", "Translation_of: 'fehlt'", "Slug of the original"],
    ),
    "article and page with the same slug": (
        {
            "articles/impressum.md": "Title: Impressum\nDate: 2026-01-01\n\nA\n",
            "pages/impressum.md": "Title: Impressum\n\nB\n",
        },
        ["content/articles/impressum.md", "content/pages/impressum.md", "Slug:"],
    ),
    "unknown status": (
        {"articles/status.md": "Title: S\nDate: 2026-01-01\nStatus: entwurf\n\nA\n"},
        ["content/articles/status.md", "entwurf", "draft"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_fails_publish_names_file_and_keeps_output(site, case):
    site.write("articles/gut.md", GOOD)
    first = site.build()
    assert first.returncode == 0, first.stderr
    before = digests(first.output)

    files, expected = BAD_INPUTS[case]
    for relpath, text in files.items():
        site.write(relpath, text)
    failed = site.build()

    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr + failed.stdout
    for needle in expected:
        assert needle in failed.stderr, (needle, failed.stderr)
    assert failed.problems, failed.stderr
    assert digests(first.output) == before, "a failed publish changed output/"
    leftovers = [
        p.name for p in site.root.iterdir() if p.name.startswith((".output.new", ".output.old"))
    ]
    assert leftovers == []


def test_lenient_html_build_prints_the_same_message_but_succeeds(site):
    site.write("articles/gut.md", GOOD)
    site.write("articles/datum.md", "Title: Datum\nDate: gestern\n\nText\n")
    build = site.build(strict=False, settings="pelicanconf.py")
    assert build.returncode == 0
    assert "content/articles/datum.md" in build.stderr
    assert (build.output / "gut" / "index.html").is_file()


@pytest.mark.slow
def test_make_publish_in_a_copy_of_the_repo(tmp_path):
    """What a user does: `make publish` in a checkout (the venv is reused)."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns(
        ".venv", "output", ".git", "__pycache__", ".pytest_cache", "cache"
    )
    shutil.copytree(REPO, copy, ignore=ignore)
    # The venv is shared with the test run; `-o` keeps make from rebuilding it
    # (creating it from scratch is what CI's `make test` itself exercises).
    os.symlink(REPO / ".venv", copy / ".venv")
    make = ["make", "-o", ".venv/.installed-marker", "publish"]
    proc = subprocess.run(make, cwd=copy, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (copy / "output" / "menschen-die-dich-inspirieren" / "index.html").is_file()

    # A broken article: the publish fails and the site stays as it was.
    before = digests(copy / "output")
    (copy / "content" / "articles" / "kaputt.md").write_text("Date: 2026-01-01\n\nohne Titel\n")
    proc = subprocess.run(make, cwd=copy, capture_output=True, text=True, timeout=900)
    assert proc.returncode != 0
    assert "content/articles/kaputt.md" in proc.stderr
    assert digests(copy / "output") == before
