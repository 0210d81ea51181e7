"""Real content in (issue 13): posts shaped like the ones a migration brings.

One fixture of real-world shaped posts: Pelican posts with `Translation: true`
and without `Summary:`, Hugo and Jekyll posts with YAML front matter (blank
lines, quoted titles, drafts, lists, unknown keys, CRLF), shortcodes and
Liquid tags, English posts without `Lang:`, German dates, YouTube/Vimeo
embeds, raw HTML with Markdown inside, footnotes, a subfolder of an imported
blog, and an image on another host (served from 127.0.0.1).

The first publish stops with exactly the problems the issue names, each
naming file and fix; the second, after the fixes those messages ask for
(`make localize-images` among them), publishes; the tests then read its HTML
for the damage the issue lists. Plugins: foreign_markdown, summaries,
i18n_extras, strict_content; tools/build.py, tools/localize_images.py.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sitebuild import REPO, Site

HUGO = """\
---
title: "Neue Karte: Der „Meshviewer”"
date: 2015-04-03T10:00:00+02:00
lastmod: 2015-05-01
tags: [freifunk, karte]
categories:
  - Technik
  - Sonstiges

imgname: karte.png
og_image: /img/karte.png
type: blog
---
Die Karte zeigt alle Knoten im Netz. Wir haben sie neu gebaut, und sie ist viel schneller als die alte. \
Sie läuft im Browser und braucht keinen Server mehr, der die Daten aufbereitet, und sie zeigt auch alte Knoten.

## Was neu ist

{{< figure src="/images/karte.png" alt="Die Karte mit allen Knoten" caption="Die neue Karte" >}}

{{< youtube dQw4w9WgXcQ >}}

Mehr dazu im [älteren Beitrag]({{< ref "jekyll-post.md" >}}).

{{< highlight python >}}
print("{{< kein-shortcode >}}")
{{< /highlight >}}

Eine Fußnote[^1].

[^1]: Die Fußnote.
"""

JEKYLL = """\
---
layout: post
title: 'Vom Router zum Knoten'
date: 2014-11-20 18:00:00 +0100
categories: freifunk
tags: [technik]
excerpt: "Wie aus einem Router ein Knoten wird."
---

Erst wird die Firmware geflasht.

{% highlight bash %}
echo "{% not_a_tag %}"
{% endhighlight %}

{% raw %}Liquid: {{ page.title }}{% endraw %}

{% image /images/karte.png "Die Karte" %}

