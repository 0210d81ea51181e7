"""Hugo shortcodes and Liquid tags (Jekyll, Eleventy) in a post's Markdown.

Pelican shows `{{< figure src="a.jpg" >}}` and `{% image a.jpg %}` as text
(with their quotes curled). The common ones are converted to Markdown before
Python-Markdown parses the text:

==================================  ==========================================
`figure` (Hugo)                     `![alt](src "caption")` (images plugin: a
                                    <figure> with <figcaption>)
`image`, `img` (Liquid)             `![alt](src "title")`
`youtube`, `vimeo`                  a link card, no embed (see video_card)
`highlight` … `/highlight`,         a fenced code block with the language
`highlight` … `endhighlight`
`ref`, `relref`, `post_url`, `link` `{filename}` link to the post's file
`raw`/`endraw`, `comment`           markers dropped / comment dropped
==================================  ==========================================

Any other tag stops the publish with the file, the line and the tag: what it
did (a gallery, a form, a site variable) cannot be guessed.

Code is left alone: fenced blocks, indented blocks and `inline code`.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qs, urlsplit

from .front_matter import FrontMatterError

# {{< name args >}}, {{% name args %}} (Hugo), {% name args %} (Liquid) and
# {{ variable | filter }} (Liquid output). Group "close": "/" of a Hugo end tag.
TAG = re.compile(
    r"\{\{<\s*(?P<hclose>/)?\s*(?P<hname>[\w.-]+)(?P<hargs>.*?)\s*/?>\}\}"
    r"|\{\{%\s*(?P<pclose>/)?\s*(?P<pname>[\w.-]+)(?P<pargs>.*?)\s*/?%\}\}"
    r"|\{%-?\s*(?P<lname>[\w.-]+)(?P<largs>.*?)-?%\}"
    r"|\{\{-?\s*(?P<var>[\w.]+(?:\s*\|[^{}]*)?)\s*-?\}\}"
)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Left as written: `code` and Liquid's {% raw %}…{% endraw %} (markers dropped).
PROTECTED = re.compile(r"(`+).+?\1|\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}")
ARG = re.compile(r"""(?:(\w+)=)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|“([^”]*)”|(\S+))""")

VIDEO_TEXT = {
    "de": ("Video auf {host} ansehen", "{title} (Video auf {host})"),
    "en": ("Watch the video on {host}", "{title} (video on {host})"),
}
VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "www.youtube-nocookie.com": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
}


def video_url(url: str) -> tuple[str, str] | None:
    """(host name, watch URL) of a YouTube or Vimeo address (watch, embed,
    short link), or None."""
    parts = urlsplit(url if "//" in url[:8] else "https:" + url if url.startswith("//") else url)
    host = VIDEO_HOSTS.get(parts.netloc.lower())
    path = [p for p in parts.path.split("/") if p]
    if host == "YouTube":
        video = parse_qs(parts.query).get("v", [""])[0]
        if not video and len(path) > 1 and path[0] in ("embed", "shorts", "live", "v"):
            video = path[1]
        elif not video and parts.netloc.lower() == "youtu.be" and path:
            video = path[0]
        return (host, f"https://www.youtube.com/watch?v={video}") if video else None
    if host == "Vimeo":
        numbers = [p for p in path if p.isdigit()]
        return (host, f"https://vimeo.com/{numbers[0]}") if numbers else None
    return None


def video_card(host: str, url: str, lang: str, title: str = "") -> str:
    """A paragraph linking the video on its host: no request to the host
    before the reader follows the link (GDPR), in the page's language."""
    plain, titled = VIDEO_TEXT.get(lang, VIDEO_TEXT["en"])
    text = titled.format(title=title, host=host) if title else plain.format(host=host)
    text = text.replace("[", "\\[").replace("]", "\\]")
    return f"[{text}]({url}){{: .video-card }}"


def _args(text: str) -> tuple[list[str], dict[str, str]]:
    positional, named = [], {}
    for m in ARG.finditer(text.strip()):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if m.group(1):
            named[m.group(1).lower()] = value
        else:
            positional.append(value)
    return positional, named


def _image(src: str, alt: str, title: str) -> str:
    alt = alt.replace("]", "\\]")
    title = title.replace('"', "&quot;")
    return f'![{alt}]({src} "{title}")' if title else f"![{alt}]({src})"


def _link_target(path: str, kind: str) -> str:
    path = path.strip()
    anchor = ""
    if "#" in path:
        path, anchor = path.split("#", 1)
        anchor = "#" + anchor
    if kind == "post_url":  # Jekyll: {% post_url 2015-04-03-title %}
        path = posixpath.basename(path)
    if path and not posixpath.splitext(path)[1]:
        path += ".md"
    path = path.removeprefix("_posts/")
    return "{filename}" + path + anchor


