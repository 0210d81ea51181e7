"""German site at /, English subsite at /en/ (issue 6), on real builds.

A fixture site with a translated German post, an untranslated German post, a
German post without `Lang:`, an English-only post and a translated page is
published once (strict, SITEURL https://blog.example.org); the tests read its
HTML and feeds. Bad inputs get their own small builds.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import catalogs
import feedparser
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from sitebuild import REPO, SITEURL, Site, published

FIXTURE = {
    "articles/2026/fuehrung.md": """\
Title: Führung beginnt bei Dir
Date: 2026-03-05 10:00
Slug: fuehrung-beginnt
Lang: de
Category: Führung
Tags: Beziehung

Wer andere führen will, beginnt bei sich selbst.
""",
    "articles/2026/en/fuehrung.md": """\
Title: Leadership begins with you
Date: 2026-03-05 10:00
Slug: fuehrung-beginnt
Lang: en
Translated_From: de
Category: Leadership
Tags: Relationships

Whoever wants to lead others begins with themselves.
""",
    "articles/2026/zuhoeren.md": """\
Title: Zuhören als Haltung
Date: 2026-02-10 10:00
Slug: zuhoeren
Lang: de
Category: Führung

Zuhören ist mehr als Schweigen.
""",
    # No Lang: German, silently, in both runs.
    "articles/2026/vertrauen.md": """\
Title: Vertrauen wächst langsam
Date: 2026-01-20 10:00
Slug: vertrauen
Category: Führung

Vertrauen entsteht im Kleinen.
""",
    "articles/2026/en/london.md": """\
Title: Notes from a London workshop
Date: 2026-04-02 10:00
Slug: london-workshop
Lang: en
Category: Leadership

Three things we learnt about trust.
""",
    "pages/impressum.md": "Title: Impressum\nSlug: impressum\nLang: de\n\nAnbieterkennzeichnung.\n",
    "pages/en/impressum.md": "Title: Legal notice\nSlug: impressum\nLang: en\n\nProvider identification.\n",
    "pages/kontakt.md": "Title: Kontakt\nSlug: kontakt\nLang: de\n\nSchreib mir.\n",
}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    build = published(tmp_path_factory.mktemp("i18n") / "site", FIXTURE)
    assert "warning" not in build.stderr and "error" not in build.stderr, build.stderr
    return build


# --- Helpers: URLs <-> files, and the language link check --------------------


def local_file(output: Path, url: str) -> Path:
    """The file in output/ that an address of the site (absolute or root-relative) is served from."""
    assert url.startswith((SITEURL + "/", "/")) and not url.startswith("//"), (
        f"not an address of the site: {url}"
    )
    path = urlsplit(url).path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return output / path


def own_url(output: Path, html_file: Path) -> str:
    rel = html_file.relative_to(output).as_posix()
    return SITEURL + "/" + re.sub(r"(^|/)index\.html$", r"\1", rel)


def text(element) -> str:
    """An element's text with whitespace (no-break spaces too) made single spaces."""
    return " ".join(element.get_text(" ").split())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def hreflang_of(soup) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"] for link in soup.select('link[rel~="alternate"][hreflang]')
    }


def switch_of(soup) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in soup.select("a[data-language-switch]")}


def language_link_problems(output: Path) -> list[str]:
    """Every hreflang and language-switch link of every page: clean, absolute
    (hreflang) or root-relative (switch), resolving to a page in output/; hreflang sets name the page itself,
    x-default is the German version, and every page of a set lists the same set."""
    problems = []
    pages = {}
    for html_file in sorted(output.rglob("*.html")):
        soup = soup_of(html_file)
        pages[html_file] = (soup.html.get("lang"), hreflang_of(soup), switch_of(soup))
    for html_file, (lang, alternates, switch) in pages.items():
        name = html_file.relative_to(output).as_posix()
        for kind, links, start in (
            ("hreflang", alternates, SITEURL + "/"),
            ("switch", switch, "/"),
        ):
            for hreflang, url in links.items():
                if (
                    not url.startswith(start)
                    or url.startswith("//")
                    or "/../" in url
                    or "/./" in url
                ):
                    problems.append(
                        f"{name}: {kind} {hreflang} -> {url} is not a clean address starting {start}"
                    )
                elif not local_file(output, url).is_file():
                    problems.append(f"{name}: {kind} {hreflang} -> {url} leads nowhere")
        if not alternates:
            continue
        if alternates.get(lang) != own_url(output, html_file):
            problems.append(f"{name}: hreflang set does not name the page itself: {alternates}")
        if alternates.get("x-default") != alternates.get("de"):
            problems.append(f"{name}: x-default is not the German version: {alternates}")
        for url in alternates.values():
            target = local_file(output, url)
            if target in pages and pages[target][1] != alternates:
                problems.append(f"{name}: {url} lists other versions: {pages[target][1]}")
    return problems


