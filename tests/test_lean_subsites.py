"""plugins/lean_subsites: the English subsite reads only the files it needs,
and the published site is the same, file for file, as without the plugin."""

from __future__ import annotations

import pytest
from lean_subsites.lean_subsites import needed_files
from sitebuild import Site, digests, plugins_without

ARTICLE = "Title: {title}\nDate: {date}\nSlug: {slug}\nLang: {lang}\nSummary: {title}.\n\n{body}\n"

FIXTURE = {
    # translated: both languages
    "articles/de/a.md": ("Anfang", "2026-01-01", "anfang", "de", "Text. [Mehr]({filename}b.md)"),
    "articles/en/a.md": ("Beginning", "2026-01-01", "anfang", "en", "Text."),
    # German only, linked from German only: not needed in English
    "articles/de/b.md": ("Zweiter", "2026-01-02", "zweiter", "de", "Text."),
    # German only, linked from an English-only post: needed for the link
    "articles/de/c.md": ("Dritter", "2026-01-03", "dritter", "de", "Text."),
    "articles/en/e.md": (
        "English only",
        "2026-01-04",
        "english-only",
        "en",
        "See [the German post]({filename}../de/c.md) and [the first]({filename}/articles/en/a.md#x).",
    ),
}


def write_fixture(site):
    for path, (title, date, slug, lang, body) in FIXTURE.items():
        site.write(path, ARTICLE.format(title=title, date=date, slug=slug, lang=lang, body=body))
    site.write(
        "pages/impressum.md",
        "Title: Impressum\nSlug: impressum\nLang: de\nSummary: I.\n\nAngaben.\n",
    )
    site.write(
        "pages/en/impressum.md",
        "Title: Legal notice\nSlug: impressum\nLang: en\nSummary: L.\n\nDetails.\n",
    )
    site.write(
        "pages/kontakt.md", "Title: Kontakt\nSlug: kontakt\nLang: de\nSummary: K.\n\nSchreib mir.\n"
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("lean") / "site")
    write_fixture(site)
    lean = site.build(output="lean")
    full = site.build(output="full", overrides={"PLUGINS": plugins_without("lean_subsites")})
    return lean, full


def test_same_site_with_and_without(builds):
    lean, full = builds
    assert lean.returncode == 0, lean.stderr
    assert full.returncode == 0, full.stderr
    lean_files, full_files = (digests(b.output, skip=("pagefind",)) for b in (lean, full))
    assert set(lean_files) == set(full_files)
    changed = [name for name in lean_files if lean_files[name] != full_files[name]]
    assert changed == []
    # The English post's link to the German-only post leads to the main site.
    page = lean.html("en/english-only/index.html")
    assert 'href="/dritter/"' in page


def test_english_run_needs_own_files_translations_and_link_targets():
    de, en = "de", "en"
    files = {
        "a-de": (de, ("ARTICLE", "anfang"), {"b-de"}),
        "a-en": (en, ("ARTICLE", "anfang"), set()),
        "b-de": (de, ("ARTICLE", "zweiter"), set()),
        "c-de": (de, ("ARTICLE", "dritter"), set()),
        "e-en": (en, ("ARTICLE", "english-only"), {"c-de", "a-en"}),
        # a language without a site of its own (i18n_subsites shows it on every site)
        "f-fr": ("fr", ("ARTICLE", "francais"), set()),
    }
    own, wanted = needed_files(files, en, {de, en})
    assert own == {"a-en", "e-en", "f-fr"}
    kept = {
        path
        for path, (_lang, key, _links) in files.items()
        if path in own or path in wanted or key in wanted
    }
    assert kept == {"a-de", "a-en", "c-de", "e-en", "f-fr"}  # not b-de
