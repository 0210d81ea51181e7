"""German typography in real builds: every row of the issue's table in the
HTML body, <title>, the summary on the index page and the Atom feed entry,
German and English; escaped titles; German slugs; Babel dates."""

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuild import SEED, Site, published

NB, NN = "\u00a0", "\u202f"

# (name, source, German text, English text); None: the row is about markup.
ROWS = [
    (
        "star",
        "Kund*innen, Partner*in, jede*r, ein*e",
        "Kund*innen, Partner*in, jede*r, ein*e",
        "Kund*innen, Partner*in, jede*r, ein*e",
    ),
    (
        "other",
        "Kund:innen, Kund_innen, KundInnen",
        "Kund:innen, Kund_innen, KundInnen",
        "Kund:innen, Kund_innen, KundInnen",
    ),
    ("emphasis", "*betont*, **fett**, ***beides***", None, None),
    ("quotes", "\"Zitat\" / 'Zitat'", "„Zitat“ / ‚Zitat‘", "“Zitat” / ‘Zitat’"),
    ("apostrophe", "geht's, it's, Hans'", "geht’s, it’s, Hans’", "geht’s, it’s, Hans’"),
    (
        "dash",
        "wort -- wort, wort - wort",
        f"wort{NB}– wort, wort{NB}– wort",
        f"wort{NB}– wort, wort{NB}– wort",
    ),
    ("emdash", "wort --- wort", "wort — wort", "wort — wort"),
    ("ellipsis", "so...", "so…", "so…"),
    (
        "abbr",
        "z. B., d. h., u. a., s. o., z. T., i. d. R.",
        f"z.{NN}B., d.{NN}h., u.{NN}a., s.{NN}o., z.{NN}T., i.{NN}d.{NN}R.",
        "z. B., d. h., u. a., s. o., z. T., i. d. R.",
    ),
    (
        "units",
        "30 %, 100 €, 5 km, 10 Min., § 5, Nr. 3, S. 12",
        f"30{NB}%, 100{NB}€, 5{NB}km, 10{NB}Min., §{NB}5, Nr.{NB}3, S.{NB}12",
        f"30{NB}%, 100{NB}€, 5{NB}km, 10{NB}Min., §{NB}5, Nr. 3, S. 12",
    ),
    ("date", "27. November 2026", f"27.{NB}November 2026", "27. November 2026"),
    # Typed characters stay; a spaced dash is bound to the word before it.
    ("typographic", "„Zitat“ ’ – …", f"„Zitat“ ’{NB}– …", f"„Zitat“ ’{NB}– …"),
]

ARTICLE = """Title: {title}
Date: 2026-10-01 09:00
Slug: {slug}
Lang: {lang}
Category: {category}
Summary: Anfang {source} Ende der Zusammenfassung.

Anfang {source} Ende des Absatzes.

Im Code bleibt `{source}` wie geschrieben.
"""


def write_rows(site):
    for name, source, _de, _en in ROWS:
        for lang, category in (("de", "Typografie"), ("en", "Typography")):
            site.write(
                f"articles/{lang}-{name}.md",
                ARTICLE.format(
                    title=f"{name}: {source} Ende des Titels",
                    slug=f"{lang}-{name}",
                    lang=lang,
                    category=category,
                    source=source,
                ),
            )


SERIES_NAME = "Führung: Größe, Ärger & Café"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("typography") / "site")
    site.add_seed()
    write_rows(site)
    site.write(
        "articles/xss.md",
        "Title: Wachstum <script>alert(1)</script> & Sinn\n"
        "Date: 2026-10-02\nSlug: xss\nLang: de\n\nText.\n",
    )
    site.write(
        "articles/slug.md",
        "Title: Führung über Größe\nDate: 2026-10-03\nLang: de\n"
        "Category: Führung\nTags: Öffentlichkeit, Straße\n\nText.\n",
    )
    # A series named like its part: Pelican slugs the part's title, plugins/series the name.
    site.write(
        "articles/serie.md",
        f"Title: {SERIES_NAME}\nDate: 2026-10-04\nLang: de\n"
        f"Series: {SERIES_NAME}\nSeries_index: 1\n\nText.\n",
    )
    result = site.build(overrides={"DEFAULT_PAGINATION": False})
    assert result.returncode == 0, result.stderr
    return result


