"""The theme on real builds: what every page carries, the article's parts,
the 404 page, icons, no third parties, German UI; and the reading-time filter."""

import json
import math
import re
import struct

import pytest
from reading_time.reading_time import WORDS_PER_MINUTE_DE, count_words, reading_time
from sitebuild import SEED, SEED_EN, SITEURL, article


def html_pages(build):
    return sorted(p for p in build.output.rglob("*.html"))


def soup_of(path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# --- reading time ---------------------------------------------------------------


def test_words_are_counted_as_a_german_reader_sees_them():
    html = "<h2>Führung</h2><p>Kund*innen, Lern- und Entwicklungs&shy;prozesse – <em>gut</em>.</p>"
    # Führung, Kund*innen, Lern, und, Entwicklungs&shy;prozesse (one word), gut
    assert count_words(html) == 6
    assert count_words("Entwicklungs\u00adprozesse und Mitarbeiter*innen") == 3
    assert count_words("<script>var a = 1 2 3</script><p>eins</p>") == 1
    assert count_words("<SCRIPT>var a = 1 2 3</SCRIPT><p>eins</p>") == 1
    # References as the bodies write them: a quote, a spaced dash, a no-break space
    assert count_words("<p>&#8222;Zitat&#8220; &#8211; gut&nbsp;so, Lern&shy;ziel</p>") == 4


@pytest.mark.parametrize(
    "words, minutes",
    [
        (0, 0),
        (1, 1),
        (WORDS_PER_MINUTE_DE, 1),
        (WORDS_PER_MINUTE_DE + 1, 2),
        (5 * WORDS_PER_MINUTE_DE, 5),
    ],
)
def test_reading_time_rounds_up_to_whole_minutes(words, minutes):
    assert reading_time("<p>" + " ".join(["Wort"] * words) + "</p>") == minutes


def test_german_reading_speed_is_stated_and_slower_than_english():
    assert 150 <= WORDS_PER_MINUTE_DE <= 200
    words = "<p>" + " ".join(["word"] * 1000) + "</p>"
    assert (
        reading_time(words, "en")
        < reading_time(words, "de")
        == math.ceil(1000 / WORDS_PER_MINUTE_DE)
    )
    assert reading_time(words, "en-GB") == reading_time(words, "en")
    assert reading_time(words, "fr") == reading_time(words, "de")  # unknown: the slower speed
    assert count_words("<p>eins – zwei · drei</p>\n<p>vier</p>") == 4


def test_english_article_counts_at_the_english_speed(seed_build):
    """The English seed translation: its own speed, not the German one."""
    german = seed_build.soup(SEED).select_one(".article-meta").get_text()
    english = seed_build.soup(SEED_EN).select_one(".article-meta").get_text()
    words = count_words(str(seed_build.soup(SEED_EN).select_one(".prose")))
    expected = math.ceil(words / 238)
    assert expected != math.ceil(words / WORDS_PER_MINUTE_DE)  # the test can tell them apart
    assert f"{expected} minute" in english, english
    assert "Minute" in german


# --- the seed article -------------------------------------------------------------


def test_article_has_date_reading_time_category_tags_and_summary(seed_build):
    page = seed_build.soup(SEED)
    assert page.html["lang"] == "de"
    meta = page.select_one(".article-meta")
    time = meta.find("time")
    assert time["datetime"].startswith("2026-10-01T09:00")
    assert time.get_text(strip=True) == "1. Oktober 2026"

    # Reading time: the words of the body, counted independently, at 180 a minute.
    words = len(page.select_one(".prose").get_text(" ").split())
    m = re.search(r"(\d+) Minuten? Lesezeit", meta.get_text(" "))
    assert m, meta.get_text(" ")
    assert abs(int(m.group(1)) - math.ceil(words / WORDS_PER_MINUTE_DE)) <= 1

    category = meta.select_one("a[href*='/kategorie/']")
    assert category.get_text() == "Führung"
    assert category["href"].startswith("/kategorie/")
    assert (seed_build.output / category["href"][1:] / "index.html").is_file()
    tags = [a.get_text() for a in page.select(".tag-list a[rel=tag]")]
    assert tags == ["Beziehung", "Zielgruppe", "Wirksamkeit"]
    assert "unterschätzt" in page.select_one(".lead").get_text()


def test_article_has_call_to_action_and_author_box(seed_build):
    page = seed_build.soup(SEED)
    cta = page.select_one(".cta-box a.button")
    assert cta["href"] == "/kontakt/"
    assert cta.get_text(strip=True) == "Kostenlosen 30-minütigen Gesprächstermin buchen"
    author = page.select_one(".author-box")
    assert author.find("a", href="/ueber-mich/")
    # No booking widget: nothing embedded.
    assert not page.find(["iframe", "embed", "object"])


def test_call_to_action_comes_from_settings(site):
    site.write("articles/a.md", "Title: A\nDate: 2026-01-01\nLang: de\n\nText.\n")
    build = site.build(
        overrides={"CTA_URL": "mailto:termin@example.org", "CTA_TEXT": "Schreib mir"}
    )
    assert build.returncode == 0, build.stderr
    cta = build.soup("a/index.html").select_one(".cta-box a.button")
    assert cta["href"] == "mailto:termin@example.org"
    assert cta.get_text(strip=True) == "Schreib mir"


def test_article_keeps_the_include_points_of_other_features(site):
    """What each partial of article.html and base.html shows, on a built
    series part with a translation: the features stay on the page."""
    series = {"Series": "Zwei Teile", "Lang": "de", "Summary": "Kurz."}
    teaser = "Eins.\n\n## Im nächsten Beitrag\n\nDer zweite Teil."
    site.write_all(
        {
            "articles/eins.md": article(
                "Eins", "2026-01-01", teaser, Slug="eins", **series, Series_index=1
            ),
            "articles/zwei.md": article(
                "Zwei", "2026-01-08", Slug="zwei", **series, Series_index=2
            ),
            "articles/en/one.md": article(
                "One", "2026-01-01", Slug="eins", Lang="en", Summary="Short."
            ),
        }
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    page = build.soup("eins/index.html")
    head = page.head
    # article.html: series_head, jsonld, series_box, series_teaser
    assert head.select_one('link[rel="next"]')["href"] == "/zwei/"
    assert head.select_one('link[type="application/atom+xml"][title="Serie: Zwei Teile"]')
    ld = json.loads(head.select_one('script[type="application/ld+json"]').string)
    assert (ld["@type"], ld["isPartOf"]["name"], ld["position"]) == ("BlogPosting", "Zwei Teile", 1)
    assert "Teil 1 von 2" in page.select_one("nav.series-box").get_text()
    assert page.select_one("aside.series-teaser a")["href"] == "/zwei/"
    # base.html: head_meta, hreflang, navigation, footer
    assert head.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}/eins/"
    assert head.select_one('link[rel="alternate"][hreflang="en"]')["href"] == f"{SITEURL}/en/eins/"
    assert page.select_one('header.site-header nav.site-nav a[href="/archiv/"]')
    assert page.select_one('footer.site-footer a[href="/feeds/alle.atom.xml"]')


# --- every page --------------------------------------------------------------------


def test_every_page_has_landmarks_skip_link_and_legal_footer(seed_build):
    pages = html_pages(seed_build)
    assert len(pages) > 10
    for path in pages:
        page = soup_of(path)
        rel = path.relative_to(seed_build.output)
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect stub, not a page
        assert page.html.get("lang") in ("de", "en"), rel
        assert page.find("main", id="inhalt"), rel
        assert page.select_one("a.skip-link[href='#inhalt']"), rel
        assert page.find("header", class_="site-header"), rel
        footer = page.find("footer", class_="site-footer")
        assert footer, rel
        hrefs = [a["href"] for a in footer.find_all("a")]
        if page.html["lang"] == "de":
            assert "/impressum/" in hrefs, rel
            assert "/datenschutz/" in hrefs, rel
            assert "/feeds/alle.atom.xml" in hrefs, rel


def test_no_page_loads_anything_from_a_third_party(seed_build):
    for path in html_pages(seed_build):
        page = soup_of(path)
        for tag in page.find_all(
            ["link", "script", "img", "iframe", "source", "video", "audio", "embed"]
        ):
            url = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            if not url or (tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"])):
                continue
            assert url.startswith((SITEURL + "/", "/")) or not re.match(r"^[a-z]+:", url), (
                path.relative_to(seed_build.output),
                str(tag),
            )


# English words a German page must not show in its frame (navigation, meta,
# footer, labels). The article text is the author's and may quote English.
ENGLISH_UI = re.compile(
    r"\b(Feed|Skip|Tags?|min|Read|more|Page|Archives?|Categor(y|ies)|Home|Search|"
    r"Previous|Next|Older|Newer|Posted|Share|Menu|Contact|About)\b"
)


def test_german_pages_have_no_english_ui_words(seed_build):
    for path in html_pages(seed_build):
        page = soup_of(path)
        if page.html.get("lang") != "de":
            continue
        rel = path.relative_to(seed_build.output)
        # Names of other languages are links in their own language (lang="en");
        # the series parts are the series issue's and tested there.
        for el in page.select(
            "[lang]:not(html):not([lang=de]), .series, .series-box, .series-teaser"
        ):
            el.decompose()
        frame = ".site-header, .site-footer, .article-meta, .article-footer, .pagination, .skip-link, .page-title"
        texts = [el.get_text(" ") for el in page.select(frame)]
        texts += [el["aria-label"] for el in page.select("[aria-label]")]
        texts += [page.title.get_text()] if page.title else []
        for text in texts:
            m = ENGLISH_UI.search(text)
            assert not m, f"{rel}: English word {m.group(0)!r} in {text.strip()[:80]!r}"


def test_icons_and_manifest_are_linked_and_exist(seed_build):
    page = seed_build.soup("index.html")
    wanted = {
        ("icon", "image/svg+xml"): None,
        ("icon", "image/png"): None,
        ("apple-touch-icon", None): None,
        ("manifest", None): None,
    }
    for link in page.find_all("link", rel=["icon", "apple-touch-icon", "manifest"]):
        key = (link["rel"][0], link.get("type"))
        if key in wanted:
            wanted[key] = link["href"]
    assert all(wanted.values()), wanted
    for href in wanted.values():
        assert href.startswith("/theme/"), href  # root-relative: output/ works on any host
        assert (seed_build.output / href[1:]).is_file(), href
    manifest_href = wanted[("manifest", None)]
    manifest_file = seed_build.output / manifest_href[1:]
    manifest = json.loads(manifest_file.read_text("utf-8"))
    sizes = set()
    for icon in manifest["icons"]:
        icon_file = manifest_file.parent / icon["src"]
        assert icon_file.is_file(), icon
        if icon["type"] == "image/png":
            data = icon_file.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert f"{width}x{height}" == icon["sizes"]
            sizes.add(width)
    assert {192, 512} <= sizes


def test_archive_groups_by_year_and_month_in_german(seed_build):
    page = seed_build.soup("archiv/index.html")
    assert page.select_one("h2 a")["href"] == "/archiv/2026/"
    month = page.select_one("h3 a")
    assert month.get_text() == "Oktober" and month["href"] == "/archiv/2026/10/"
    assert (
        seed_build.soup("archiv/2026/10/index.html").h1.get_text(strip=True)
        == "Archiv: Oktober 2026"
    )


def test_navigation_marks_the_current_page(seed_build):
    def current(relpath):
        return [
            a["href"] for a in seed_build.soup(relpath).select(".site-header [aria-current=page]")
        ]

    assert current("index.html") == ["/"]
    assert current("archiv/index.html") == ["/archiv/"]
    assert current("ueber-mich/index.html") == ["/ueber-mich/"]
    assert current(SEED) == []


# --- 404 ---------------------------------------------------------------------------


def test_404_page_has_search_form_and_the_latest_five_posts(site):
    for day in range(1, 8):
        site.write(
            f"articles/b{day}.md",
            f"Title: Beitrag {day}\nDate: 2026-03-0{day}\nLang: de\n\nText.\n",
        )
    build = site.build()
    assert build.returncode == 0, build.stderr
    page = build.soup("404.html")
    assert page.html["lang"] == "de"
    form = page.find("form")
    assert form["method"] == "get" and form["action"] == "/suche/"
    field = form.find("input", attrs={"name": "q"})
    assert field and page.find("label", attrs={"for": field["id"]})
    titles = [a.get_text().replace("\xa0", " ") for a in page.select(".latest-list a")]
    assert titles == [f"Beitrag {day}" for day in (7, 6, 5, 4, 3)]
    # Served at any address: every link starts at the site's root.
    assert all(a["href"].startswith("/") for a in page.select("main a"))


def test_favicon_ico_at_the_root_wraps_the_png_icon(seed_build):
    """Crawlers and feed readers ask for /favicon.ico without reading <link>s."""
    data = (seed_build.output / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 1)
    width, height, *_rest, size, offset = struct.unpack("<BBBBHHII", data[6:22])
    assert (width, height) == (32, 32)
    assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size == len(data)


def test_navigation_links_the_series_overview_and_uses_short_menu_titles(seed_build):
    for path, series_url, contact, contact_url in (
        ("index.html", "/serie/", "Kontakt", "/kontakt/"),
        ("en/index.html", "/en/series/", "Contact", "/en/contact/"),
    ):
        nav = seed_build.soup(path).select_one("nav.site-nav")
        links = {a.get_text(" ", strip=True): a["href"] for a in nav.select("a")}
        assert series_url in links.values(), links
        assert links[contact] == contact_url, links
    overview = seed_build.soup("serie/index.html").select_one("nav.site-nav")
    assert overview.select_one('a[aria-current="page"]')["href"] == "/serie/"
