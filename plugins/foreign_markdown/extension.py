"""The Markdown extension of plugins/foreign_markdown (see plugin.py).

Priorities (Python-Markdown's own in brackets):

- preprocessor ``foreign_front_matter`` at 28: after ``normalize_whitespace``
  (30), before ``meta`` (27): a YAML front matter block is parsed and taken
  out, so ``meta`` sees none (a blank line is put first: ``meta`` then stops
  at once and never takes the body's first line for a field).
- preprocessor ``foreign_body`` at 26: after ``meta``, before
  ``fenced_code_block`` (25) and ``html_block`` (20): the front matter's
  fields go into ``md.Meta``; ``Lang`` and German dates are normalised;
  shortcodes and Liquid tags are converted; YouTube/Vimeo embeds and video
  links alone on a line become link cards; raw HTML blocks holding Markdown
  get ``markdown="1"`` (``md_in_html``, part of ``extra``).

What works on the converted HTML is a transform of the read pipeline
(plugin.py): the English-text warning and the footnote titles.

In Markdown metadata fields (the pipeline's second Markdown object, which has
no ``meta`` preprocessor) the extension does nothing.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import front_matter, shortcodes

# --- the language of a text without Lang: ------------------------------------

WORD = re.compile(r"[a-zäöüß]+")
# Frequent function words of each language that the other does not use
# ("die", "was", "will", "an", "in" left out: words of both).
ENGLISH = frozenset(
    "the and of to is that it with for this you are have not be on as what which but they "
    "we can from there their would about been were has had when your our how these those".split()
)
GERMAN = frozenset(
    "der das und ist nicht ein eine zu den mit sich auf für dem es auch ich du wir sie von im "
    "dass aber wie bei oder wenn nur noch nach sind wird werden hat haben kann dich mich".split()
)


def guess_language(text: str) -> str | None:
    """'en' for a text that is clearly English, 'de' clearly German, else None."""
    words = WORD.findall(text.lower())
    english = sum(1 for w in words if w in ENGLISH)
    german = sum(1 for w in words if w in GERMAN)
    if english >= 8 and english >= 4 * german:
        return "en"
    if german >= 8 and german >= 4 * english:
        return "de"
    return None


# --- embeds: link cards ------------------------------------------------------

FENCED = re.compile(r"^( {0,3}(`{3,}|~{3,})).*?^ {0,3}\2[ \t]*$", re.M | re.S)
IFRAME = re.compile(r"<iframe\b(?P<attrs>[^>]*)>.*?</iframe\s*>", re.I | re.S)
ATTR = re.compile(r"""\b(src|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
VIDEO_LINE = re.compile(r"^[ \t]*<?(https?://\S+?)>?[ \t]*$", re.M)
# Titles YouTube and Vimeo put on every embed: no title of the video.
GENERIC_TITLES = {"", "youtube video player", "youtube-videoplayer", "vimeo video player", "video"}


def _card_for_iframe(m: re.Match, lang: str) -> str:
    attrs = {
        a.group(1).lower(): a.group(2) if a.group(2) is not None else a.group(3)
        for a in ATTR.finditer(m.group("attrs"))
    }
    found = shortcodes.video_url(attrs.get("src", ""))
    if not found:
        return m.group(0)  # another host: the publish check names it
    title = attrs.get("title", "").strip()
    title = "" if title.lower() in GENERIC_TITLES else title
    return "\n\n" + shortcodes.video_card(*found, lang, title) + "\n\n"


def _card_for_line(m: re.Match, lang: str) -> str:
    found = shortcodes.video_url(m.group(1))
    return shortcodes.video_card(*found, lang) if found else m.group(0)


def video_cards(text: str, lang: str) -> str:
    """Embeds and lone video links outside code blocks as link cards."""
    if "<iframe" not in text.lower() and "youtu" not in text and "vimeo" not in text:
        return text
    out, last = [], 0
    for code in FENCED.finditer(text):
        out.append(_cards(text[last : code.start()], lang))
        out.append(code.group(0))
        last = code.end()
    out.append(_cards(text[last:], lang))
    return "".join(out)


def _cards(text: str, lang: str) -> str:
    text = IFRAME.sub(lambda m: _card_for_iframe(m, lang), text)
    return VIDEO_LINE.sub(lambda m: _card_for_line(m, lang), text)


# --- raw HTML blocks holding Markdown ----------------------------------------

HTML_BLOCK = re.compile(
    r"^(<(div|section|article|aside|details|figure|center|blockquote|header|footer|main|nav)\b)"
    r"(?![^>]*\bmarkdown\s*=)([^>]*>)(.*?)^(</\2\s*>)",
    re.M | re.S | re.I,
)
MARKDOWN_INSIDE = re.compile(
    r"\*\*\S|__\S|!?\[[^\]\n]*\]\(|^\s*(?:[-*+]|\d+\.)\s+\S|^#{1,6}\s", re.M
)
HTML_INSIDE = re.compile(r"<(?:p|br|ul|ol|li|h[1-6]|strong|em|a|img)\b", re.I)


def markdown_in_html(text: str) -> str:
    """`markdown="1"` on a block of raw HTML whose inside is Markdown, not HTML."""
    if "<" not in text:
        return text

    def mark(m: re.Match) -> str:
        inside = m.group(4)
        if not MARKDOWN_INSIDE.search(inside) or HTML_INSIDE.search(inside):
            return m.group(0)
        return f'{m.group(1)} markdown="1"{m.group(3)}{inside}{m.group(5)}'

    return HTML_BLOCK.sub(mark, text)


# --- footnotes ---------------------------------------------------------------

BACKLINK_TITLE = re.compile(r'title="Jump back to footnote (\d+) in the text"')
FOOTNOTE_TITLES = {"de": 'title="Zurück zur Fußnote {} im Text"'}


class FrontMatterPreprocessor(Preprocessor):
    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, lines):
        ext = self.ext
        ext.front, ext.total = None, len(lines)
        if not ext.in_body(self.md):
            return lines
        found = front_matter.split(lines)
        if found is None:
            return lines
        block, body = found
        try:
            data = front_matter.parse(block)
        except front_matter.FrontMatterError:
            if front_matter.is_pelican_meta(block):
                return lines  # Pelican's own fields between `---`: meta reads them
            raise
        ext.front = front_matter.to_meta(data)
        return [""] + body