# --- Both sites from one build ------------------------------------------------


def test_both_languages_are_built_by_one_publish(bilingual):
    out = bilingual.output
    for path in (
        "fuehrung-beginnt/index.html",
        "zuhoeren/index.html",
        "vertrauen/index.html",
        "impressum/index.html",
        "en/index.html",
        "en/fuehrung-beginnt/index.html",
        "en/london-workshop/index.html",
        "en/impressum/index.html",
    ):
        assert (out / path).is_file(), path


def test_english_addresses_are_english(bilingual):
    out = bilingual.output
    for path in (
        "en/archive/index.html",
        "en/archive/2026/index.html",
        "en/archive/2026/03/index.html",
        "en/categories/index.html",
        "en/category/leadership/index.html",
        "en/tags/index.html",
        "en/tag/relationships/index.html",
    ):
        assert (out / path).is_file(), path
    assert not (out / "en" / "kategorie").exists()
    assert not (out / "en" / "archiv").exists()


def test_untranslated_posts_appear_only_in_their_language(bilingual):
    out = bilingual.output
    english_files = [p for p in (out / "en").rglob("*") if p.is_file()]
    for slug, title in (
        ("zuhoeren", "Zuhören als Haltung"),
        ("vertrauen", "Vertrauen wächst langsam"),
    ):
        assert not any(slug in p.as_posix() for p in english_files), slug
        for p in english_files:
            if p.suffix in (".html", ".xml"):
                assert title not in p.read_text(encoding="utf-8"), (title, p)
    # Not even as drafts (pelican-i18n-subsites' default would render them).
    for folder in ("drafts", "draft", "entwurf"):
        assert not (out / "en" / folder).exists()
    german_files = [
        p for p in out.rglob("*") if p.is_file() and "en" not in p.relative_to(out).parts[:1]
    ]
    assert not any("london-workshop" in p.as_posix() for p in german_files)
    for p in german_files:
        if p.suffix in (".html", ".xml"):
            assert "Notes from a London workshop" not in p.read_text(encoding="utf-8"), p


def test_html_lang_is_the_page_language(bilingual):
    out = bilingual.output
    for html_file in out.rglob("*.html"):
        expected = "en" if html_file.relative_to(out).parts[0] == "en" else "de"
        assert soup_of(html_file).html["lang"] == expected, html_file


# --- hreflang and the language switch ---------------------------------------------


def test_every_hreflang_and_switch_link_resolves(bilingual):
    assert language_link_problems(bilingual.output) == []


@pytest.mark.parametrize(
    "german, english",
    [
        ("fuehrung-beginnt/", "en/fuehrung-beginnt/"),  # article and its translation
        ("impressum/", "en/impressum/"),  # page and its translation
        ("", "en/"),  # home
        ("archiv/", "en/archive/"),
        ("kategorien/", "en/categories/"),
        ("schlagworte/", "en/tags/"),
        ("archiv/2026/", "en/archive/2026/"),
        ("archiv/2026/03/", "en/archive/2026/03/"),
    ],
)
def test_translated_pages_link_each_other(bilingual, german, english):
    de_url, en_url = f"{SITEURL}/{german}", f"{SITEURL}/{english}"
    expected = {"de": de_url, "en": en_url, "x-default": de_url}
    for url, other in ((de_url, f"/{english}"), (en_url, f"/{german}")):
        soup = soup_of(local_file(bilingual.output, url))
        assert hreflang_of(soup) == expected, url
        assert list(switch_of(soup).values()) == [other], url
        assert soup.select_one("a[data-language-switch]")["rel"] == ["alternate"]


