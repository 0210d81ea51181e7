"""Issue 7 on a published site: search index, feeds, head meta, sitemap,
robots.txt, archives and pagination, headers files, no drafts, no third parties.

One fixture site is published once (strict, publishconf.py) for the module:
German and English articles (one translated, one with an image), a draft, a
hidden article, and enough posts for a second index page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sitebuild import SEED, SITEURL, Site

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}

ARTICLES = {
    "articles/2026/wirksam.md": (
        "Title: Wirksam führen & gut zuhören\nDate: 2026-10-01 09:00\nSlug: wirksam\nLang: de\n"
        "Category: Führung\nTags: Beziehung, Zielgruppe\nImage: {static}/bilder/titel.png\n"
        "Image_alt: Zwei Menschen im Gespräch\n"
        "Summary: Warum *echte* Wirksamkeit & Nähe zusammengehören.\n\n"
        "Erster Absatz über Führungskräfte.\n\nLetzter Absatz mit dem Wort Schlussgedanke.\n"
    ),
    "articles/2026/wirksam-en.md": (
        "Title: Leading with impact\nDate: 2026-10-02 09:00\nSlug: wirksam\nLang: en\n"
        "Category: Leadership\nSummary: Why impact needs closeness.\n\n"
        "English text about leaders and their customers.\n"
    ),
    "articles/2026/entwurf.md": (
        "Title: Geheimer Entwurf\nDate: 2026-09-01\nSlug: geheimer-entwurf\nLang: de\n"
        "Category: Führung\nStatus: draft\n\nEntwurfstext Zauberwort.\n"
    ),
    "articles/2026/versteckt.md": (
        "Title: Versteckt\nDate: 2026-09-02\nSlug: versteckt\nLang: de\n"
        "Category: Führung\nStatus: hidden\n\nVersteckter Text Zauberwort.\n"
    ),
    "pages/impressum.md": "Title: Impressum\nSlug: impressum\nLang: de\nSummary: Anbieterkennzeichnung.\n\nText.\n",
}
# Eleven more German posts in August 2026: 12 in all, so the index has a page 2.
for n in range(1, 12):
    ARTICLES[f"articles/2026/post-{n}.md"] = (
        f"Title: Beitrag {n}\nDate: 2026-08-{n:02d} 10:00\nSlug: beitrag-{n}\nLang: de\n"
        f"Category: Alltag\nTags: Notiz\nSummary: Kurz {n}.\n\nText {n} über Kundinnen.\n"
    )

# A 2x2 PNG for the article image (plugins/images reads it: it must be whole).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633c5111c0c0c0c0c4c0c0c0c0c0000013620194d203f2850000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("features") / "site")
    for path, text in ARTICLES.items():
        site.write(path, text)
    site.write("bilder/titel.png", PNG)
    site.write(
        "extra/_headers",
        (Path(__file__).parent.parent / "content/extra/_headers").read_text("utf-8"),
    )
    site.write(
        "extra/.htaccess",
        (Path(__file__).parent.parent / "content/extra/.htaccess").read_text("utf-8"),
    )
    build = site.build(overrides={"STATIC_PATHS": ["extra", "bilder"]})
    assert build.returncode == 0, build.stderr
    return build


def html_files(root: Path):
    return [p for p in root.rglob("*.html") if "pagefind" not in p.parts]


def meta(soup, attr, name):
    tag = soup.find("meta", attrs={attr: name})
    return tag["content"] if tag else None


# --- Search ------------------------------------------------------------------


def test_search_index_has_one_index_per_language_without_drafts_or_hidden(built):
    entry = json.loads(built.html("pagefind/pagefind-entry.json"))
    languages = entry["languages"]
    assert set(languages) == {"de", "en"}
    # German: 12 published posts + Impressum; the draft and the hidden post are not indexed.
    assert languages["de"]["page_count"] == 13
    assert languages["en"]["page_count"] == 1
    fragments = " ".join(
        p.read_bytes().hex() for p in (built.output / "pagefind" / "fragment").iterdir()
    )
    assert fragments  # (fragments are compressed; the counts above carry the check)


@pytest.mark.parametrize("path, lang", [("suche/index.html", "de"), ("en/search/index.html", "en")])
def test_search_page_loads_pagefind_and_has_a_no_js_fallback(built, path, lang):
    soup = built.soup(path)
    assert soup.html["lang"] == lang
    scripts = [s["src"] for s in soup.find_all("script", src=True)]
    assert "/pagefind/pagefind-ui.js" in scripts
    assert "/theme/js/search.js" in scripts
    assert (built.output / "pagefind" / "pagefind-ui.js").is_file()
    assert (built.output / "theme" / "js" / "search.js").is_file()
    fallback = soup.find("noscript")
    links = [a["href"] for a in fallback.find_all("a")]
    assert len(links) == 3 and all(
        link.startswith(f"/{lang}/" if lang == "en" else "/") for link in links
    )
    assert meta(soup, "name", "robots") == "noindex"


def test_search_scripts_load_on_the_search_pages_only(built):
    search_pages = {built.output / "suche/index.html", built.output / "en/search/index.html"}
    for page in html_files(built.output):
        text = page.read_text("utf-8")
        loads = "pagefind-ui.js" in text or "js/search.js" in text
        assert loads == (page in search_pages), page


# --- Feeds -------------------------------------------------------------------


def feed_of(built, page_path, title_part=None):
    """The Atom feed a page links to in its head, parsed."""
    soup = built.soup(page_path)
    links = soup.find_all("link", rel="alternate", type="application/atom+xml")
    assert links, page_path
    link = next(link for link in links if title_part is None or title_part in link["title"])
    url = link["href"]
    assert url.startswith("/") and not url.startswith("//"), (
        url
    )  # root-relative like every link of the site
    path = built.output / url.lstrip("/")
    return feedparser.parse(path.read_bytes()), url


def test_german_feed_is_atom_with_full_content_and_absolute_links(built):
    feed, url = feed_of(built, "index.html")
    assert feed.bozo == 0 and feed.version == "atom10"
    titles = [plain(e.title) for e in feed.entries]
    assert "Wirksam führen & gut zuhören" in titles
    assert "Geheimer Entwurf" not in titles and "Versteckt" not in titles
    assert "Leading with impact" not in titles
    entry = next(e for e in feed.entries if plain(e.title).startswith("Wirksam"))
    assert entry.link == f"{SITEURL}/wirksam/"
    assert "Schlussgedanke" in entry.content[0].value  # the whole text, not the summary
    for e in feed.entries:
        assert e.link.startswith(SITEURL + "/")


def test_english_feed_has_english_posts_only(built):
    feed, url = feed_of(built, "en/index.html")
    assert url.startswith("/en/")
    assert feed.bozo == 0 and feed.version == "atom10"
    assert [plain(e.title) for e in feed.entries] == ["Leading with impact"]
    assert feed.entries[0].link == f"{SITEURL}/en/wirksam/"


def test_category_feed_is_linked_from_the_category_page_and_parses(built):
    soup = built.soup("index.html")
    category_url = soup.find("a", string="Alltag")
    # The category page of "Alltag" links its own feed.
    cat_pages = [p for p in (built.output / "kategorie").iterdir() if "alltag" in p.name]
    assert cat_pages, category_url
    feed, url = feed_of(built, f"kategorie/{cat_pages[0].name}/index.html", "Alltag")
    assert feed.bozo == 0 and feed.version == "atom10"
    assert len(feed.entries) == 11
    assert all(plain(e.title).startswith("Beitrag") for e in feed.entries)


def test_no_drafts_anywhere_in_the_published_site(built):
    assert not (built.output / "entwurf").exists()
    for page in built.output.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".xml", ".txt"}:
            assert "Geheimer Entwurf" not in page.read_text("utf-8"), page


# --- Head meta: canonical, description, Open Graph, Twitter ----------------


def test_article_head_has_canonical_description_and_sharing_tags(built):
    soup = built.soup("wirksam/index.html")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"{SITEURL}/wirksam/"
    description = "Warum echte Wirksamkeit & Nähe zusammengehören."
    assert meta(soup, "name", "description") == description
    assert meta(soup, "property", "og:description") == description
    assert meta(soup, "name", "twitter:description") == description
    assert plain(meta(soup, "property", "og:title")) == "Wirksam führen & gut zuhören"
    assert meta(soup, "property", "og:type") == "article"
    assert meta(soup, "property", "og:url") == canonical
    assert meta(soup, "property", "og:locale") == "de_DE"
    # plugins/images: the header image's Open Graph crop (never larger than the image).
    image = meta(soup, "property", "og:image")
    assert re.fullmatch(
        rf"{re.escape(SITEURL)}/bilder/titel\.[0-9a-f]{{8}}\.og-50-50\.jpg", image
    ), image
    assert (built.output / image.removeprefix(SITEURL + "/")).is_file()
    assert (built.output / "bilder" / "titel.png").is_file()
    assert meta(soup, "property", "og:image:alt") == "Zwei Menschen im Gespräch"
    assert meta(soup, "name", "twitter:card") == "summary_large_image"
    assert meta(soup, "name", "twitter:image") == image
    # The raw markup of the summary never reaches an attribute.
    head = built.html("wirksam/index.html").split("</head>")[0]
    assert "&lt;em&gt;" not in head and "<em>" not in head


def test_article_without_image_has_a_share_card(built):
    soup = built.soup("beitrag-3/index.html")
    # plugins/images draws a 1200x630 card for it (tests/test_images.py, test_share_cards.py).
    assert meta(soup, "property", "og:image").startswith(f"{SITEURL}/images/share/beitrag-3.")
    assert meta(soup, "name", "twitter:card") == "summary_large_image"
    assert meta(soup, "name", "description") == "Kurz 3."


def test_english_article_head(built):
    soup = built.soup("en/wirksam/index.html")
    assert soup.find("link", rel="canonical")["href"] == f"{SITEURL}/en/wirksam/"
    assert meta(soup, "property", "og:locale") == "en_US"
    assert meta(soup, "name", "description") == "Why impact needs closeness."


@pytest.mark.parametrize(
    "path, url",
    [
        ("index.html", "/"),
        ("seite/2/index.html", "/seite/2/"),
        ("archiv/2026/index.html", "/archiv/2026/"),
        ("archiv/2026/08/index.html", "/archiv/2026/08/"),
        ("impressum/index.html", "/impressum/"),
    ],
)
def test_every_page_names_itself_as_canonical(built, path, url):
    soup = built.soup(path)
    assert soup.find("link", rel="canonical")["href"] == SITEURL + url
    assert meta(soup, "property", "og:url") == SITEURL + url
    assert meta(soup, "property", "og:type") == "website"


def test_hidden_article_is_not_for_search_engines(built):
    soup = built.soup("versteckt/index.html")
    assert meta(soup, "name", "robots") == "noindex"


# --- Sitemap and robots.txt ----------------------------------------------------


def sitemap_urls(built, relpath):
    tree = etree.parse(str(built.output / relpath))
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in tree.getroot().findall("sm:url", NS)
    }


def test_sitemap_index_names_one_sitemap_per_language(built):
    tree = etree.parse(str(built.output / "sitemap.xml"))
    assert tree.getroot().tag == "{%s}sitemapindex" % NS["sm"]
    locs = [e.text for e in tree.getroot().iter("{%s}loc" % NS["sm"])]
    assert locs == [f"{SITEURL}/sitemap-de.xml", f"{SITEURL}/en/sitemap-en.xml"]
    for loc in locs:
        assert (built.output / urlsplit(loc).path.lstrip("/")).is_file()


def test_sitemaps_have_hreflang_alternates_for_translations(built):
    german = sitemap_urls(built, "sitemap-de.xml")
    english = sitemap_urls(built, "en/sitemap-en.xml")
    expected = {
        "de": f"{SITEURL}/wirksam/",
        "en": f"{SITEURL}/en/wirksam/",
        "x-default": f"{SITEURL}/wirksam/",
    }
    assert german[f"{SITEURL}/wirksam/"] == expected
    assert english[f"{SITEURL}/en/wirksam/"] == expected
    assert german[f"{SITEURL}/beitrag-1/"] == {}  # untranslated: no alternates
    assert f"{SITEURL}/archiv/2026/08/" in german and f"{SITEURL}/seite/2/" in german
    assert all(url.startswith(SITEURL + "/en/") for url in english)


def test_sitemaps_leave_out_drafts_hidden_search_and_404(built):
    urls = set(sitemap_urls(built, "sitemap-de.xml")) | set(
        sitemap_urls(built, "en/sitemap-en.xml")
    )
    for bad in ("geheimer-entwurf", "entwurf/", "versteckt", "suche/", "search/", "404"):
        assert not any(bad in url for url in urls), bad


def test_robots_txt_points_at_the_sitemap(built):
    robots = built.html("robots.txt")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots and "Disallow: /\n" not in robots


# --- Archives, categories, tags, pagination ----------------------------------


def plain(text: str) -> str:
    """Text without the typography's no-break spaces and soft hyphens."""
    return " ".join(
        text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ").split()
    )