class BodyPreprocessor(Preprocessor):
    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, lines):
        ext, md = self.ext, self.md
        if not ext.in_body(md):
            return lines
        meta = getattr(md, "Meta", None)
        if meta is None:
            meta = md.Meta = {}
        if ext.front:
            meta.update(ext.front)
        for key in ("lang", "translated_from"):
            if key in meta:
                meta[key] = [front_matter.language(v) for v in meta[key]]
        for key, name in (("date", "Date"), ("modified", "Modified")):
            if key in meta:
                meta[key] = [front_matter.german_date(v, name) for v in meta[key]]
        default = ext.getConfig("default_lang")
        lang = (meta.get("lang") or [default])[0] or default
        first_line = ext.total - len(lines) + 1
        lines = shortcodes.convert(lines, lang, first_line)
        text = "\n".join(lines)
        if ext.getConfig("video_cards"):
            text = video_cards(text, lang)
        text = markdown_in_html(text)
        return text.split("\n")


class ForeignMarkdownExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "default_lang": ["de", "language of a text without Lang: (the main site's)"],
            "video_cards": [True, "YouTube/Vimeo embeds and lone video links become link cards"],
        }
        super().__init__(**kwargs)
        self.front = None
        self.total = 0

    @staticmethod
    def in_body(md) -> bool:
        # The pipeline's Markdown object for metadata fields has no `meta`.
        return "meta" in md.preprocessors

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(FrontMatterPreprocessor(md, self), "foreign_front_matter", 28)
        md.preprocessors.register(BodyPreprocessor(md, self), "foreign_body", 26)

    def reset(self):
        self.front = None


def makeExtension(**kwargs):
    return ForeignMarkdownExtension(**kwargs)
