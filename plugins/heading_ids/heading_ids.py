"""Python-Markdown extension: an `id` on every heading, from its German text.

    markdown.markdown("## Führung & Vertrauen", extensions=["heading_ids"])
    -> <h2 id="fuehrung-vertrauen">Führung &amp; Vertrauen</h2>

Readers link to a section (`/beitrag/#fuehrung-vertrauen`), and Pagefind
turns headings with an id into search results that jump to the section.

Why not Python-Markdown's `toc` extension, which also sets heading ids: for
every file it also renders a table of contents (serialized and run through
all postprocessors) and scans the text of every block for a `[TOC]` marker,
work a build that wants only the ids need not do.
And its slugs drop umlauts ("fuhrung"), where German spells them out.

Rules:
* h1–h6 get `slugify(text)`; an id already set (`## Titel {: #eigene-id }`
  with attr_list) is kept.
* Ids are unique in the document: the second "Fazit" becomes `fazit_1` (as
  `toc` does), and `reserved_ids` (the ids the theme uses on the same page,
  like `inhalt`) count as taken.
"""

from __future__ import annotations

import re
import unicodedata

from german_typography.slugs import GERMAN, SPECIAL
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

# Umlauts, ß and the letters without a decomposition spelled out by the same
# table as the site's URL slugs (lower case; other accents are dropped below).
_SPELLED_OUT = str.maketrans(dict(GERMAN + SPECIAL))
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
# Placeholders in the tree: \x02<number>\x03 is a backslash-escaped (or
# gender-star) character, \x02wzxhzdk:<n>\x03 inline raw HTML.
_PLACEHOLDER = re.compile("\x02([^\x03]*)\x03")
_TAG = re.compile(r"<[^>]*>")


def german_slug(text: str, separator: str = "-") -> str:
    """ "Führung & Vertrauen" -> "fuehrung-vertrauen"; "Café" -> "cafe"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_SPELLED_OUT))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NOT_SLUG.sub("", text).strip()
    return _SEPARATORS.sub(separator, text)


class HeadingIdsTreeprocessor(Treeprocessor):
    def __init__(self, md, ext):
        super().__init__(md)
        self.slugify = ext.getConfig("slugify")
        self.separator = ext.getConfig("separator")
        self.reserved = frozenset(ext.getConfig("reserved_ids"))

    def run(self, root):
        used = set(self.reserved)
        headings = []
        for el in root.iter():
            if "id" in el.attrib:
                used.add(el.attrib["id"])
            if el.tag in HEADINGS:
                headings.append(el)
        for el in headings:
            if "id" not in el.attrib:
                # A heading without letters or digits ("## !!!") is named by its tag.
                slug = self.slugify(self._text(el), self.separator) or el.tag
                el.set("id", _unique(slug, used))

    def _text(self, el) -> str:
        def placeholder(m):
            key = m.group(1)
            if key.isdigit():
                return chr(int(key))
            if key.startswith("wzxhzdk:"):  # raw HTML: its text only
                blocks = self.md.htmlStash.rawHtmlBlocks
                index = int(key.split(":")[1])
                return _TAG.sub("", str(blocks[index])) if index < len(blocks) else ""
            return ""

        return _PLACEHOLDER.sub(placeholder, "".join(el.itertext()))


def _unique(slug: str, used: set) -> str:
    candidate, count = slug, 0
    while candidate in used:
        count += 1
        candidate = f"{slug}_{count}"
    used.add(candidate)
    return candidate


class HeadingIdsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "slugify": [german_slug, "Function(text, separator) -> id."],
            "separator": ["-", "Word separator in ids."],
            "reserved_ids": [[], "Ids the page around the text uses already."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After `inline` (20, the heading's text is final), `attr_list` (8,
        # `{: #id }` is set) and `abbr` (7); before german_typography (3), so
        # ids come from the text as typed. `toc` sits at 5 too.
        md.treeprocessors.register(HeadingIdsTreeprocessor(md, self), "heading_ids", 5)
        md.registerExtension(self)


def makeExtension(**kwargs):  # pragma: no cover - Markdown's loading hook
    return HeadingIdsExtension(**kwargs)