def linked_titles(soup):
    return {plain(a.get_text()) for a in soup.select("main a")}


def test_year_and_month_archives(built):
    year = linked_titles(built.soup("archiv/2026/index.html"))
    assert {"Wirksam führen & gut zuhören", "Beitrag 1", "Beitrag 11"} <= year
    august = linked_titles(built.soup("archiv/2026/08/index.html"))
    assert "Beitrag 5" in august and "Wirksam führen & gut zuhören" not in august
    october = linked_titles(built.soup("archiv/2026/10/index.html"))
    assert "Wirksam führen & gut zuhören" in october and "Beitrag 5" not in october
    assert "Geheimer Entwurf" not in year and "Versteckt" not in year


def test_index_is_paginated_at_seite_2(built):
    first = linked_titles(built.soup("index.html"))
    second = linked_titles(built.soup("seite/2/index.html"))
    posts = {f"Beitrag {n}" for n in range(1, 12)} | {"Wirksam führen & gut zuhören"}
    assert (first | second) >= posts
    assert not (first & second & posts)  # every post on exactly one page
    assert built.soup("index.html").find("a", rel="next")["href"] == "/seite/2/"


def test_category_and_tag_pages_list_their_posts_paginated(built):
    posts = {f"Beitrag {n}" for n in range(1, 12)}
    for base in ("schlagwort/notiz", "kategorie/alltag"):
        first = linked_titles(built.soup(f"{base}/index.html"))
        second = linked_titles(built.soup(f"{base}/seite/2/index.html"))
        assert (first | second) >= posts and not (first & second & posts), base
    assert "Notiz" in linked_titles(built.soup("schlagworte/index.html"))
    assert "Alltag" in linked_titles(built.soup("kategorien/index.html"))


