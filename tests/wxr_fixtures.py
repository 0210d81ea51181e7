"""WordPress exports (WXR) of our own making for tests/test_wp_import.py.

`wxr(items, version=…)` writes the channel WordPress writes around the
items; `item(…)` one post, page or attachment with WordPress' fields. The
German site below has what a coach's WordPress blog has: classic and
block-editor posts, gender stars and „quotes“, shortcodes, drafts, a
scheduled post, pages, attachments, umlauts in categories, tags and
addresses.
"""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape

# A real 4x3 JPEG for the fake uploads: the build reads every image it publishes.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkz"
    "ODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAADAAQDASIA"
    "AhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQA"
    "AAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3"
    "ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWm"
    "p6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEA"
    "AwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSEx"
    "BhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElK"
    "U1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3"
    "uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCSiiiv"
    "GPWP/9k="
)


def upload_bytes(rel: str) -> bytes:
    """What an upload holds: an image for image names, else a few bytes."""
    return JPEG if rel.lower().endswith((".jpg", ".jpeg")) else f"file {rel}".encode()


OLD = "https://alt.example.de"
UP = f"{OLD}/wp-content/uploads"


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def item(
    post_id,
    title,
    *,
    type="post",
    status="publish",
    name="",
    date="2019-05-03 10:15:00",
    content="",
    excerpt="",
    link=None,
    categories=(),
    tags=(),
    creator="anja",
    comments=(),
    meta=None,
    parent="0",
    attachment_url="",
    modified=None,
) -> str:
    link = link if link is not None else f"{OLD}/?p={post_id}"
    terms = "".join(
        f'<category domain="category" nicename="{escape(slug)}">{cdata(label)}</category>'
        for slug, label in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{escape(slug)}">{cdata(label)}</category>'
        for slug, label in tags
    )
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{escape(k)}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    comment_xml = "".join(
        f"<wp:comment><wp:comment_id>{i + 1}</wp:comment_id><wp:comment_author>{cdata('Leser*in')}</wp:comment_author>"
        f"<wp:comment_content>{cdata('Danke!')}</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved></wp:comment>"
        for i, approved in enumerate(comments)
    )
    gmt = "0000-00-00 00:00:00" if status == "draft" else date
    return f"""
    <item>
      <title>{escape(title)}</title>
      <link>{escape(link)}</link>
      <pubDate>Fri, 03 May 2019 08:15:00 +0000</pubDate>
      <dc:creator>{cdata(creator)}</dc:creator>
      <guid isPermaLink="false">{OLD}/?p={post_id}</guid>
      <description></description>
      <content:encoded>{cdata(content)}</content:encoded>
      <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date>{cdata(date)}</wp:post_date>
      <wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>
      {f"<wp:post_modified>{cdata(modified)}</wp:post_modified>" if modified else ""}
      <wp:comment_status>open</wp:comment_status>
      <wp:ping_status>open</wp:ping_status>
      <wp:post_name>{cdata(name)}</wp:post_name>
      <wp:status>{cdata(status)}</wp:status>
      <wp:post_parent>{parent}</wp:post_parent>
      <wp:menu_order>0</wp:menu_order>
      <wp:post_type>{cdata(type)}</wp:post_type>
      <wp:post_password></wp:post_password>
      <wp:is_sticky>0</wp:is_sticky>
      {f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>" if attachment_url else ""}
      {terms}{metas}{comment_xml}
    </item>"""


def wxr(
    items: list[str],
    version: str = "1.2",
    language: str = "de-DE",
    terms: str = "",
    authors=("anja",),
) -> str:
    ns = f"http://wordpress.org/export/{version}/"
    author_xml = "".join(
        f"<wp:author><wp:author_id>{i + 1}</wp:author_id><wp:author_login>{cdata(a)}</wp:author_login>"
        f"<wp:author_display_name>{cdata(a.capitalize())}</wp:author_display_name></wp:author>"
        for i, a in enumerate(authors)
    )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.4" created="2026-11-20 10:00" -->
