"""Series (issue 4): parts chained, the closing teaser as a living link,
series pages, feeds and JSON-LD, German and English side by side.

One fixture site, published once with the real Pelican through
tools/build.py --strict: a three-part German series whose third part is a
draft, an English translation of part 1, and smaller series for the other
cases (next part future-dated, hidden, missing; no teaser at all).
"""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuild import SEED, SITEURL, article, published, run_python

CONTENT = {
    # Series A: three German parts, the third a draft; part 1 in English too.
    "articles/a1.md": article(
        "Erster Teil",
        "2026-01-01 09:00",
        "## Anfang\n\nDer Anfang von A.\n\n## Im nächsten Beitrag\n\nzeigen wir, wie **Anja** weitermacht.\n\nUnd noch ein Satz.",
        Slug="a-eins",
        Lang="de",
        Series="Die ideale Kund*in",
        Series_index="1",
        Summary="Zusammenfassung A1.",
    ),
    "articles/a2.md": article(
        "Zweiter Teil",
        "2026-01-08 09:00",
        "Der zweite Teil von A.",
        Slug="a-zwei",
        Lang="de",
        Series="Die ideale Kund*in",
        Series_index="2",
        Series_next="Der *dritte* Teil kommt bald.",
        Summary="Zusammenfassung A2.",
    ),
    "articles/a3.md": article(
        "Dritter Teil (Entwurf)",
        "2026-01-15 09:00",
        "Noch nicht fertig.",
        Slug="a-drei",
        Lang="de",
        Status="draft",
        Series="Die ideale Kund*in",
        Series_index="3",
    ),
    "articles/a1-en.md": article(
        "First part",
        "2026-01-02 09:00",
        "The beginning of A.\n\n### In the next post\n\nwe show how **Anja** goes on.",
        Slug="a-eins",
        Lang="en",
        Series="The Ideal Client",
        Series_index="1",
        Summary="Summary A1 in English.",
    ),
    # Series B: the next part is dated in the future.
    "articles/b1.md": article(
        "B eins",
        "2026-02-01",
        "B eins Text.",
        Slug="b-eins",
        Lang="de",
        Series="Reihe B",
        Series_index="1",
        Series_next="B zwei folgt.",
    ),
    "articles/b2.md": article(
        "B zwei aus der Zukunft",
        "2099-01-01",
        "Zukunft.",
        Slug="b-zwei",
        Lang="de",
        Series="Reihe B",
        Series_index="2",
    ),
    # Series C: the next part is hidden.
    "articles/c1.md": article(
        "C eins",
        "2026-03-01",
        "C eins Text.\n\n#### Im nächsten Beitrag\n\nC zwei folgt.",
        Slug="c-eins",
        Lang="de",
        Series="Reihe C",
        Series_index="1",
    ),
    "articles/c2.md": article(
        "C zwei versteckt",
        "2026-03-02",
        "Versteckt.",
        Slug="c-zwei",
        Lang="de",
        Status="hidden",
        Series="Reihe C",
        Series_index="2",
    ),
    # Series D: no teasers at all; the next part's summary stands in.
    "articles/d1.md": article(
        "D eins",
        "2026-04-01",
        "D eins Text.",
        Slug="d-eins",
        Lang="de",
        Series="Reihe D",
        Series_index="1",
        Summary="D1 kurz.",
    ),
    "articles/d2.md": article(
        "D zwei",
        "2026-04-02",
        "D zwei Text.",
        Slug="d-zwei",
        Lang="de",
        Series="Reihe D",
        Series_index="2",
        Summary="D2 kurz gesagt.",
        Series_description="Eine Reihe *ohne* Ausblick.",
    ),
    # Series E: the next part does not exist at all.
    "articles/e1.md": article(
        "E eins",
        "2026-05-01",
        "E eins Text.",
        Slug="e-eins",
        Lang="de",
        Series="Reihe E",
        Series_index="1",
        Series_next="E zwei ist geplant.",
    ),
    # Not in a series.
    "articles/solo.md": article("Allein", "2026-06-01", "Für sich.", Slug="allein", Lang="de"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return published(tmp_path_factory.mktemp("series") / "site", CONTENT)


def box(page):
    return page.select_one(".series-box")


def teaser(page):
    return page.select_one("aside.series-teaser")


def hrefs(node):
    return [a["href"] for a in node.select("a[href]")] if node else []


def text(node):
    return " ".join(node.get_text(" ").split()) if node else ""


# --- the chain -----------------------------------------------------------------


def test_the_build_is_clean(built):
    assert built.problems == []


def test_parts_are_chained_in_order_counting_published_parts(built):
    one, two = built.soup("a-eins/index.html"), built.soup("a-zwei/index.html")
    assert "Teil 1 von 2" in text(box(one))
    assert "Teil 2 von 2" in text(box(two))
    series_url = "/serie/die-ideale-kundin/"
    assert box(one).select_one(".series-box__name")["href"] == series_url
    assert text(box(one).select_one(".series-box__name")) == "Die ideale Kund*in"
    assert box(one).select_one('a[rel="next"]')["href"] == "/a-zwei/"
    assert box(one).select_one('a[rel="prev"]') is None
    assert box(two).select_one('a[rel="prev"]')["href"] == "/a-eins/"
    assert box(two).select_one('a[rel="next"]') is None  # part 3 is a draft


def test_head_links_prev_and_next_within_the_series(built):
    one, two = built.soup("a-eins/index.html"), built.soup("a-zwei/index.html")
    assert [link["href"] for link in one.head.select('link[rel="next"]')] == ["/a-zwei/"]
    assert one.head.select('link[rel="prev"]') == []
    assert [link["href"] for link in two.head.select('link[rel="prev"]')] == ["/a-eins/"]
    assert two.head.select('link[rel="next"]') == []


def test_article_outside_a_series_has_no_series_parts(built):
    page = built.soup("allein/index.html")
    assert box(page) is None and teaser(page) is None
    assert page.head.select('link[rel="prev"], link[rel="next"]') == []


# --- the teaser box --------------------------------------------------------------


def test_teaser_links_the_published_next_part(built):
    aside = teaser(built.soup("a-eins/index.html"))
    assert aside.h2.get_text(strip=True) == "Im nächsten Beitrag"
    assert aside.select_one(".series-teaser__link a")["href"] == "/a-zwei/"
    assert text(aside.select_one(".series-teaser__link a")) == "Zweiter Teil"
    assert "zeigen wir, wie Anja weitermacht." in text(aside)
    assert text(aside.select_one("strong")) == "Anja"  # still Markdown-rendered


def test_teaser_heading_section_is_moved_not_duplicated(built):
    page = built.soup("a-eins/index.html")
    aside = teaser(page)
    assert "Und noch ein Satz." in text(aside)
    assert text(page).count("zeigen wir, wie Anja weitermacht.") == 1
    assert text(page).count("Und noch ein Satz.") == 1
    headings = [
        h
        for h in page.select("h1, h2, h3, h4, h5, h6")
        if h.get_text(strip=True) == "Im nächsten Beitrag"
    ]
    assert headings == [aside.h2]
    assert "Der Anfang von A." in text(page)  # the body before it stays


def test_next_part_draft_teaser_without_link_and_a_feed_link(built):
    aside = teaser(built.soup("a-zwei/index.html"))
    assert "Der dritte Teil kommt bald." in text(aside)
    assert text(aside.select_one("em")) == "dritte"  # Series_next is Markdown
    assert hrefs(aside) == ["/feeds/serie/die-ideale-kundin.atom.xml"]


def test_next_part_future_dated_is_not_linked_or_counted(built):
    page = built.soup("b-eins/index.html")
    assert "Teil 1 von 1" in text(box(page))
    assert "B zwei folgt." in text(teaser(page))
    assert hrefs(teaser(page)) == ["/feeds/serie/reihe-b.atom.xml"]
    assert "b-zwei" not in built.html("b-eins/index.html")
    assert not (built.output / "b-zwei").exists()


def test_next_part_hidden_is_not_linked_or_counted(built):
    page = built.soup("c-eins/index.html")
    assert "Teil 1 von 1" in text(box(page))
    assert "C zwei folgt." in text(teaser(page))
    assert "c-zwei" not in built.html("c-eins/index.html")
    hidden = built.soup("c-zwei/index.html")  # written (hidden), but outside the series
    assert box(hidden) is None and teaser(hidden) is None
    assert "c-zwei" not in built.html("serie/reihe-c/index.html")


def test_next_part_missing_teaser_without_link(built):
    aside = teaser(built.soup("e-eins/index.html"))
    assert "E zwei ist geplant." in text(aside)
    assert hrefs(aside) == ["/feeds/serie/reihe-e.atom.xml"]


def test_without_teaser_the_next_parts_summary_and_none_on_the_last_part(built):
    aside = teaser(built.soup("d-eins/index.html"))
    assert aside.select_one(".series-teaser__link a")["href"] == "/d-zwei/"
    assert "D2 kurz gesagt." in text(aside)
    assert teaser(built.soup("d-zwei/index.html")) is None


# --- series pages, overview, feeds ---------------------------------------------------


def test_series_page_lists_published_parts_and_announces_the_next(built):
    page = built.soup("serie/die-ideale-kundin/index.html")
    assert page.html["lang"] == "de"
    assert page.h1.get_text(strip=True) == "Die ideale Kund*in"
    items = page.select(".series-parts > li")
    assert [li.select_one(".teaser__title a")["href"] for li in items] == [
        "/a-eins/",
        "/a-zwei/",
    ]
    assert [li.select_one("time")["datetime"][:10] for li in items] == ["2026-01-01", "2026-01-08"]
    assert "Zusammenfassung A1." in text(items[0]) and "Zusammenfassung A2." in text(items[1])
    assert "Der dritte Teil kommt bald." in text(page.select_one(".series-teaser"))
    assert "Dritter Teil" not in text(page) and "a-drei" not in built.html(
        "serie/die-ideale-kundin/index.html"
    )


def test_series_description_is_shown(built):
    page = built.soup("serie/reihe-d/index.html")
    assert "Eine Reihe ohne Ausblick." in text(page.select_one(".lead"))


def test_series_overview_per_language(built):
    de = built.soup("serie/index.html")
    names = [text(a) for a in de.select(".series-list .teaser__title a")]
    assert sorted(names) == sorted(
        ["Die ideale Kund*in", "Reihe B", "Reihe C", "Reihe D", "Reihe E"]
    )
    assert "/serie/reihe-d/" in hrefs(de.select_one(".series-list"))
    en = built.soup("en/series/index.html")
    assert [text(a) for a in en.select(".series-list .teaser__title a")] == ["The Ideal Client"]


def test_series_feed_has_the_published_parts_only(built):
    feed = feedparser.parse(built.html("feeds/serie/die-ideale-kundin.atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert "Die ideale Kund*in" in feed.feed.title
    assert feed.feed.link == feed.feed.id == f"{SITEURL}/serie/die-ideale-kundin/"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        f"{SITEURL}/feeds/serie/die-ideale-kundin.atom.xml"
    ]
    assert sorted(entry.link for entry in feed.entries) == [
        f"{SITEURL}/a-eins/",
        f"{SITEURL}/a-zwei/",
    ]
    future = feedparser.parse(built.html("feeds/serie/reihe-b.atom.xml"))
    assert [entry.link for entry in future.entries] == [f"{SITEURL}/b-eins/"]


def test_json_ld_parses_with_series_and_position(built):
    for slug, position in (("a-eins", 1), ("a-zwei", 2)):
        page = built.soup(f"{slug}/index.html")
        [script] = page.select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        assert data["@type"] == "BlogPosting"
        assert data["url"] == f"{SITEURL}/{slug}/"
        assert data["inLanguage"] == "de"
        assert data["datePublished"].startswith("2026-01-")
        assert (
            data["dateModified"]
            and data["author"]["name"]
            and data["headline"]
            and data["description"]
        )
        assert data["isPartOf"] == {
            "@type": "CreativeWorkSeries",
            "name": "Die ideale Kund*in",
            "url": f"{SITEURL}/serie/die-ideale-kundin/",
            "inLanguage": "de",
        }
        assert data["position"] == position
    solo = json.loads(
        built.soup("allein/index.html").select_one('script[type="application/ld+json"]').string
    )
    assert "isPartOf" not in solo and "position" not in solo


# --- German and English side by side -----------------------------------------------


def test_english_part_lives_in_the_english_series(built):
    page = built.soup("en/a-eins/index.html")
    assert "Part 1 of 1" in text(box(page))
    assert box(page).select_one(".series-box__name")["href"] == "/en/series/the-ideal-client/"
    aside = teaser(page)
    assert aside.h2.get_text(strip=True) == "In the next post"
    assert "we show how Anja goes on." in text(aside)
    assert hrefs(aside) == ["/en/feeds/series/the-ideal-client.atom.xml"]
    assert "Im nächsten Beitrag" not in text(page) and "Teil" not in text(box(page))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["inLanguage"] == "en" and data["isPartOf"]["name"] == "The Ideal Client"


def test_series_pages_link_their_translations(built):
    de = built.soup("serie/die-ideale-kundin/index.html")
    [link] = de.select(".series__translation a")
    assert link["href"] == "/en/series/the-ideal-client/"
    assert link["hreflang"] == "en" and text(link) == "The Ideal Client"
    assert "Englisch" in text(de.select_one(".series__translation"))
    en = built.soup("en/series/the-ideal-client/index.html")
    assert en.html["lang"] == "en"
    [back] = en.select(".series__translation a")
    assert back["href"] == "/serie/die-ideale-kundin/"
    assert "German" in text(en.select_one(".series__translation"))
    assert [a["href"] for a in en.select(".series-parts .teaser__title a")] == ["/en/a-eins/"]


def test_languages_do_not_leak_into_each_other(built):
    assert not (built.output / "en" / "serie").exists()
    assert not (built.output / "series").exists()
    for path in ("a-eins/index.html", "a-zwei/index.html", "serie/index.html"):
        assert "The Ideal Client" not in built.html(path), path
    for path in ("en/a-eins/index.html", "en/series/index.html"):
        assert "Die ideale Kund*in" not in built.html(path), path
    en_feed = feedparser.parse(built.html("en/feeds/series/the-ideal-client.atom.xml"))
    assert [entry.link for entry in en_feed.entries] == [f"{SITEURL}/en/a-eins/"]
    assert en_feed.feed.link == f"{SITEURL}/en/series/the-ideal-client/"


# --- the real site -------------------------------------------------------------------


def test_seed_article_is_part_one_with_its_teaser_box(seed_build):
    page = seed_build.soup(SEED)
    assert "Teil 1 von 1" in text(box(page))
    aside = teaser(page)
    assert "zeigen wir, wie Anja aus ihrem lebendigen Bild" in text(aside)
    assert text(page).count("zeigen wir, wie Anja aus ihrem lebendigen Bild") == 1
    assert page.select_one(".series-box__name")["href"].endswith("/serie/die-ideale-kundin/")
    assert (seed_build.output / "serie" / "die-ideale-kundin" / "index.html").is_file()


def test_future_parts_stay_out_even_if_pelican_would_publish_them(site):
    """The plugin's own date check, in case WITH_FUTURE_DATES is switched on."""
    site.write(
        "articles/eins.md",
        article("Eins", "2026-01-01", "Eins.", Slug="eins", Series="Reihe", Series_index="1"),
    )
    site.write(
        "articles/zwei.md",
        article("Zwei", "2099-01-01", "Zwei.", Slug="zwei", Series="Reihe", Series_index="2"),
    )
    build = site.build(overrides={"WITH_FUTURE_DATES": True})
    assert build.returncode == 0, build.stderr
    assert (build.output / "zwei" / "index.html").is_file()  # Pelican wrote it
    one = build.soup("eins/index.html")
    assert "Teil 1 von 1" in text(box(one))
    assert "/zwei/" not in build.html("eins/index.html")
    # Announced by its date only (issue 20), as without WITH_FUTURE_DATES.
    assert "Teil 2 erscheint am 1. Januar 2099" in text(teaser(one))
    assert box(build.soup("zwei/index.html")) is None
    feed = feedparser.parse(build.html("feeds/serie/reihe.atom.xml"))
    assert [entry.link for entry in feed.entries] == [f"{SITEURL}/eins/"]


def test_series_slug_is_made_like_pelicans_own_slugs(site):
    """Same slugify and settings as an article's slug (German transliteration)."""
    name = "Führung & Größe im Dialog"
    site.write(
        "articles/eins.md",
        article(name, "2026-01-01", "Eins.", Lang="de", Series=name, Series_index="1"),
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    [article_dir] = [
        p.parent.name
        for p in build.output.glob("*/index.html")
        if (p.parent / "index.html").read_text("utf-8").count('class="series-box"')
    ]
    assert (build.output / "serie" / article_dir / "index.html").is_file()
    assert (
        box(build.soup(f"{article_dir}/index.html")).select_one(".series-box__name")["href"]
        == f"/serie/{article_dir}/"
    )


# Like `pelican --autoreload`: one Pelican object, run() again after an edit,
# in its own process. Nothing of the first run may stick to the second.
AUTORELOAD = """
import os, time
from pathlib import Path
import build
from pelican import Pelican
from pelican.settings import read_settings

settings = read_settings("publishconf.py", override={"OUTPUT_PATH": str(Path("out").resolve())})
build.compile_catalogs(Path(settings["THEME"]))
pelican = Pelican(settings)
pelican.run()
os.rename("out", "out-first")
part = Path("content/articles/zwei.md")
part.write_text(part.read_text("utf-8").replace("Status: draft\\n", ""), encoding="utf-8")
stamp = time.time() + 5
os.utime(part, (stamp, stamp))
pelican.run()
"""


def test_a_second_run_in_one_process_starts_clean(site):
    site.write(
        "articles/eins.md",
        article(
            "Eins",
            "2026-01-01",
            "Eins.\n\n## Im nächsten Beitrag\n\nZwei folgt.",
            Slug="eins",
            Series="Reihe",
            Series_index="1",
        ),
    )
    site.write(
        "articles/zwei.md",
        article(
            "Zwei",
            "2026-01-02",
            "Zwei.",
            Slug="zwei",
            Status="draft",
            Series="Reihe",
            Series_index="2",
        ),
    )
    site.write(
        "articles/en.md",
        article(
            "One",
            "2026-01-01",
            "One.",
            Slug="eins",
            Lang="en",
            Series="Series",
            Series_index="1",
        ),
    )
    proc = run_python(AUTORELOAD, cwd=site.root, timeout=300)
    assert proc.returncode == 0, proc.stderr

    def soup(path):
        return BeautifulSoup((site.root / path).read_text("utf-8"), "html.parser")

    first = soup("out-first/eins/index.html")
    assert "Teil 1 von 1" in text(box(first)) and "/zwei/" not in str(first)
    second = soup("out/eins/index.html")
    assert "Teil 1 von 2" in text(box(second))
    assert teaser(second).select_one(".series-teaser__link a")["href"] == "/zwei/"
    assert [
        a["href"]
        for a in soup("out/serie/reihe/index.html").select(".series-parts .teaser__title a")
    ] == [
        "/eins/",
        "/zwei/",
    ]
    # The English run of each pass still sees only its own part.
    assert "Part 1 of 1" in text(box(soup("out/en/eins/index.html")))
    assert not (site.root / "out" / "en" / "serie").exists()