Siehe auch [die Karte]({% post_url 2015-04-03-hugo-post %}).
"""

FIXTURE = {
    # Pelican's own conventions: Translation: true, no Summary:, a subfolder.
    "articles/import-blog/eins.md": (
        "Title: Führung beginnt bei Dir\nDate: 2026-03-05 10:00\nSlug: fuehrung\nLang: de\n\n"
        "## Ein Anfang\n\n"
        "Wer andere führen will, beginnt bei sich selbst. Das klingt einfach, ist es aber nicht. "
        "Denn „sich selbst führen“ heißt z.\u00a0B. auch, die eigenen Muster zu kennen. "
        "Dieser dritte Satz ist schon so lang, dass er mit allen anderen Sätzen zusammen weit mehr "
        "als fünfzig Wörter ergeben würde, und darum gehört er nicht mehr in die Zusammenfassung, "
        "die nur ganze Sätze kennt.\n\nZweiter Absatz.\n"
    ),
    "articles/import-blog/en/one.md": (
        "Title: Leadership begins with you\nDate: 2026-03-05 10:00\nSlug: fuehrung\nLang: en\n"
        'Translation: true\n\nWhoever wants to lead others begins with themselves. "Leading yourself" '
        "means knowing your own patterns.\n"
    ),
    # Hugo, with CRLF line endings (a Windows editor).
    "articles/2015-04-03-hugo-post.md": HUGO.replace("\n", "\r\n"),
    "articles/jekyll-post.md": JEKYLL,
    "articles/entwurf.md": "---\ntitle: Nur ein Entwurf\ndraft: true\n---\nNoch nicht fertig.\n",
    "articles/unveroeffentlicht.md": "---\ntitle: Auch nicht\ndate: 2019-01-01\npublished: false\n---\nText.\n",
    # YAML language: en_US: on the English site, English quotes.
    "articles/english-yaml.md": (
        '---\ntitle: "Notes from London"\ndate: 2016-06-01\nlanguage: en_US\n---\n'
        'We said "trust" and meant it.\n'
    ),
    # German date, day first.
    "articles/datum.md": "Title: Ein deutsches Datum\nDate: 03.04.2015 14:30\n\nText über das Datum.\n",
    # Embeds: link cards; raw HTML with Markdown inside.
    "articles/videos.md": (
        "Title: Videos\nDate: 2016-01-01\nSummary: Zwei Videos.\n\n"
        '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/abc123XYZ" '
        'title="YouTube video player" frameborder="0" allowfullscreen></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" width="640" height="360" '
        'title="Ein Film über Knoten"></iframe>\n\n'
        "https://youtu.be/xyz987\n\n"
        '<div class="hinweis">\n**Wichtig:** das [Handbuch](https://example.org/handbuch) lesen.\n</div>\n'
    ),
    # Each of these stops the first publish, with the fix in the message.
    "articles/english.md": (
        "Title: An English post\nDate: 2020-01-01\n\nThis is a post that is written in English, and "
        "it has all the words that you would expect from the English language: what they are, "
        "which of them we have, and how they would be used.\n"
    ),
    "articles/mehrdeutig.md": "Title: Mehrdeutig\nDate: 04/03/2015\n\nText.\n",
    "articles/galerie.md": '---\ntitle: Galerie\ndate: 2017-01-01\n---\nBilder:\n\n{{< gallery dir="/img/" >}}\n',
    "articles/kaputt.md": "---\ntitle: Kaputt\ndate: 2017-01-01\ntags: [a, b\n---\nText.\n",
    "articles/fremdbild.md": "Title: Fremdes Bild\nDate: 2018-01-01\n\n![Ein Foto vom Treffen]({host}/treffen.jpg)\n",
    "articles/karte-extern.md": (
        "Title: Karte\nDate: 2018-01-02\n\n"
        '<iframe src="https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4"></iframe>\n'
    ),
    "articles/statisch.md": "Title: Statisch\nDate: 2018-01-03\n\n[Die Karte]({filename}/images/karte.png)\n",
}

# (file, words of its message): exactly these problems, nothing else.
EXPECTED = [
    ("content/articles/english.md", ["warning:", "Lang: en"]),
    ("content/articles/mehrdeutig.md", ["error:", "Date: '04/03/2015' is ambiguous", "2015-03-04"]),
    ("content/articles/galerie.md", ["error:", "line 7", '{{< gallery dir="/img/" >}}']),
    ("content/articles/kaputt.md", ["error:", "YAML front matter does not parse", "line 4"]),
    ("content/articles/fremdbild.md", ["error:", "/treffen.jpg", "make localize-images"]),
    (
        "content/articles/karte-extern.md",
        ["error:", "https://www.openstreetmap.org/export/embed.html", "another host"],
    ),
    (
        "content/articles/statisch.md",
        ["error:", "{filename}/images/karte.png", "write {static}/images/karte.png"],
    ),
]

# What the author does about each message.
FIXES = {
    "articles/english.md": lambda text: text.replace(
        "Date: 2020-01-01\n", "Date: 2020-01-01\nLang: en\n"
    ),
    "articles/mehrdeutig.md": lambda text: text.replace("04/03/2015", "2015-03-04"),
    "articles/galerie.md": lambda text: text.replace(
        '{{< gallery dir="/img/" >}}', "Die Bilder folgen."
    ),
    "articles/kaputt.md": lambda text: text.replace("[a, b\n", "[a, b]\n"),
    "articles/karte-extern.md": lambda text: text.replace(
        '<iframe src="https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4"></iframe>',
        "[Karte auf OpenStreetMap](https://www.openstreetmap.org/)",
    ),
    "articles/statisch.md": lambda text: text.replace("{filename}", "{static}"),
}


def jpeg(path: Path, size=(800, 600)) -> None:
    Image.new("RGB", size, (40, 120, 200)).save(path, "JPEG")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def image_host(tmp_path_factory):
    """An HTTP server on 127.0.0.1 with one photo (the "other host")."""
    root = tmp_path_factory.mktemp("host")
    jpeg(root / "treffen.jpg")
    (root / "kaputt.jpg").write_bytes(b"<html>not an image</html>")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def localize(site: Site) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "tools" / "localize_images.py")],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def migration(tmp_path_factory, image_host):
    site = Site(tmp_path_factory.mktemp("foreign") / "site")
    site.require_summary = True  # the site's own defaults
    for path, text in FIXTURE.items():
        site.write(path, text.replace("{host}", image_host))
    (site.root / "content" / "images").mkdir(parents=True)
    Image.new("RGB", (800, 600), (200, 100, 50)).save(
        site.root / "content" / "images" / "karte.png"
    )
    first = site.build()
    for path, fix in FIXES.items():
        file = site.root / "content" / path
        file.write_text(fix(file.read_text("utf-8")), encoding="utf-8")
    localized = localize(site)
    second = site.build()
    return site, first, localized, second


# --- the first publish: exactly the problems the issue names ----------------


def test_first_publish_stops_with_exactly_the_named_problems(migration):
    _site, first, _localized, _second = migration
    assert first.returncode == 1
    lines = first.problems
    unmatched = list(lines)
    for path, words in EXPECTED:
        match = [
            line for line in unmatched if f" {path}: " in line and all(w in line for w in words)
        ]
        assert match, (path, words, first.stderr)
        unmatched.remove(match[0])
    assert not unmatched, first.stderr
    assert "Traceback" not in first.stderr
    assert "output/ not created" in first.stderr


def test_problems_are_counted_by_kind_first(migration):
    first = migration[1]
    head, _, rest = first.stderr.partition("\nerror:")
    assert f"{len(EXPECTED)} problem(s), by kind:" in head
    assert re.search(r"^  1 × .*ambiguous", head, re.M), head


def test_localize_images_copies_the_photo_and_links_the_copy(migration):
    site, _first, localized, _second = migration
    assert localized.returncode == 0, localized.stderr
    copy = site.root / "content" / "images" / "treffen.jpg"
    assert Image.open(copy).size == (800, 600)
    text = (site.root / "content" / "articles" / "fremdbild.md").read_text("utf-8")
    assert "![Ein Foto vom Treffen]({static}/images/treffen.jpg)" in text
    assert "127.0.0.1" not in text


def test_after_the_named_fixes_it_publishes(migration):
    second = migration[3]
    assert second.returncode == 0, second.stderr
    assert not second.problems, second.stderr


# --- no silent damage, read in the built HTML ---------------------------------


@pytest.fixture(scope="module")
def out(migration):
    second = migration[3]
    assert second.returncode == 0, second.stderr
    return second.output


def soup(out: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((out / rel).read_text("utf-8"), "html.parser")


def prose_text(page: BeautifulSoup) -> str:
    return page.select_one(".prose").get_text(" ")


def plain(text: str) -> str:
    """Text with typography's no-break spaces as spaces."""
    return text.replace("\u00a0", " ").strip()


