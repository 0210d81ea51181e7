"""Security on a real build: metadata never becomes markup, external links
are safe, raw HTML in a summary is shown as text.

One fixture site with hostile metadata is published once; every file of the
output (HTML pages, feeds, sitemaps, JSON-LD, meta tags) is inspected.
"""

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sitebuild import published

HOSTILE_TITLE = "Wachstum <script>alert(1)</script> & Sinn"
HOSTILE = {
    "articles/wachstum.md": (
        f"Title: {HOSTILE_TITLE}\n"
        "Date: 2026-02-01 09:00\n"
        "Slug: wachstum\n"
        "Lang: de\n"
        "Category: <i>Kat</i>egorie\n"
        "Tags: <b>Fett</b>, Sinn\n"
        "Summary: Ein Teaser mit <img src=x onerror=alert(1)> und *Betonung* und [Link](https://example.net/).\n"
        "\n"
        "Ein Text mit [externem Link](https://example.net/seite) und [internem]({filename}/articles/zwei.md).\n"
        "\n"
        '<p>Roh: <a href="https://example.com/x" rel="nofollow">roh</a></p>\n'
    ),
    "articles/zwei.md": (
        "Title: Zweiter\nDate: 2026-02-02\nSlug: zwei\nLang: de\nCategory: Ruhe\n"
        "Summary: Kurz.\n\nText.\n"
    ),
    "articles/en/wachstum.md": (
        "Title: Growth <script>alert(1)</script> & meaning\nDate: 2026-02-01 09:00\nSlug: wachstum\nLang: en\n"
        "Summary: A teaser with <img src=x onerror=alert(1)>.\n\nText with [a link](https://example.org/).\n"
    ),
}
# What must never appear as markup anywhere in the output.
FORBIDDEN = ["<script>alert(1)", "<img src=x onerror", "<b>Fett</b>", "<i>Kat</i>"]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    return published(tmp_path_factory.mktemp("security") / "site", HOSTILE, seed=True)


def output_files(root: Path) -> list[Path]:
    return [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.suffix in {".html", ".xml", ".json", ".txt", ".webmanifest"}
        and "pagefind" not in p.relative_to(root).parts
    ]


@pytest.mark.slow
def test_hostile_metadata_is_published(hostile_build):
    page = hostile_build.soup("wachstum/index.html")
    assert page.h1.get_text().replace("\u00a0", " ").replace("\u202f", " ").strip() == HOSTILE_TITLE


@pytest.mark.slow
def test_no_output_file_contains_metadata_as_markup(hostile_build):
    checked = 0
    for path in output_files(hostile_build.output):
        text = path.read_text("utf-8")
        for needle in FORBIDDEN:
            assert needle not in text, (
                f"{path.relative_to(hostile_build.output)}: {needle!r} unescaped"
            )
        checked += 1
    assert checked > 20


@pytest.mark.slow
def test_no_page_has_an_element_or_handler_from_metadata(hostile_build):
    for path in output_files(hostile_build.output):
        if path.suffix != ".html":
            continue
        tree = lxml_html.fromstring(path.read_bytes())
        rel = path.relative_to(hostile_build.output)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert "onerror" not in element.attrib, f"{rel}: <{element.tag} onerror>"
            if element.tag == "script" and element.get("type") != "application/ld+json":
                assert "alert(1)" not in (element.text or ""), f"{rel}: script from metadata"
            if element.tag in ("b", "i"):
                assert element.text not in ("Fett", "Kat"), (
                    f"{rel}: <{element.tag}> from a tag/category name"
                )


@pytest.mark.slow
def test_json_ld_keeps_the_title_as_text_and_cannot_close_its_script(hostile_build):
    tree = lxml_html.fromstring(hostile_build.html("wachstum/index.html"))
    blocks = tree.xpath('//script[@type="application/ld+json"]')
    assert blocks, "no JSON-LD on the article page"
    data = [json.loads(b.text) for b in blocks]
    text = json.dumps(data, ensure_ascii=False)
    assert "alert(1)" in text  # the title is there, as text
    raw = hostile_build.html("wachstum/index.html")
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
        assert "<" not in block, "a '<' inside JSON-LD could close the script element"


@pytest.mark.slow
def test_meta_tags_carry_the_escaped_title_and_summary(hostile_build):
    page = hostile_build.soup("wachstum/index.html")
    description = page.find("meta", attrs={"name": "description"})
    assert description is not None
    assert "<img" in description["content"]  # as text, i.e. escaped in the file
    og_title = page.find("meta", attrs={"property": "og:title"})
    assert og_title is not None and "<script>" in og_title["content"].replace("\u00a0", " ")


@pytest.mark.slow
def test_feed_readers_get_the_hostile_metadata_as_text(hostile_build):
    import feedparser

    feeds = [
        p
        for p in output_files(hostile_build.output)
        if p.suffix == ".xml" and b"<feed" in p.read_bytes()[:300]
    ]
    assert feeds
    seen = 0
    for feed in feeds:
        # Unsanitised, as a careless feed reader would show it: text
        # (type="text") is shown as text, HTML is rendered.
        parsed = feedparser.parse(feed.read_bytes(), sanitize_html=False)
        for entry in parsed.entries:
            details = [
                entry.get("title_detail"),
                entry.get("summary_detail"),
                *entry.get("content", []),
            ]
            for detail in filter(None, details):
                if "alert(1)" in detail.value:
                    seen += 1
                if "alert(1)" in detail.value and detail.type == "text/html":
                    fragment = lxml_html.fragment_fromstring(detail.value, create_parent="div")
                    for element in fragment.iter():
                        assert element.tag != "script", f"{feed.name}: a <script> in an entry"
                        assert "onerror" not in element.attrib, f"{feed.name}: onerror in an entry"
    assert seen, "the hostile entry is in no feed"


@pytest.mark.slow
def test_external_links_in_content_get_noopener(hostile_build):
    page = hostile_build.soup("wachstum/index.html")
    body = page.find("article") or page
    external = [
        a
        for a in body.find_all("a", href=True)
        if a["href"].startswith(("https://example.net", "https://example.com"))
    ]
    assert len(external) >= 2
    for link in external:
        assert "noopener" in link.get("rel", []), str(link)
    assert "nofollow" in next(a for a in external if "example.com" in a["href"])["rel"]
    internal = body.find("a", href=re.compile(r"/zwei/$"))
    assert internal is not None and "noopener" not in (internal.get("rel") or [])
    en = hostile_build.soup("en/wachstum/index.html")
    assert all(
        "noopener" in a.get("rel", [])
        for a in en.find_all("a", href=re.compile(r"^https://example\.org"))
    )


@pytest.mark.slow
def test_markdown_in_a_summary_still_works(hostile_build):
    index = hostile_build.soup("index.html")
    teaser = next(p for p in index.find_all(["p", "div"]) if "Ein Teaser mit" in p.get_text())
    assert teaser.find("em") is not None
    assert "<img src=x onerror=alert(1)>" in teaser.get_text()