<rss version="2.0"
  xmlns:excerpt="{ns}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{ns}">
<channel>
  <title>Alter Blog</title>
  <link>{OLD}</link>
  <description>Führung und Beziehung</description>
  <language>{language}</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{OLD}</wp:base_site_url>
  <wp:base_blog_url>{OLD}</wp:base_blog_url>
  {author_xml}
  {terms}
  {"".join(items)}
</channel>
</rss>
"""


TERMS = """
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>allgemein</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Allgemein]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>f%c3%bchrung</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Führung]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>teams</wp:category_nicename><wp:category_parent>f%c3%bchrung</wp:category_parent><wp:cat_name><![CDATA[Teams & Gruppen]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>7</wp:term_id><wp:tag_slug>gr%c3%b6%c3%9fe</wp:tag_slug><wp:tag_name><![CDATA[Größe]]></wp:tag_name></wp:tag>
  <wp:tag><wp:term_id>8</wp:term_id><wp:tag_slug>zusammenarbeit</wp:tag_slug><wp:tag_name><![CDATA[Zusammenarbeit]]></wp:tag_name></wp:tag>
"""

FUEHRUNG = ("f%c3%bchrung", "Führung")
TEAMS = ("teams", "Teams &amp; Gruppen")
ALLGEMEIN = ("allgemein", "Allgemein")
GROESSE = ("gr%c3%b6%c3%9fe", "Größe")
ZUSAMMEN = ("zusammenarbeit", "Zusammenarbeit")

CLASSIC = f"""Die "Kund*innen" und Partner*innen wissen es: „Resonanz statt Reichweite“ ist kein Slogan.
Eine zweite Zeile im selben Absatz.

Ein Zitat in Entitäten: &#8222;Wirksamkeit&#8220; und 30&nbsp;% mehr Zeit. Größe &amp; Wirkung, jede*r zählt.

[caption id="attachment_201" align="aligncenter" width="300"]<a href="{UP}/2019/05/team.jpg"><img class="size-medium wp-image-201" src="{UP}/2019/05/team-300x200.jpg" alt="Ein Team am Tisch" width="300" height="200" /></a> Das "Team" im Gespräch[/caption]

[gallery ids="201,202"]

https://www.youtube.com/watch?v=dQw4w9WgXcQ

<h2>Was bleibt?</h2>
<ul>
<li>Beziehung</li>
<li>Vertrauen</li>
</ul>
Mehr im <a href="{OLD}/%c3%bcber-uns/">Porträt</a> und <a href="{UP}/2019/05/leitfaden.pdf">Leitfaden (PDF)</a>."""

BLOCKS = f"""<!-- wp:paragraph -->
<p>Ein Text mit <em>Betonung</em>, „Anführungszeichen“ und Mitarbeiter*innen.</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>Liebe Kund<em>innen</em>: betont wie auf WordPress.</p>
<!-- /wp:paragraph -->

<!-- wp:image {{"id":202,"sizeSlug":"large"}} -->
<figure class="wp-block-image size-large"><img src="{UP}/2019/06/ausblick-1024x683.jpg" alt="Blick über den See" class="wp-image-202"/><figcaption>Der "Ausblick" am Morgen</figcaption></figure>
<!-- /wp:image -->

<!-- wp:embed {{"url":"https://vimeo.com/123456","type":"video","providerNameSlug":"vimeo"}} -->
<figure class="wp-block-embed is-type-video is-provider-vimeo"><div class="wp-block-embed__wrapper">
https://vimeo.com/123456
</div></figure>
<!-- /wp:embed -->

<!-- wp:paragraph -->
<p>Zurück zum <a href="{OLD}/2019/05/f%c3%bchrung-im-team/">ersten Beitrag</a> oder zu <a href="{OLD}/?p=101">Beitrag 101</a>.</p>
<!-- /wp:paragraph -->"""


def german_site(version: str = "1.2") -> str:
    items = [
        item(
            101,
            "Führung im Team",
            name="f%c3%bchrung-im-team",
            link=f"{OLD}/2019/05/f%c3%bchrung-im-team/",
            content=CLASSIC,
            excerpt='Warum <em>Resonanz</em> zählt: ein Beitrag für "Kund*innen".',
            categories=[FUEHRUNG],
            tags=[GROESSE, ZUSAMMEN],
            comments=("1", "1", "spam"),
            meta={"_thumbnail_id": "201"},
            modified="2019-06-01 08:00:00",
        ),
        item(
            102,
            "Ausblick & Weitblick",
            name="ausblick",
            link=f"{OLD}/2019/06/ausblick/",
            date="2019-06-10 09:00:00",
            content=BLOCKS,
            categories=[ALLGEMEIN],
            tags=[ZUSAMMEN],
            creator="anja",
        ),
        item(
            103,
            "Ein Entwurf",
            status="draft",
            name="",
            content="<p>Noch nicht fertig.</p>",
            categories=[FUEHRUNG],
        ),
        item(104, "Wartet auf Freigabe", status="pending", name="wartet", content="Text"),
        item(
            105,
            "Nur für mich",
            status="private",
            name="privat",
            link=f"{OLD}/2019/05/privat/",
            content="Text",
        ),
        item(
            106,
            "Kommt noch",
            status="future",
            name="kommt-noch",
            date="2099-01-01 09:00:00",
            link=f"{OLD}/2099/01/kommt-noch/",
            content="Text aus der Zukunft.",
        ),
        item(107, "Papierkorb", status="trash", name="papierkorb", content="weg"),
        item(
            108,
            "Führung im Team",
            type="revision",
            status="inherit",
            name="101-revision-v1",
            content="alt",
        ),
        item(
            109,
            "Teamarbeit",
            name="teamarbeit",
            link=f"{OLD}/2019/07/teamarbeit/",
            date="2019-07-01 12:00:00",
            content="<p>Teams im Alltag.</p>",
            categories=[TEAMS],
        ),
        item(
            110,
            "Über uns",
            type="page",
            name="%c3%bcber-uns",
            link=f"{OLD}/%c3%bcber-uns/",
            content="<!-- wp:paragraph --><p>Wir begleiten Führungskräfte.</p><!-- /wp:paragraph -->",
        ),
        item(
            201,
            "team",
            type="attachment",
            status="inherit",
            parent="101",
            name="team",
            attachment_url=f"{UP}/2019/05/team.jpg",
            meta={"_wp_attachment_image_alt": "Ein Team am Tisch"},
            excerpt="Das Team",
        ),
        item(
            202,
            "ausblick",
            type="attachment",
            status="inherit",
            parent="102",
            name="ausblick",
            attachment_url=f"{UP}/2019/06/ausblick.jpg",
            meta={"_wp_attachment_image_alt": "Blick über den See"},
        ),
    ]
    return wxr(items, version=version, terms=TERMS)


def classic_site_11() -> str:
    """WXR 1.1 (WordPress 3.x), classic editor only."""
    items = [
        item(
            5,
            "Hallo Welt",
            name="hallo-welt",
            link=f"{OLD}/hallo-welt/",
            date="2012-03-04 10:00:00",
            content='Der erste Beitrag. "Willkommen", liebe Leser*innen!\n\nZweiter Absatz mit <strong>fett</strong>.',
            categories=[("uncategorized", "Uncategorized")],
            tags=[("gr%c3%bc%c3%9fe", "Grüße")],
        ),
        item(
            6,
            "Impressionen",
            type="page",
            name="impressionen",
            link=f"{OLD}/?page_id=6",
            date="2012-03-05 10:00:00",
            content="Seite ohne schöne Adresse.",
        ),
    ]
    return wxr(items, version="1.1", terms="")