def test_front_matter_with_blank_lines_is_read_not_shown(out):
    page = soup(out, "neue-karte-der-meshviewer/index.html")
    text = page.select_one("article").get_text(" ")
    for leaked in ("imgname", "og_image", "type: blog", "---"):
        assert leaked not in text
    assert page.select_one('time[datetime^="2015-04-03T10:00:00"]') is not None
    assert {a.get_text() for a in page.select('a[rel="tag"]')} == {"freifunk", "karte"}
    assert "Technik" in page.select_one(".article-meta").get_text()


def test_quoted_title_keeps_no_yaml_quotes(out):
    assert (
        soup(out, "neue-karte-der-meshviewer/index.html").h1.get_text()
        == "Neue Karte: Der\u00a0„Meshviewer”"
    )
    assert (
        plain(soup(out, "vom-router-zum-knoten/index.html").h1.get_text())
        == "Vom Router zum Knoten"
    )


def test_drafts_stay_unpublished(out):
    assert not list(out.rglob("nur-ein-entwurf*")) and not list(out.rglob("auch-nicht*"))
    sitemap = (out / "sitemap-de.xml").read_text("utf-8")
    assert "entwurf" not in sitemap and "auch-nicht" not in sitemap
    assert "Nur ein Entwurf" not in (out / "index.html").read_text("utf-8")


