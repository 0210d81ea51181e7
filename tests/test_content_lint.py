"""Content lint in `make publish` (plugins/strict_content): a damaged gender
form, an image without alt text each stop the strict build with an error
naming the file and the fix; a post without summary only where the site asks
for written summaries (STRICT_CONTENT["require_summary"], off by default)."""

import pytest
from sitebuild import Site

SUMMARY = "Summary: Kurz und klar.\n"
GOOD = "Title: Gut\nDate: 2026-01-01\nLang: de\n" + SUMMARY + "\nText über Kund*innen.\n"

BAD = {
    "emphasis inside a word": (
        {
            "articles/gender.md": "Title: Gender\nDate: 2026-01-01\nLang: de\n"
            + SUMMARY
            + "\nDie Partner<em>innen, Stakeholder oder Kund</em>innen.\n"
        },
        ["content/articles/gender.md", "inside a word", "Partner", "Kund*innen"],
    ),
    "image without alt text": (
        {
            "articles/bild.md": "Title: Bild\nDate: 2026-01-01\nLang: de\n"
            + SUMMARY
            + "\n![](/bilder/team.jpg)\n"
        },
        ["content/articles/bild.md", "/bilder/team.jpg", "alt text", "![Beschreibung des Bildes]"],
    ),
    "raw image without alt": (
        {
            "articles/roh.md": "Title: Roh\nDate: 2026-01-01\nLang: de\n"
            + SUMMARY
            + '\n<p><img src="/bilder/roh.png"></p>\n'
        },
        ["content/articles/roh.md", "/bilder/roh.png", "alt text"],
    ),
}
WITHOUT_SUMMARY = {
    "article without summary": (
        {"articles/ohne.md": "Title: Ohne\nDate: 2026-01-01\nLang: de\n\nText.\n"},
        ["content/articles/ohne.md", "Summary:"],
    ),
    "page without summary": (
        {"pages/seite.md": "Title: Seite\n\nText.\n"},
        ["content/pages/seite.md", "Summary:"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_lint_stops_the_publish_naming_file_and_fix(site, case):
    files, expected = BAD[case]
    site.require_summary = True
    site.write("articles/gut.md", GOOD)
    for path, text in files.items():
        site.write(path, text)
    build = site.build()
    assert build.returncode == 1, build.stdout
    error_lines = [line for line in build.stderr.splitlines() if line.startswith("error:")]
    assert any(all(word in line for word in expected) for line in error_lines), build.stderr
    assert "Traceback" not in build.stderr


@pytest.mark.parametrize("case", sorted(WITHOUT_SUMMARY))
def test_no_summary_is_an_error_only_when_the_site_asks_for_written_ones(site, case):
    """Pelican accepts a post without Summary: (issue 13); require_summary
    turns the old rule back on."""
    files, expected = WITHOUT_SUMMARY[case]
    site.require_summary = True  # the site's own default
    site.write("articles/gut.md", GOOD)
    for path, text in files.items():
        site.write(path, text)
    assert site.build().returncode == 0
    build = site.build(overrides={"STRICT_CONTENT": {"require_summary": True}})
    assert build.returncode == 1, build.stdout
    error_lines = [line for line in build.stderr.splitlines() if line.startswith("error:")]
    assert any(all(word in line for word in expected) for line in error_lines), build.stderr


def test_clean_content_passes_the_lint(site):
    site.require_summary = True
    site.write("articles/gut.md", GOOD)
    site.write(
        "articles/bild.md",
        "Title: Bild\nDate: 2026-01-02\nLang: de\n"
        + SUMMARY
        + "\n![Das Team am Tisch](/bilder/team.jpg)\n\nEin *betontes* Wort und Kund*innen.\n",
    )
    site.write("pages/seite.md", "Title: Seite\n" + SUMMARY + "\nText.\n")
    build = site.build()
    assert build.returncode == 0, build.stderr


def test_the_real_content_passes_the_lint(tmp_path):
    """content/ as it is, published with the site's own settings: the lint
    runs over it and finds nothing. One damaged post added to it shows that
    the lint is on in that publish: it is the only file an error names."""
    site = Site(tmp_path / "site", with_repo_content=True)
    site.write(
        "articles/kaputt.md",
        "Title: Kaputt\nDate: 2026-01-01\nLang: de\n" + SUMMARY + "\n![](/bilder/team.jpg)\n",
    )
    build = site.build()
    assert build.returncode == 1, build.stdout
    error_lines = [line for line in build.stderr.splitlines() if line.startswith("error:")]
    assert any("alt text" in line for line in error_lines), build.stderr
    assert all("content/articles/kaputt.md" in line for line in error_lines), build.stderr