def soup(build, relpath):
    return BeautifulSoup(build.html(relpath), "html.parser")


def feed_entries(build, lang):
    folder = build.output / ("en/feeds" if lang == "en" else "feeds")
    entries = {}
    for path in folder.glob("*.atom.xml"):
        for entry in feedparser.parse(path.read_bytes()).entries:
            entries[entry.link.rstrip("/").rsplit("/", 1)[-1]] = entry
    assert entries, f"no Atom feed in {folder}"
    return entries


def page_path(lang, name):
    return f"en/en-{name}/index.html" if lang == "en" else f"de-{name}/index.html"


def index_teaser(build, lang, name):
    """The index page's entry (title, summary) for an article."""
    index = soup(build, "en/index.html" if lang == "en" else "index.html")
    link = index.find("a", href=lambda h: h and h.rstrip("/").endswith(f"/{lang}-{name}"))
    assert link is not None, f"{lang}-{name} is not on the index page"
    return link.find_parent("li") or link.find_parent("article")


def text(html):
    return BeautifulSoup(html, "html.parser").get_text()


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_table_row_in_body_title_index_and_feed(build, row, lang):
    name, source, de, en = row
    expected = de if lang == "de" else en
    page = soup(build, page_path(lang, name))
    main = page.find("main")
    # The body's paragraph; the summary may be shown above it as a lead.
    body = next(p for p in main.find_all("p") if "Ende des" in p.get_text())
    title = page.title.get_text()
    teaser = index_teaser(build, lang, name)
    entry = feed_entries(build, lang)[f"{lang}-{name}"]
    if expected is None:  # emphasis: markup in body and summaries, stars in the title
        for html in (str(body), str(teaser), entry.summary, entry.content[0].value):
            assert "<em>betont</em>" in html and "<strong>fett</strong>" in html
            assert "<strong><em>beides</em></strong>" in html
        assert source in title and source in entry.title
        return
    assert f"Anfang {expected} Ende" in body.get_text()
    assert f"{expected} Ende" in title
    assert f"Anfang {expected} Ende" in teaser.get_text()
    assert f"{expected} Ende" in entry.title
    assert f"Anfang {expected} Ende" in text(entry.summary)
    assert f"Anfang {expected} Ende" in text(entry.content[0].value)
    # ... and the code twin stays exactly as written.
    assert [c.get_text() for c in main.select("code")] == [source]


def test_no_emphasis_from_gender_star_anywhere(build):
    for path in build.output.rglob("*.html"):
        assert "<em>innen" not in path.read_text("utf-8"), path


LEAKS = ("&nbsp;", "&#160;", "&#8239;", "&amp;", "<span")


def test_no_entity_leaks_as_text(build):
    """No entity or typogrify markup shows up as text: not in any page's text
    (<title> included), not in meta tags, not in feed titles."""
    for path in build.output.rglob("*.html"):
        parsed = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for leak in LEAKS:
            assert leak not in parsed.get_text(), (path, leak)
        for meta in parsed.find_all("meta", content=True):
            assert not any(leak in meta["content"] for leak in LEAKS), (path, meta)
    for lang in ("de", "en"):
        for entry in feed_entries(build, lang).values():
            assert not any(leak in entry.title for leak in LEAKS), entry.title