def test_folders_are_no_categories(out):
    assert not (out / "kategorie" / "import-blog").exists()
    assert not (out / "kategorie" / "articles").exists()
    meta = soup(out, "fuehrung/index.html").select_one(".article-meta").get_text()
    assert "Allgemein" in meta


def test_translation_true_pairs_the_posts(out):
    en = soup(out, "en/fuehrung/index.html")
    assert en.select_one(".translation-note a")["href"] == "/fuehrung/"
    assert (
        soup(out, "fuehrung/index.html")
        .select_one('link[hreflang="en"]')["href"]
        .endswith("/en/fuehrung/")
    )


def test_summary_from_the_opening(out):
    index = soup(out, "index.html")
    teaser = next(t for t in index.select(".teaser__summary") if "Wer andere" in t.get_text())
    text = teaser.get_text()
    assert text.startswith("Wer andere führen will, beginnt bei sich selbst.")
    assert text.rstrip().endswith("die eigenen Muster zu\u00a0kennen.") or text.rstrip().endswith(
        "Muster zu kennen."
    )
    assert "Ein Anfang" not in text and "dritte Satz" not in text  # no heading, whole sentences
    assert "„sich selbst führen“" in text  # typography applied
    page = soup(out, "fuehrung/index.html")
    assert page.select_one(".lead") is None  # the opening is not shown twice
    assert prose_text(page).count("Wer andere führen will") == 1
    description = page.select_one('meta[name="description"]')["content"]
    assert description.startswith("Wer andere führen will") and "Ein Anfang" not in description


def test_yaml_description_and_excerpt_are_summaries(out):
    page = soup(out, "vom-router-zum-knoten/index.html")
    assert plain(page.select_one(".lead").get_text()) == "Wie aus einem Router ein Knoten wird."


def test_english_posts_get_english_quotes(out):
    page = soup(out, "en/notes-from-london/index.html")
    assert "“trust”" in prose_text(page) and "„" not in prose_text(page)
    assert not (out / "notes-from-london").exists()
    english = soup(out, "en/an-english-post/index.html")
    assert "„" not in prose_text(english)


def test_german_date_is_day_first(out):
    page = soup(out, "ein-deutsches-datum/index.html")
    assert page.select_one('time[datetime^="2015-04-03T14:30"]') is not None


def test_shortcodes_and_liquid_tags_converted(out):
    hugo = soup(out, "neue-karte-der-meshviewer/index.html")
    prose = hugo.select_one(".prose")
    outside_code = "".join(t for t in prose.find_all(string=True) if not t.find_parent("pre"))
    assert "{{" not in outside_code and "{%" not in outside_code
    assert prose.select_one("figure figcaption").get_text() == "Die neue Karte"
    assert prose.select_one("figure img")["alt"] == "Die Karte mit allen Knoten"
    assert prose.select_one('a[href="/vom-router-zum-knoten/"]') is not None
    code = prose.select_one("pre code").get_text()
    assert 'print("{{< kein-shortcode >}}")' in code  # code stays as written
    jekyll = soup(out, "vom-router-zum-knoten/index.html").select_one(".prose")
    assert 'echo "{% not_a_tag %}"' in jekyll.select_one("pre code").get_text()
    assert "Liquid: {{ page.title }}" in plain(jekyll.get_text())
    assert jekyll.select_one("img")["alt"] == "Die Karte"
    assert jekyll.select_one('a[href="/neue-karte-der-meshviewer/"]') is not None