@pytest.mark.parametrize(
    "path, home",
    [
        ("zuhoeren/index.html", "/en/"),  # untranslated German post
        ("vertrauen/index.html", "/en/"),
        ("kontakt/index.html", "/en/"),  # untranslated page
        ("archiv/2026/02/index.html", "/en/"),  # no English post that month
        ("kategorie/fuehrung/index.html", "/en/"),
        ("en/london-workshop/index.html", "/"),  # English only
        ("en/category/leadership/index.html", "/"),
    ],
)
def test_pages_in_one_language_switch_to_the_other_home(bilingual, path, home):
    soup = soup_of(bilingual.output / path)
    assert hreflang_of(soup) == {}
    assert list(switch_of(soup).values()) == [home]
    assert "rel" not in soup.select_one("a[data-language-switch]").attrs


def test_switch_names_each_language_in_itself(bilingual):
    de = soup_of(bilingual.output / "index.html").select_one("a[data-language-switch]")
    en = soup_of(bilingual.output / "en/index.html").select_one("a[data-language-switch]")
    assert (de.get_text(strip=True), de["lang"]) == ("English", "en")
    assert (en.get_text(strip=True), en["lang"]) == ("Deutsch", "de")


def test_translation_names_its_original(bilingual):
    note = soup_of(bilingual.output / "en/fuehrung-beginnt/index.html").select_one(
        ".translation-note"
    )
    link = note.a
    assert link["href"] == "/fuehrung-beginnt/"
    assert (link["lang"], text(link)) == ("de", "Führung beginnt bei Dir")
    assert "Translated from the original" in note.get_text()
    assert (
        soup_of(bilingual.output / "fuehrung-beginnt/index.html").select_one(".translation-note")
        is None
    )


# --- Dates and UI strings in the page's language -----------------------------------


def test_dates_are_written_in_the_page_language(bilingual):
    de = soup_of(bilingual.output / "fuehrung-beginnt/index.html").select_one("article time")
    en = soup_of(bilingual.output / "en/fuehrung-beginnt/index.html").select_one("article time")
    assert de.get_text(strip=True) == "5. März 2026"
    assert en.get_text(strip=True) == "March 5, 2026"


def _catalog():
    with (REPO / "theme/translations/en/LC_MESSAGES/messages.po").open("rb") as f:
        return [m for m in read_po(f) if m.id and isinstance(m.id, str) and m.string]


def _words_in(soup, lang: str, words: set[str]) -> set[str]:
    """Which of `words` the page shows outside elements marked as another language."""
    for element in soup.select("[lang]"):
        if element.name != "html" and element.get("lang") != lang:
            element.decompose()
    texts = [soup.get_text(" ")]
    for element in soup.find_all(True):
        texts += [element.get(a, "") for a in ("aria-label", "title", "placeholder", "alt")]
    text = " ".join(texts)
    return {w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)}


def test_ui_strings_are_in_the_page_language(bilingual):
    """No German UI string on English pages, no English one on German pages."""
    messages = [m for m in _catalog() if m.id != m.string and "%(" not in m.id]
    german_ui = {m.id for m in messages}
    english_ui = {m.string for m in messages}
    out = bilingual.output
    for html_file in sorted(out.rglob("*.html")):
        english = html_file.relative_to(out).parts[0] == "en"
        lang, foreign = ("en", german_ui) if english else ("de", english_ui)
        assert _words_in(soup_of(html_file), lang, foreign) == set(), html_file
    assert "Skip to content" in (out / "en/index.html").read_text("utf-8")
    assert "Zum Inhalt springen" in (out / "index.html").read_text("utf-8")


# --- Feeds --------------------------------------------------------------------------