def test_title_is_escaped_everywhere(build):
    shown = "Wachstum <script>alert(1)</script> & Sinn"
    page = build.html("xss/index.html")
    assert "<script>alert(1)" not in page
    parsed = soup(build, "xss/index.html")
    assert parsed.h1.get_text().replace(NB, " ") == shown
    assert parsed.title.get_text().replace(NB, " ").startswith(shown)
    for meta in parsed.find_all("meta", content=True):
        if "Wachstum" in meta["content"]:
            assert meta["content"].replace(NB, " ") == shown
    assert "<script>alert(1)" not in build.html("index.html")
    assert feed_entries(build, "de")["xss"].title.replace(NB, " ") == shown


def test_seed_article_keeps_gender_star(build):
    page = build.html(SEED)
    assert "Partner*innen" in page and "Kund*innen" in page
    assert "<em>innen" not in page
    assert "Kund*innen" in build.html("index.html")


def test_german_slugs_for_articles_categories_and_tags(build):
    assert (build.output / "fuehrung-ueber-groesse" / "index.html").is_file()
    assert (build.output / "kategorie" / "fuehrung" / "index.html").is_file()
    assert (build.output / "schlagwort" / "oeffentlichkeit" / "index.html").is_file()
    assert (build.output / "schlagwort" / "strasse" / "index.html").is_file()


def test_series_slug_is_the_one_pelican_gives_an_article_of_that_name(build):
    """plugins/series slugifies a series name as Pelican slugifies an
    article's title (German transliteration, punctuation dropped)."""
    # Pelican's slug of the part's title: the folder it wrote the part to.
    part = build.soup("fuehrung-groesse-aerger-cafe/index.html")
    assert part.select_one(".series-box__name").get_text() == SERIES_NAME
    # The series of the same name: its link and its page.
    assert part.select_one(".series-box__name")["href"] == "/serie/fuehrung-groesse-aerger-cafe/"
    series_page = build.soup("serie/fuehrung-groesse-aerger-cafe/index.html")
    assert series_page.h1.get_text(strip=True).endswith(SERIES_NAME)


def test_dates_in_the_page_language(build):
    assert "1. Oktober 2026" in soup(build, "de-dash/index.html").select_one("time").get_text()
    assert "October 1, 2026" in soup(build, "en/en-dash/index.html").select_one("time").get_text()


def test_seed_build_shows_gender_star(seed_build):
    """The real content, published: no `<em>innen`, the stars literal."""
    page = seed_build.html(SEED)
    assert "Partner*innen" in page and "Kund*innen" in page and "<em>innen" not in page


def test_bodies_write_characters_beyond_latin1_as_references(build, site_with_script):
    """Bodies are stored and written as Latin-1 text (typographic quotes and
    dashes, € and arrows as character references): the reader sees the same
    characters. A body with <script> or <style> keeps its characters, since
    references are not read there."""
    page = build.html("de-quotes/index.html")
    body = page[page.index('class="prose"') : page.index("</article>")]
    body = body[: body.index("<footer")]
    assert "&#8222;Zitat&#8220;" in body
    assert all(ord(char) <= 0xFF for char in body), sorted({c for c in body if ord(c) > 0xFF})
    assert "„Zitat“" in soup(build, "de-quotes/index.html").select_one(".prose").get_text()
    raw = site_with_script.html("skript/index.html")
    assert '<script>var s = "„";</script>' in raw and "„Zitat“" in raw


@pytest.fixture(scope="module")
def site_with_script(tmp_path_factory):
    skript = 'Title: Skript\nDate: 2026-10-02\nSlug: skript\nLang: de\n\n"Zitat"\n\n<script>var s = "„";</script>\n'
    return published(tmp_path_factory.mktemp("script") / "site", {"articles/skript.md": skript})


def test_latin1_body_unit():
    from german_typography.plugin import latin1_body

    assert latin1_body("<p>Größe</p>") == "<p>Größe</p>"
    assert latin1_body("<p>„5 €“ → 😀</p>") == "<p>&#8222;5 &#8364;&#8220; &#8594; &#128512;</p>"
    assert (
        latin1_body("<STYLE>p::before{content:'→'}</STYLE>")
        == "<STYLE>p::before{content:'→'}</STYLE>"
    )
