"""Issue 15: the published output/ works on any host. Pages address the site's
own pages and files root-relative (`/theme/css/site.css`, `/en/…`); absolute
URLs stay where a standard wants them: rel="canonical", hreflang alternates,
Open Graph and Twitter tags, JSON-LD, feeds (entries and their content),
sitemaps and robots.txt."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from root_relative.root_relative import to_root_relative
from sitebuild import SITEURL

DOMAIN = SITEURL
URL_ATTRIBUTES = ("href", "src", "action", "srcset", "poster", "data")
# <meta> whose content is a URL (the others hold text or dates).
URL_METAS = {
    "og:url",
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:url",
}


def page_urls(soup):
    """(tag, URL) of every URL in an attribute of a page."""
    for tag in soup.find_all(True):
        if tag.name == "meta":
            if (tag.get("property") or tag.get("name")) in URL_METAS:
                yield tag, tag["content"]
            continue
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str):
                candidates = (
                    [c.strip().split(" ")[0] for c in value.split(",")]
                    if attribute == "srcset"
                    else [value]
                )
                for url in candidates:
                    yield tag, url


def must_be_absolute(tag) -> bool:
    """The tags whose URL a standard wants absolute."""
    if tag.name == "meta":  # Open Graph, Twitter (page_urls yields only URL metas)
        return True
    rel = tag.get("rel") or []
    return tag.name == "link" and (
        "canonical" in rel or ("alternate" in rel and tag.has_attr("hreflang"))
    )


@pytest.mark.slow
def test_pages_link_the_site_root_relative_and_absolute_only_where_standards_want_it(seed_build):
    pages = sorted(seed_build.output.rglob("*.html"))
    assert len(pages) > 20
    wrong, relative_where_absolute_needed, dotted = [], [], []
    standard_tags = 0
    for path in pages:
        rel = path.relative_to(seed_build.output).as_posix()
        if rel.startswith("pagefind/"):
            continue
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for tag, url in page_urls(soup):
            if must_be_absolute(tag):
                if url.startswith(DOMAIN + "/"):
                    standard_tags += 1
                elif not url.startswith("https://"):  # og:image may be on another host
                    relative_where_absolute_needed.append(f"{rel}: {str(tag)[:160]}")
            elif url.startswith((DOMAIN, "//")):
                wrong.append(f"{rel}: {str(tag)[:160]}")
            if "/../" in url or url.endswith("/.."):
                dotted.append(f"{rel}: {url}")
        for script in soup.select('script[type="application/ld+json"]'):
            data = json.loads(script.string)
            assert data["url"].startswith(DOMAIN + "/"), (rel, data["url"])
    assert wrong == [], "internal addresses with the domain:\n" + "\n".join(wrong[:40])
    assert relative_where_absolute_needed == [], "\n".join(relative_where_absolute_needed[:40])
    assert dotted == [], "\n".join(dotted[:20])
    assert standard_tags > 50, standard_tags  # canonical, hreflang, og:url on most pages

    index = seed_build.soup("index.html")
    assert index.select_one('link[rel="stylesheet"]')["href"] == "/theme/css/site.css"
    assert index.select_one('link[rel="manifest"]')["href"] == "/theme/site.webmanifest"
    assert index.select_one('link[rel="canonical"]')["href"] == DOMAIN + "/"
    english = seed_build.soup("en/index.html")
    assert english.select_one('link[rel="stylesheet"]')["href"] == "/theme/css/site.css"
    assert english.select_one("a.site-title")["href"] == "/en/"
    assert english.select_one('link[rel="canonical"]')["href"] == DOMAIN + "/en/"
    switch = english.select_one("a[data-language-switch]")["href"]
    assert switch == "/", switch
    assert english.select_one('link[rel="alternate"][hreflang="de"]')["href"] == DOMAIN + "/"


@pytest.mark.slow
def test_feeds_sitemaps_and_robots_keep_absolute_addresses(seed_build):
    feeds = sorted(seed_build.output.rglob("*.atom.xml"))
    assert any(f.parts[-3:-1] == ("en", "feeds") for f in feeds)
    for feed_path in feeds:
        feed = feedparser.parse(feed_path.read_bytes())
        rel = feed_path.relative_to(seed_build.output).as_posix()
        assert feed.feed.link.startswith(DOMAIN + "/"), rel
        for entry in feed.entries:
            assert entry.link.startswith(DOMAIN + "/"), (rel, entry.link)
            for content in [*entry.get("content", []), {"value": entry.get("summary", "")}]:
                for url in re.findall(r'(?:href|src)="([^"]*)"', content["value"]):
                    assert url.startswith(("https://", "mailto:", "#")), (rel, entry.link, url)
    for sitemap in seed_build.output.rglob("sitemap*.xml"):
        for loc in ElementTree.parse(sitemap).getroot().iter():
            if loc.tag.endswith("loc"):
                assert loc.text.startswith(DOMAIN + "/"), (sitemap.name, loc.text)
    robots = (seed_build.output / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {DOMAIN}/sitemap.xml" in robots


def test_links_in_bodies_are_root_relative_on_pages_and_absolute_in_feeds(site):
    """A {filename} link in the Summary and the text, a {static} image and a
    root-relative link written by hand: root-relative on the English page,
    absolute in its feed entry."""
    site.write(
        "extra/bild.png",
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633c5111c0c0c0c0c4c0c0c0c0c0000013620194d203f2850000000049454e44ae426082"
        ),
    )  # a whole PNG: plugins/images reads it
    site.write("pages/kontakt.md", "Title: Kontakt\nSlug: kontakt\nLang: de\n\nText\n")
    site.write(
        "pages/en/contact.md",
        "Title: Contact\nSlug: contact\nLang: en\nTranslation_of: kontakt\n\nText\n",
    )
    site.write("articles/de.md", "Title: Eins\nDate: 2026-01-01\nSlug: eins\nLang: de\n\nText\n")
    site.write(
        "articles/en.md",
        "Title: One\nDate: 2026-01-02\nSlug: one\nLang: en\n"
        "Summary: Read [the contact page]({filename}/pages/en/contact.md).\n\n"
        "See [contact]({filename}/pages/en/contact.md), [German]({filename}/articles/de.md), "
        "[by hand](/en/contact/) and ![a picture]({static}/extra/bild.png).\n",
    )
    build = site.build()
    assert build.returncode == 0, build.stderr

    body = build.soup("en/one/index.html").select_one("[data-pagefind-body]") or build.soup(
        "en/one/index.html"
    )
    hrefs = [a["href"] for a in body.select("a")]
    assert "/en/contact/" in hrefs and "/eins/" in hrefs, hrefs
    src = body.select_one("img")["src"]  # the subsite has its own copy of static files
    assert src.startswith("/") and (build.output / src.lstrip("/")).is_file(), src

    feed = feedparser.parse((build.output / "en" / "feeds" / "all.atom.xml").read_bytes())
    entry = feed.entries[0]
    content = entry.content[0]["value"]
    assert f'href="{DOMAIN}/en/contact/"' in content and f'href="{DOMAIN}/eins/"' in content, (
        content
    )
    assert f'src="{DOMAIN}{src}"' in content, content
    assert 'href="/' not in content and 'src="/' not in content, content
    assert f'href="{DOMAIN}/en/contact/"' in entry.summary, entry.summary


@pytest.mark.parametrize(
    "siteurl, url, expected",
    [
        ("https://blog.example.org", "kontakt/", "/kontakt/"),
        ("https://blog.example.org", "", "/"),
        ("https://blog.example.org/en", "", "/en/"),
        ("https://blog.example.org/en", "contact/", "/en/contact/"),
        (
            "https://blog.example.org/en",
            "../kontakt/",
            "/kontakt/",
        ),  # pelican-i18n-subsites' /en/../
        ("https://blog.example.org/en", "https://blog.example.org/theme", "/theme"),
        ("https://blog.example.org", "archiv/index.html", "/archiv/"),
        ("https://blog.example.org", "suche/?q=a#x", "/suche/?q=a#x"),
        ("", "kontakt/", "/kontakt/"),  # development builds
        ("/en", "contact/", "/en/contact/"),
        ("https://blog.example.org", "https://other.example/x/", "https://other.example/x/"),
        ("https://blog.example.org", "mailto:a@example.org", "mailto:a@example.org"),
        ("https://blog.example.org", "http://blog.example.org/x/", "http://blog.example.org/x/"),
    ],
)
def test_root_relative_filter(siteurl, url, expected):
    assert to_root_relative(siteurl, url) == expected