# --- Headers files, CSP, no third parties -------------------------------------


def csp_of(text: str) -> dict[str, list[str]]:
    m = re.search(
        r"^\s*(?:Header always set )?Content-Security-Policy:?\s*\"?([^\"\n]+)", text, re.M
    )
    assert m, "no Content-Security-Policy"
    directives = {}
    for part in m.group(1).split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("name", ["_headers", ".htaccess"])
def test_headers_files_are_published_with_a_strict_csp(built, name):
    text = built.html(name)
    csp = csp_of(text)
    script_src = csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    sources = [s for values in csp.values() for s in values]
    assert not [s for s in sources if "://" in s or s.startswith("*") or s in ("https:", "http:")]
    assert "Cache-Control" in text


def test_headers_files_agree(built):
    assert csp_of(built.html("_headers")) == csp_of(built.html(".htaccess"))


def test_pages_have_no_inline_script_and_no_third_party_resources(built):
    for page in html_files(built.output):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if not script.get("src"):
                # JSON-LD is data, not script: CSP does not run it.
                assert script.get("type") == "application/ld+json", page
        urls = [s["src"] for s in soup.find_all(["script", "img", "iframe", "source"], src=True)]
        urls += [
            link["href"]
            for link in soup.find_all("link", href=True)
            if "alternate" not in link.get("rel", []) and "canonical" not in link.get("rel", [])
        ]
        for url in urls:
            assert url.startswith(SITEURL + "/") or not urlsplit(url).netloc, (page, url)
        assert not soup.find(attrs={"style": True}), page


def test_precompress_writes_gzip_and_brotli_copies_only_when_asked(tmp_path):
    import gzip

    import brotli

    site = Site(tmp_path / "site")
    site.add_seed()
    plain = site.build(output="plain")
    assert plain.returncode == 0, plain.stderr
    assert not list(plain.output.rglob("*.gz")) and not list(plain.output.rglob("*.br"))

    packed = site.build(output="packed", env={"PRECOMPRESS": "1"})
    assert packed.returncode == 0, packed.stderr
    page = packed.output / SEED
    original = page.read_bytes()
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == original
    assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == original
    css = next(packed.output.rglob("site.css"))
    assert css.with_name("site.css.br").is_file()
    # Pagefind runs after Pelican: its scripts and styles are compressed too.
    script = packed.output / "pagefind" / "pagefind-ui.js"
    assert (
        gzip.decompress(script.with_name("pagefind-ui.js.gz").read_bytes()) == script.read_bytes()
    )
    assert (
        brotli.decompress(script.with_name("pagefind-ui.js.br").read_bytes()) == script.read_bytes()
    )
    assert (packed.output / "pagefind" / "pagefind-ui.css.br").is_file()