class Converter:
    """Converts one document's tags; raises FrontMatterError for others."""

    def __init__(self, lang: str):
        self.lang = lang

    def line(self, text: str, number: int) -> str:
        """One line of text outside code."""
        if "{{" not in text and "{%" not in text:
            return text
        out, last = [], 0
        for span in PROTECTED.finditer(text):
            out.append(TAG.sub(lambda m: self.tag(m, number), text[last : span.start()]))
            out.append(span.group("raw") if span.group("raw") is not None else span.group(0))
            last = span.end()
        out.append(TAG.sub(lambda m: self.tag(m, number), text[last:]))
        return "".join(out)

    def tag(self, m: re.Match, number: int) -> str:
        if m.group("var") is not None:
            self.unknown(m.group(0), number, "Liquid variable")
        name = (m.group("hname") or m.group("pname") or m.group("lname")).lower()
        args = m.group("hargs") or m.group("pargs") or m.group("largs") or ""
        positional, named = _args(args)
        if name in ("figure", "image", "img"):
            src = named.get("src") or next((p for p in positional if "/" in p or "." in p), "")
            if not src:
                self.unknown(m.group(0), number, "image tag without 'src'")
            rest = [
                p
                for p in positional
                if p != src and not p.isdigit() and p not in ("left", "right", "center")
            ]
            title = named.get("caption") or named.get("title") or (rest[0] if rest else "")
            alt = named.get("alt") or (rest[1] if len(rest) > 1 else "") or title
            return _image(src, alt, title)
        if name in ("youtube", "vimeo"):
            video = named.get("id") or (positional[0] if positional else "")
            url = (
                video
                if "/" in video
                else (
                    f"https://www.youtube.com/watch?v={video}"
                    if name == "youtube"
                    else f"https://vimeo.com/{video}"
                )
            )
            found = video_url(url)
            if not video or not found:
                self.unknown(m.group(0), number, f"{name} tag without a video id")
            return video_card(found[0], found[1], self.lang, named.get("title", ""))
        if name in ("ref", "relref", "post_url", "link"):
            target = named.get("path") or (positional[0] if positional else "")
            return _link_target(target, name)
        if name in ("raw", "endraw"):
            return ""
        self.unknown(m.group(0), number)
        return m.group(0)

    def unknown(self, tag: str, number: int, what: str = "") -> None:
        raise FrontMatterError(
            f"line {number}: the {what or 'tag'} {tag} is from another site generator "
            "(Hugo or Jekyll) and this site cannot show it; replace it with Markdown "
            "(a link, an image, text) or delete it"
        )


# Block tags: a code block with its language, and comments dropped.
HIGHLIGHT_OPEN = re.compile(
    r"^\s*(?:\{\{[<%]\s*highlight\s+([\w+#.-]+)[^}]*[>%]\}\}|\{%-?\s*highlight\s+([\w+#.-]+)[^%]*%\})\s*$"
)
HIGHLIGHT_CLOSE = re.compile(
    r"^\s*(?:\{\{[<%]\s*/highlight\s*[>%]\}\}|\{%-?\s*endhighlight\s*-?%\})\s*$"
)
COMMENT_OPEN = re.compile(r"^\s*\{%-?\s*comment\s*-?%\}\s*$")
COMMENT_CLOSE = re.compile(r"^\s*\{%-?\s*endcomment\s*-?%\}\s*$")
RAW_OPEN = re.compile(r"^\s*\{%-?\s*raw\s*-?%\}\s*$")
RAW_CLOSE = re.compile(r"^\s*\{%-?\s*endraw\s*-?%\}\s*$")


def convert(lines: list[str], lang: str, first_line: int = 1) -> list[str]:
    """The document's lines with the known tags converted (see module doc).

    `first_line`: the file's line number of lines[0] (after front matter)."""
    if not any("{{" in line or "{%" in line for line in lines):
        return lines
    converter = Converter(lang)
    out: list[str] = []
    fence = None  # the fence string of an open code block
    block = None  # "highlight", "comment", "raw"
    previous_blank = True
    for index, line in enumerate(lines):
        number = first_line + index
        if block == "highlight":
            out.append("```" if HIGHLIGHT_CLOSE.match(line) else line)
            block = None if HIGHLIGHT_CLOSE.match(line) else block
            continue
        if block == "comment":
            block = None if COMMENT_CLOSE.match(line) else block
            continue
        if block == "raw":
            if RAW_CLOSE.match(line):
                block = None
            else:
                out.append(line)
            continue
        if fence:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        m = FENCE.match(line)
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        if previous_blank and (line.startswith("    ") or line.startswith("\t")):
            out.append(line)  # an indented code block goes on while indented
            continue
        previous_blank = not line.strip() or (previous_blank and line.startswith(("    ", "\t")))
        m = HIGHLIGHT_OPEN.match(line)
        if m:
            block = "highlight"
            out.append("```" + (m.group(1) or m.group(2) or ""))
            continue
        if COMMENT_OPEN.match(line):
            block = "comment"
            continue
        if RAW_OPEN.match(line):
            block = "raw"
            continue
        out.append(converter.line(line, number))
    return out
