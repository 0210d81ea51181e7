"""A WordPress post's body as this blog's Markdown.

WordPress stores what the author typed, not what readers saw: classic posts
have no <p> (wpautop adds them when the page is shown), shortcodes are
expanded at display time, and wptexturize curls the quotes. So the body goes
through the same stages here: shortcodes first (into placeholder elements),
then paragraphs for classic posts, then HTML -> Markdown. The quotes are left
straight: german_typography curls them at build time as wptexturize did, and
curly quotes the author typed stay as they are.

HTML -> Markdown with markdownify (MIT), not html2text (GPL-3.0, and its
output options are global switches) or pandoc (a 100 MB binary beside a
Python project, and its Markdown flavour is not Python-Markdown's): it is a
small pure-Python package on BeautifulSoup, and each element's conversion is
a method we can override - which the figures, images, embeds and gender stars
below need.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import ATX, MarkdownConverter

# --- shortcodes ----------------------------------------------------------------

# [caption], [gallery], [embed], [video] and [audio] become content
# (expand_shortcodes); any other one is kept as a marker that stops
# `make publish` (plugins/wp_shortcodes), so none is ever shown as text.
# Bracketed words that are text, not shortcodes: "[sic]", "[…]".
NOT_SHORTCODES = {"sic", "sic!", "...", "…"}
# The syntax of WordPress' get_shortcode_regex() for any name: [[escaped]],
# [name atts], [name atts /], [name atts]content[/name].
SHORTCODE = re.compile(
    r"\[(\[?)([a-z][a-z0-9_-]*)(?![\w-])"  # opening [ and the name
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # attributes
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"  # self-closing, or content and closing tag
    r"(\]?)"
)
# WordPress' shortcode_parse_atts().
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)

# --- wpautop -------------------------------------------------------------------

BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    "footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|script|wp-embed"
)
BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.I)
BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.I)
STARTS_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})[\s/>]", re.I)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.I | re.S)

# --- videos: a link, never an embed (no request to the video host) ---------------

VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "www.youtube-nocookie.com": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
}
CARD_TEXT = {
    "de": ("Video auf {host} ansehen", "Inhalt auf {host} ansehen"),
    "en": ("Watch the video on {host}", "View it on {host}"),
}
BARE_URL = re.compile(r"^\s*(https?://\S+)\s*$")

# WordPress' resized copies of an upload: bild-300x200.jpg, bild-scaled.jpg.
RESIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
UPLOADS_MARK = "/wp-content/uploads/"

# Literal in German text: the gender star between a letter and a lowercase
# letter (Kund*innen), which german_typography keeps literal too.
# convert_figcaption -> convert_figure: the caption between two marks.
CAPTION_START, CAPTION_END = "\x01", "\x02"
CAPTION = re.compile("\x01(.*?)\x02", re.S)

GENDER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[a-zäöüß])")


@dataclass
class Stats:
    """What converting one body did, for the report."""

    images: list[str] = field(default_factory=list)  # upload paths, originals
    missing_alt: list[str] = field(default_factory=list)
    external_images: list[str] = field(default_factory=list)
    converted: Counter = field(default_factory=Counter)  # shortcode/embed -> count
    left: Counter = field(default_factory=Counter)  # unknown shortcode -> count


@dataclass
class Context:
    """What a body needs to know about the rest of the export."""

    lang: str
    own_hosts: set[str]
    attachments: dict[str, object]  # WordPress ID -> wxr.Item
    children: dict[str, list]  # post ID -> its attachments, for [gallery] without ids
    link_to_content: Callable[[str], str | None]  # old URL -> "{filename}/…" or None


def upload_path(url: str, own_hosts: set[str]) -> str | None:
    """The path below wp-content/uploads/ of an own upload URL (the original,
    not a resized copy), or None."""
    parts = urlsplit(html.unescape(url.strip()))
    if parts.netloc and parts.netloc.lower() not in own_hosts:
        return None
    index = parts.path.find(UPLOADS_MARK)
    if index < 0:
        return None
    rel = unquote(parts.path[index + len(UPLOADS_MARK) :])
    # The path names a file we copy and write: never one outside the folders.
    if not rel or rel.startswith("/") or "\\" in rel or "\x00" in rel or ".." in rel.split("/"):
        return None
    return RESIZED.sub("", rel)


def video_card(url: str, lang: str) -> str:
    """A paragraph linking the video (or other embedded page) on its host."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    video, other = CARD_TEXT.get(lang, CARD_TEXT["en"])
    name = VIDEO_HOSTS.get(host)
    if name == "YouTube":
        video_id = parse_qs(parts.query).get("v", [""])[0]
        path = parts.path.strip("/").split("/")
        if not video_id and path and path[0] in ("embed", "shorts", "live", "v") and len(path) > 1:
            video_id = path[1]
        elif not video_id and host == "youtu.be":
            video_id = path[0]
        if video_id:
            url = f"https://www.youtube.com/watch?v={video_id}"
    elif name == "Vimeo":
        numbers = [p for p in parts.path.split("/") if p.isdigit()]
        if numbers:
            url = f"https://vimeo.com/{numbers[0]}"
    text = video.format(host=name) if name else other.format(host=host.removeprefix("www."))
    return f"[{text}]({url})"