def _self_link(feed) -> str:
    return next(link.href for link in feed.feed.links if link.rel == "self")


@pytest.mark.parametrize(
    "path, titles",
    [
        (
            "feeds/alle.atom.xml",
            {"Führung beginnt bei Dir", "Zuhören als Haltung", "Vertrauen wächst langsam"},
        ),
        (
            "feeds/kategorie/fuehrung.atom.xml",
            {"Führung beginnt bei Dir", "Zuhören als Haltung", "Vertrauen wächst langsam"},
        ),
        ("feeds/schlagwort/beziehung.atom.xml", {"Führung beginnt bei Dir"}),
        ("en/feeds/all.atom.xml", {"Leadership begins with you", "Notes from a London workshop"}),
        (
            "en/feeds/category/leadership.atom.xml",
            {"Leadership begins with you", "Notes from a London workshop"},
        ),
        ("en/feeds/tag/relationships.atom.xml", {"Leadership begins with you"}),
    ],
)
def test_one_feed_per_language_with_its_own_self_link(bilingual, path, titles):
    out = bilingual.output
    feed = feedparser.parse((out / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert _self_link(feed) == f"{SITEURL}/{path}"
    assert {" ".join(entry.title.split()) for entry in feed.entries} == titles
    for entry in feed.entries:
        assert local_file(out, entry.link).is_file(), entry.link
        assert ("/en/" in entry.link) == path.startswith("en/"), entry.link


def test_feed_links_in_page_heads_point_to_the_own_language(bilingual):
    for path, feed in (
        ("index.html", "feeds/alle.atom.xml"),
        ("en/index.html", "en/feeds/all.atom.xml"),
    ):
        soup = soup_of(bilingual.output / path)
        hrefs = [link["href"] for link in soup.select('link[type="application/atom+xml"]')]
        assert f"/{feed}" in hrefs, (path, hrefs)


# --- Bad input --------------------------------------------------------------------------

GERMAN = "Title: Eins\nDate: 2026-01-01\nSlug: eins\nLang: de\n\nText.\n"

BAD_INPUTS = {
    "language without a site": (
        {"articles/un.md": "Title: Un\nDate: 2026-01-01\nSlug: un\nLang: fr\n\nTexte.\n"},
        ["error: content/articles/un.md", "Lang: 'fr'", "de, en"],
    ),
    "translation into a language without a site": (
        {
            "articles/eins.md": GERMAN,
            "articles/un.md": "Title: Un\nDate: 2026-01-01\nSlug: eins\nLang: fr\n\nTexte.\n",
        },
        ["error: content/articles/un.md", "Lang: 'fr'", "de, en"],
    ),
    "translation without an original": (
        {
            "articles/en/one.md": "Title: One\nDate: 2026-01-01\nSlug: one\nLang: en\nTranslated_From: de\n\nText.\n"
        },
        ["warning: content/articles/en/one.md", "Translated_From: de", "Slug 'one'"],
    ),
    "translation from a language without a site": (
        {
            "articles/en/one.md": "Title: One\nDate: 2026-01-01\nSlug: one\nLang: en\nTranslated_From: fr\n\nText.\n"
        },
        ["error: content/articles/en/one.md", "Translated_From: 'fr'", "de, en"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_language_input_stops_the_publish_naming_the_file(site, case):
    files, expected = BAD_INPUTS[case]
    for path, text in files.items():
        site.write(path, text)
    build = site.build()
    assert build.returncode == 1, build.stderr
    for snippet in expected:
        assert snippet in build.stderr, (snippet, build.stderr)
    assert "KeyError" not in build.stderr and "Traceback" not in build.stderr, build.stderr
    assert not build.output.exists()


def test_unknown_language_in_a_lenient_build_is_left_out_without_a_crash(site):
    site.write("articles/eins.md", GERMAN)
    site.write("articles/un.md", "Title: Un\nDate: 2026-01-01\nSlug: eins\nLang: fr\n\nTexte.\n")
    build = site.build(strict=False)
    assert build.returncode == 0, build.stderr
    assert "content/articles/un.md" in build.stderr and "KeyError" not in build.stderr
    assert (build.output / "eins/index.html").is_file()
    assert "Texte." not in build.html("eins/index.html")
    assert not list(build.output.rglob("*un*.html"))


def test_post_without_lang_is_german_and_says_nothing(site):
    site.write("articles/ohne.md", "Title: Ohne Sprache\nDate: 2026-01-01\nSlug: ohne\n\nText.\n")
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert build.stderr.strip() == ""
    assert build.soup("ohne/index.html").html["lang"] == "de"
    assert not (build.output / "en" / "ohne").exists()


# --- The real site and the catalogs --------------------------------------------------------


def test_seed_site_language_links_resolve(seed_build):
    assert language_link_problems(seed_build.output) == []


def test_seed_article_is_translated_into_english(seed_build):
    slug, english_slug = "menschen-die-dich-inspirieren", "work-with-the-people-who-inspire-you"
    de = seed_build.soup(f"{slug}/index.html")
    en = seed_build.soup(f"en/{english_slug}/index.html")
    assert en.html["lang"] == "en"
    assert text(en.h1) == "Work with the people who inspire you"
    assert (
        hreflang_of(en)
        == hreflang_of(de)
        == {
            "de": f"{SITEURL}/{slug}/",
            "en": f"{SITEURL}/en/{english_slug}/",
            "x-default": f"{SITEURL}/{slug}/",
        }
    )
    assert en.select_one(".translation-note a")["href"] == f"/{slug}/"
    # Series and typography follow the article's language.
    article = text(en.select_one("article"))
    assert "In the next post" in article and "Im nächsten Beitrag" not in article
    assert "“the right people on the bus”" in article
    assert "„" not in en.select_one(".prose, .article-body").get_text()


def test_catalogs_have_no_untranslated_strings():
    """Every UI string in the templates has a checked English translation and
    is in messages.pot (make translations-update; tools/catalogs.py lists them)."""
    statuses = catalogs.check(REPO / "theme")
    assert [s.name for s in statuses] == ["messages.pot", "en"]
    for status in statuses:
        assert status.complete, status.summary() + "".join(
            f"\n  {kind}: {key!r}"
            for kind in ("missing", "untranslated", "fuzzy")
            for key in getattr(status, kind)
        )


def test_seed_series_pages_are_language_versions_of_each_other(seed_build):
    de = seed_build.soup("serie/die-ideale-kundin/index.html")
    en = seed_build.soup("en/series/the-ideal-client/index.html")
    de_links, en_links = hreflang_of(de), hreflang_of(en)
    assert de_links == en_links
    assert de_links["en"].endswith("/en/series/the-ideal-client/")
    assert de_links["x-default"] == de_links["de"]
    assert SITEURL + switch_of(de)["en"] == de_links["en"]
    assert SITEURL + switch_of(en)["de"] == de_links["de"]


def test_english_site_has_its_own_legal_and_contact_pages(seed_build):
    """Every English page links a legal notice and privacy policy that exist,
    and the call to action stays in English."""
    output = seed_build.output
    for html_file in sorted((output / "en").rglob("*.html")):
        soup = soup_of(html_file)
        footer_links = {text(a): a["href"] for a in soup.select("footer a")}
        for title in ("Legal notice", "Privacy policy"):
            assert title in footer_links, (html_file, footer_links)
            assert local_file(output, footer_links[title]).is_file()
    article = seed_build.soup("en/work-with-the-people-who-inspire-you/index.html")
    cta = article.select_one(".cta-box a, .cta a")
    assert cta is not None and cta["href"].endswith("/en/contact/")
    assert local_file(output, cta["href"]).is_file()
    about = article.select_one(".author-box a")
    assert about["href"] == "/en/about/" and local_file(output, about["href"]).is_file()


def test_translation_with_its_own_slug(tmp_path):
    """`Translation_of: <the original's Slug>` pairs an English post that has
    an English address with its German original, for posts and pages."""
    site = Site(tmp_path / "site")
    site.write(
        "articles/haltung.md",
        "Title: Haltung zeigen\nDate: 2026-03-01 10:00\nSlug: haltung-zeigen\n"
        "Lang: de\nCategory: Führung\n\nHaltung beginnt im Kleinen.\n",
    )
    site.write(
        "articles/en/stance.md",
        "Title: Showing a stance\nDate: 2026-03-01 10:00\nSlug: showing-a-stance\n"
        "Lang: en\nTranslated_From: de\nTranslation_of: haltung-zeigen\nCategory: Leadership\n\n"
        "A stance begins with small things.\n",
    )
    site.write("pages/impressum.md", "Title: Impressum\nSlug: impressum\nLang: de\n\nAngaben.\n")
    site.write(
        "pages/en/legal.md",
        "Title: Legal notice\nSlug: legal-notice\nLang: en\n"
        "Translation_of: impressum\n\nDetails.\n",
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    de = soup_of(build.output / "haltung-zeigen" / "index.html")
    en = soup_of(build.output / "en" / "showing-a-stance" / "index.html")
    assert not (build.output / "en" / "haltung-zeigen").exists()
    pair = {
        "de": f"{SITEURL}/haltung-zeigen/",
        "en": f"{SITEURL}/en/showing-a-stance/",
        "x-default": f"{SITEURL}/haltung-zeigen/",
    }
    assert hreflang_of(de) == hreflang_of(en) == pair
    assert switch_of(de)["en"] == "/en/showing-a-stance/"
    assert switch_of(en)["de"] == "/haltung-zeigen/"
    assert en.select_one(".translation-note a")["href"] == "/haltung-zeigen/"
    legal = soup_of(build.output / "en" / "legal-notice" / "index.html")
    assert hreflang_of(legal)["de"] == f"{SITEURL}/impressum/"
    assert (
        switch_of(soup_of(build.output / "impressum" / "index.html"))["en"] == "/en/legal-notice/"
    )


def test_pelicans_translation_marker_pairs_like_translated_from(tmp_path):
    """Pelican's documented `Translation: true` with the original's `Slug:`
    (issue 13): both sites build, the posts link each other, the translation
    names its original; in either direction, for posts and pages."""
    site = Site(tmp_path / "site")
    site.write("articles/eins.md", GERMAN)
    site.write(
        "articles/en/one.md",
        "Title: One\nDate: 2026-01-01\nSlug: eins\nLang: en\nTranslation: true\n\nText.\n",
    )
    # A German translation of an English original.
    site.write(
        "articles/en/two.md", "Title: Two\nDate: 2026-01-02\nSlug: zwei\nLang: en\n\nText.\n"
    )
    site.write(
        "articles/zwei.md",
        "Title: Zwei\nDate: 2026-01-02\nSlug: zwei\nLang: de\nTranslation: True\n\nText.\n",
    )
    site.write("pages/impressum.md", "Title: Impressum\nSlug: impressum\nLang: de\n\nAngaben.\n")
    site.write(
        "pages/en/impressum.md",
        "Title: Legal notice\nSlug: impressum\nLang: en\nTranslation: true\n\nDetails.\n",
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert "warning" not in build.stderr and "error" not in build.stderr, build.stderr
    de = soup_of(build.output / "eins" / "index.html")
    en = soup_of(build.output / "en" / "eins" / "index.html")
    assert (
        hreflang_of(de)
        == hreflang_of(en)
        == {"de": f"{SITEURL}/eins/", "en": f"{SITEURL}/en/eins/", "x-default": f"{SITEURL}/eins/"}
    )
    assert en.select_one(".translation-note a")["href"] == "/eins/"
    assert de.select_one(".translation-note") is None
    zwei = soup_of(build.output / "zwei" / "index.html")
    assert zwei.select_one(".translation-note a")["href"] == "/en/zwei/"
    assert (
        soup_of(build.output / "en" / "zwei" / "index.html").select_one(".translation-note") is None
    )
    legal = soup_of(build.output / "en" / "impressum" / "index.html")
    assert hreflang_of(legal)["de"] == f"{SITEURL}/impressum/"