def test_video_embeds_become_link_cards(out):
    for rel in ("videos/index.html", "neue-karte-der-meshviewer/index.html"):
        html = (out / rel).read_text("utf-8")
        assert (
            "<iframe" not in html
            and "youtube-nocookie" not in html
            and "player.vimeo.com" not in html
        )
    videos = soup(out, "videos/index.html").select_one(".prose")
    links = {a["href"]: a.get_text(" ") for a in videos.select("a.video-card")}
    assert (
        links["https://www.youtube.com/watch?v=abc123XYZ"].replace("\u00a0", " ")
        == "Video auf YouTube ansehen"
    )
    assert "Ein Film über Knoten" in links["https://vimeo.com/76979871"]
    assert "https://www.youtube.com/watch?v=xyz987" in links


def test_markdown_inside_raw_html_is_rendered(out):
    box = soup(out, "videos/index.html").select_one(".prose .hinweis")
    assert box.select_one("strong").get_text() == "Wichtig:"
    assert box.select_one('a[href="https://example.org/handbuch"]') is not None
    assert "**" not in box.get_text()


def test_footnote_back_links_in_german(out):
    backref = soup(out, "neue-karte-der-meshviewer/index.html").select_one("a.footnote-backref")
    assert backref["title"] == "Zurück zur Fußnote 1 im Text"


def test_no_external_resource_in_any_page(out):
    for page in out.rglob("*.html"):
        html = page.read_text("utf-8")
        for m in re.finditer(
            r"<(?:img|iframe|script|source)\b[^>]*\b(?:src|srcset)=\"([^\"]+)\"", html
        ):
            assert not m.group(1).startswith(("http:", "https:", "//")), (page, m.group(0))


# --- make localize-images: a failed download changes nothing ------------------


def test_localize_images_failure_names_file_and_url_and_changes_nothing(site, image_host):
    good = f"Title: A\nDate: 2020-01-01\n\n![Foto]({image_host}/treffen.jpg)\n"
    bad = f'Title: B\nDate: 2020-01-01\n\n<img src="{image_host}/fehlt.jpg" alt="Fehlt">\n\n![X]({image_host}/kaputt.jpg)\n'
    code = f"Title: C\nDate: 2020-01-01\n\n```\n![Im Code]({image_host}/treffen.jpg)\n```\n"
    site.write("articles/a.md", good)
    site.write("articles/b.md", bad)
    site.write("articles/c.md", code)
    result = localize(site)
    assert result.returncode == 1
    assert f"content/articles/b.md: {image_host}/fehlt.jpg" in result.stderr
    assert (
        f"content/articles/b.md: {image_host}/kaputt.jpg" in result.stderr
        and "no image" in result.stderr
    )
    assert (site.root / "content" / "articles" / "a.md").read_text("utf-8") == good
    assert (site.root / "content" / "articles" / "b.md").read_text("utf-8") == bad
    assert not (site.root / "content" / "images").exists() or not list(
        (site.root / "content" / "images").iterdir()
    )


def test_localize_images_old_domain_links_the_own_file(site, image_host):
    site.write("images/alt/logo.png", b"")
    Image.new("RGB", (10, 10)).save(site.root / "content" / "images" / "alt" / "logo.png")
    site.write(
        "articles/a.md",
        "Title: A\nDate: 2020-01-01\n\n![Logo](https://alter-blog.de/images/alt/logo.png)\n"
        "```\n![Im Code](https://alter-blog.de/images/alt/logo.png)\n```\n",
    )
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "localize_images.py"),
            "--old-domain",
            "alter-blog.de",
        ],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    text = (site.root / "content" / "articles" / "a.md").read_text("utf-8")
    assert "![Logo]({static}/images/alt/logo.png)" in text
    assert "![Im Code](https://alter-blog.de/images/alt/logo.png)" in text  # code untouched