def is_video_url(url: str) -> bool:
    return urlsplit(url.strip()).netloc.lower() in VIDEO_HOSTS


def parse_attributes(text: str) -> dict[str, str]:
    atts = {}
    for m in ATTRIBUTE.finditer(html.unescape(text).replace("\u00a0", " ")):
        if m.group(1):
            atts[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            atts[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            atts[m.group(5).lower()] = m.group(6)
    return atts


# --- stage 1: shortcodes -> placeholder HTML --------------------------------------


def _attachment_img(item, ctx: Context) -> str:
    alt = item.meta.get("_wp_attachment_image_alt", "")
    caption = item.excerpt.strip()
    img = f'<img src="{html.escape(item.attachment_url)}" alt="{html.escape(alt)}">'
    if caption:
        return f"<figure>{img}<figcaption>{caption}</figcaption></figure>"
    return f"<figure>{img}</figure>"


def expand_shortcodes(text: str, post_id: str, ctx: Context, stats: Stats) -> str:
    def replace(m: re.Match) -> str:
        if m.group(1) == "[" and m.group(6) == "]":
            return m.group(0)[1:-1]  # [[name]] is WordPress' way to write [name]
        name, atts_text, content = m.group(2), m.group(3), m.group(5) or ""
        whole = m.group(0)
        if m.group(6):
            whole = whole[:-1]
        if name in NOT_SHORTCODES or (
            len(name) == 1 and not atts_text.strip() and m.group(5) is None
        ):
            return m.group(0)  # text in brackets ("[x] erledigt"), not a plugin's shortcode
        atts = parse_attributes(atts_text)
        if name in ("caption", "wp_caption"):
            stats.converted["caption"] += 1
            caption = atts.get("caption", "")
            soup = BeautifulSoup(content, "html.parser")
            media = soup.find(["a", "img"])
            if media is not None:
                media.extract()
                if media.name == "a" and not caption and media.find("img") is not None:
                    # An <a> left open swallows the caption text: take it back out.
                    caption = media.get_text(" ", strip=True)
                    for string in list(media.find_all(string=True)):
                        string.extract()
            caption = caption or soup.decode().strip()
            return f"<figure>{media or ''}<figcaption>{caption}</figcaption></figure>"
        if name == "gallery":
            stats.converted["gallery"] += 1
            ids = [
                i.strip()
                for i in (atts.get("ids") or atts.get("include") or "").split(",")
                if i.strip()
            ]
            items = [ctx.attachments[i] for i in ids if i in ctx.attachments]
            if not ids:
                items = ctx.children.get(post_id, [])
            return (
                '<div class="wp-gallery">'
                + "".join(_attachment_img(i, ctx) for i in items)
                + "</div>"
            )
        if name in ("embed", "video", "audio"):
            url = (
                content.strip()
                or atts.get("src")
                or next(
                    (
                        atts[k]
                        for k in ("mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "m4a")
                        if k in atts
                    ),
                    "",
                )
            )
            if url:
                stats.converted[name] += 1
                return f'<wp-embed data-url="{html.escape(url)}"></wp-embed>'
        stats.left[name] += 1
        return f"<wp-shortcode>{html.escape(whole)}</wp-shortcode>"

    return SHORTCODE.sub(replace, text)


# --- stage 2: paragraphs for classic posts --------------------------------------


def autop(text: str) -> str:
    """WordPress' wpautop, the part that matters for Markdown: blank lines
    separate paragraphs, a single newline inside one is a line break, block
    elements are never wrapped in <p>, <pre> is left alone."""
    kept: list[str] = []

    def keep(m: re.Match) -> str:
        kept.append(m.group(0))
        return f"\n\n<pre>\x00{len(kept) - 1}\x00</pre>\n\n"

    text = PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = BLOCK_OPEN.sub(r"\n\n\1", text)
    text = BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_BLOCK.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    text = "\n\n".join(chunks)
    return re.sub(r"<pre>\x00(\d+)\x00</pre>", lambda m: kept[int(m.group(1))], text)


# --- stage 3: HTML -> Markdown ----------------------------------------------------


class WordPressConverter(MarkdownConverter):
    """markdownify with this blog's Markdown: German figures, images in
    static/images, link cards instead of embeds, literal gender stars."""

    def __init__(self, ctx: Context, stats: Stats, **options):
        super().__init__(
            heading_style=ATX,
            bullets="-",
            escape_asterisks=False,
            escape_underscores=False,
            keep_inline_images_in=["a", "p", "figure", "td", "th", "li", "div"],
            **options,
        )
        self.ctx = ctx
        self.stats = stats

    # Text: escape what Python-Markdown would read as markup, and no more.
    def escape(self, text: str, parent_tags) -> str:
        if not text:
            return ""
        text = text.replace("\\", "\\\\").replace("`", "\\`")
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)  # "&nbsp;" written as text stays text
        text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
        # Stars: literal in a gender form (Kund*innen), escaped anywhere else.
        text = GENDER_STAR.sub("\x00", text).replace("*", "\\*").replace("\x00", "*")
        # Underscores only at a word's edge can start emphasis.
        text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)
        text = re.sub(r"\[([^\]]*)\](?=[(\[:])", r"\\[\1\\]", text)
        # At a line's start: headings, quotes, lists, "1. Oktober" as a list.
        text = re.sub(r"(^|\n)(\s*)(#{1,6}(?=\s)|>|[-+](?=\s)|=+\s*$)", r"\1\2\\\3", text)
        text = re.sub(r"(^|\n)(\s*\d+)([.)])(?=\s)", r"\1\2\\\3", text)
        # A no-break space the author set stays visible in the Markdown.
        return text.replace("\u00a0", "&nbsp;")

    def _image(self, el: Tag) -> str:
        src = el.get("src", "")
        alt = " ".join(el.get("alt", "").split())
        if not alt:
            # The media library's alt text, if the post's copy of it is empty.
            ids = [c[len("wp-image-") :] for c in el.get("class", []) if c.startswith("wp-image-")]
            attachment = self.ctx.attachments.get(ids[0]) if ids else None
            if attachment is not None:
                alt = " ".join(attachment.meta.get("_wp_attachment_image_alt", "").split())
        rel = upload_path(src, self.ctx.own_hosts)
        if rel:
            self.stats.images.append(rel)
            src = "{static}/images/" + rel
        elif src:
            self.stats.external_images.append(src)
        if not alt:
            self.stats.missing_alt.append(src)
        alt = alt.replace("[", "\\[").replace("]", "\\]")
        return f"![{alt}]({src.replace(' ', '%20').replace(')', '%29')})"

    # Emphasis inside a word (Kund<em>innen</em>): Markdown's stars would be
    # read as a gender star there, so it stays inline HTML. As <i>, which
    # looks the same: strict_content's lint stops the publish on an <em>
    # right after a letter, whoever wrote it.
    def _emphasis(self, el, text, parent_tags, tag, convert):
        before, after = el.previous_sibling, el.next_sibling
        inside = (isinstance(before, NavigableString) and re.search(r"\w$", str(before))) or (
            isinstance(after, NavigableString) and re.match(r"\w", str(after))
        )
        if inside and text.strip():
            return f"<{tag}>{text}</{tag}>"
        return convert(el, text, parent_tags)

    def convert_em(self, el, text, parent_tags):
        return self._emphasis(el, text, parent_tags, "i", super().convert_em)

    def convert_i(self, el, text, parent_tags):
        return self._emphasis(el, text, parent_tags, "i", super().convert_i)

    def convert_strong(self, el, text, parent_tags):
        return self._emphasis(el, text, parent_tags, "strong", super().convert_strong)

    def convert_b(self, el, text, parent_tags):
        return self._emphasis(el, text, parent_tags, "strong", super().convert_b)

    def convert_img(self, el, text, parent_tags):
        return self._image(el)

    def convert_a(self, el, text, parent_tags):
        href = el.get("href", "")
        img = el.find("img")
        if img is not None:
            target = upload_path(href, self.ctx.own_hosts)
            same = target and target == upload_path(img.get("src", ""), self.ctx.own_hosts)
            # A link from an image to its own file or attachment page adds nothing.
            if same or "attachment_id=" in href or not href or el.get("rel") == ["attachment"]:
                return text
        rel = upload_path(href, self.ctx.own_hosts) if href else None
        if rel:
            self.stats.images.append(rel)
            el["href"] = "{static}/images/" + rel
        elif href:
            content = self.ctx.link_to_content(html.unescape(href))
            if content:
                el["href"] = content
        el.attrs.pop("title", None)
        return super().convert_a(el, text, parent_tags)

    def convert_figure(self, el, text, parent_tags):
        classes = el.get("class", [])
        if "wp-block-embed" in classes:
            url = el.get_text(" ", strip=True).split(" ")[0]
            if url:
                self.stats.converted["embed"] += 1
                return "\n\n" + video_card(url, self.ctx.lang) + "\n\n"
        # The caption comes back from convert_figcaption between two marks.
        m = CAPTION.search(text)
        caption = m.group(1).strip() if m else ""
        rest = CAPTION.sub("", text).strip()
        if caption and len(el.find_all("img")) == 1:
            return f'\n\n<figure markdown="span">\n{rest}\n<figcaption markdown="span">{caption}</figcaption>\n</figure>\n\n'
        return "\n\n" + "\n\n".join(part for part in (rest, caption) if part) + "\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        return CAPTION_START + " ".join(text.split()) + CAPTION_END

    def convert_iframe(self, el, text, parent_tags):
        src = el.get("src", "")
        if not src:
            return ""
        self.stats.converted["iframe"] += 1
        return (
            "\n\n"
            + video_card(src if "//" not in src[:2] else "https:" + src, self.ctx.lang)
            + "\n\n"
        )

    def convert_wp_embed(self, el, text, parent_tags):
        url = el.get("data-url", "")
        rel = upload_path(url, self.ctx.own_hosts)
        if rel:
            self.stats.images.append(rel)
            label = "Datei ansehen" if self.ctx.lang == "de" else "Open the file"
            return f"\n\n[{label} ({rel.rsplit('/', 1)[-1]})]({{static}}/images/{rel})\n\n"
        return "\n\n" + video_card(url, self.ctx.lang) + "\n\n"

    def convert_wp_shortcode(self, el, text, parent_tags):
        # An HTML comment: invisible if a lenient build lets it through;
        # plugins/wp_shortcodes stops the strict one, naming it.
        raw = el.get_text().replace("--", "- -")
        marker = f"<!-- wp-shortcode: {raw} -->"
        # In a paragraph it stays where it was; between blocks it is one.
        return (
            f"\n\n{marker}\n\n"
            if el.parent is None or el.parent.name in ("[document]", "div", "figure")
            else marker
        )

    def convert_p(self, el, text, parent_tags):
        # A bare video address alone in a paragraph: WordPress' auto-embed.
        if len(el.contents) == 1 and isinstance(el.contents[0], NavigableString):
            m = BARE_URL.match(str(el.contents[0]))
            if m and is_video_url(m.group(1)):
                self.stats.converted["embed"] += 1
                return "\n\n" + video_card(m.group(1), self.ctx.lang) + "\n\n"
        if (
            not text.replace("&nbsp;", "").strip()
            and el.find(["img", "iframe", "wp-embed", "wp-shortcode"]) is None
        ):
            return ""  # <p>&nbsp;</p>: the editor's spacer, no paragraph
        return super().convert_p(el, text, parent_tags)


def to_markdown(content: str, post_id: str, ctx: Context) -> tuple[str, Stats]:
    stats = Stats()
    text = expand_shortcodes(content, post_id, ctx, stats)
    if "<!-- wp:" not in text:
        text = autop(text)
    soup = BeautifulSoup(text, "html.parser")
    markdown = WordPressConverter(ctx, stats).convert_soup(soup)
    markdown = re.sub(
        r"[ \t]+\n(?!\n)", lambda m: m.group(0) if m.group(0).startswith("  ") else "\n", markdown
    )
    markdown = markdown.replace(CAPTION_START, "").replace(CAPTION_END, "")
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return markdown, stats


def plain_text(fragment: str) -> str:
    """An excerpt or title as one line of text (Summary: and Title: are read
    as Markdown and text by the build)."""
    text = BeautifulSoup(fragment, "html.parser").get_text(" ")
    return " ".join(text.split())
