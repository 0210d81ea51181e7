"""Python-Markdown extension: German (and English) typography.

    markdown.markdown(text, extensions=["german_typography"])
    markdown.markdown(text, extensions=["meta", "german_typography"])  # Lang: en

Two parts, in the shape of Python-Markdown's own `smarty`:

* an inline processor that keeps the gender star literal: an asterisk
  between a letter and a lowercase letter (`Kund*innen`, `jede*r`) is a
  character, not the start or end of emphasis;
* a tree processor that applies the rules of `rules.py` (quotes, dashes,
  ellipsis, no-break spaces) to every text node of the finished tree, once,
  in the document's language: its `Lang` metadata, else `default_lang`.
  Code, autolinks and stashed raw HTML are never touched.

Why a tree processor instead of smarty's many inline patterns: one scan per
text node with one compiled pattern is cheaper than twenty patterns over the
whole text, and the quote rules see across `*betont*"` element boundaries.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from .rules import Typesetter, rules_for

# An asterisk between two letters: Kund*innen, jede*r. (The processor checks
# that the second one is lowercase: `re` has no class for that.) Double
# asterisks (`Kund**innen**`) never match and stay strong emphasis. The
# pattern starts with the literal star, the letter before it is looked up
# behind: so `re` jumps from star to star instead of trying the lookbehind
# at every character (Python-Markdown searches every text with every inline
# pattern, so the other order was a measurable cost of reading).
GENDER_STAR_RE = r"\*(?<=[^\W\d_]\*)(?=[^\W\d_])"

# Nothing inside these elements is typeset.
SKIP_TAGS = frozenset(("code", "pre", "kbd", "samp", "var", "script", "style", "math", "svg"))


class GenderStarInlineProcessor(InlineProcessor):
    """Return the star as an escaped character, exactly as `\\*` would be, so
    the emphasis processor never sees it."""

    required_text = ("*",)  # plugins/inline_triggers: tried only on texts with a star

    def handleMatch(self, m, data):
        if not data[m.end(0)].islower():  # Wort*Betont*: emphasis as usual
            return None, None, None
        return f"{STX}{ord('*')}{ETX}", m.start(0), m.end(0)


class TypographyTreeprocessor(Treeprocessor):
    """Typesets every text node, block by block, in the document's language."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext
        self.lang = ext.getConfig("default_lang")

    def run(self, root):
        md = self.md
        # A reader renders formatted metadata (Summary) with the meta
        # preprocessor removed: then Meta is empty. plugins/read_pipeline
        # gives that Markdown object the document's fields
        # (`md.document_meta`); Pelican's own reader uses the body's object,
        # so the language remembered from the body holds. A full conversion
        # takes the language anew.
        if "meta" in md.preprocessors:
            meta = getattr(md, "Meta", None) or {}
            lang = (meta.get("lang") or [None])[0]
            self.lang = lang or self.ext.getConfig("default_lang")
        elif getattr(md, "document_meta", None) is not None:
            lang = (md.document_meta.get("lang") or [None])[0]
            self.lang = lang or self.ext.getConfig("default_lang")
        self._block(root, rules_for(self.lang))

    def _block(self, el, rules):
        """A block element: its inline content is one run of text."""
        typeset = Typesetter(rules)
        if el.text:
            el.text = self._text(el.text, typeset)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP_TAGS:  # comments; code
                typeset.skip(child.text or "x")
            elif self.md.is_block_level(tag):
                self._block(child, rules)
                typeset = Typesetter(rules)
            else:
                self._inline(child, typeset)
            if child.tail:
                child.tail = self._text(child.tail, typeset)

    def _inline(self, el, typeset):
        if el.text:
            el.text = self._text(el.text, typeset)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP_TAGS:
                typeset.skip(child.text or "x")
            else:
                self._inline(child, typeset)
            if child.tail:
                child.tail = self._text(child.tail, typeset)

    @staticmethod
    def _text(text, typeset):
        if isinstance(text, AtomicString):  # code spans, autolinks
            typeset.skip(text)
            return text
        return typeset(text)


class GermanTypographyExtension(Extension):
    """German typography for Markdown; English and others by `Lang`."""

    def __init__(self, **kwargs):
        self.config = {
            "default_lang": [
                "de",
                "Language when the document has no `Lang` metadata "
                "(the Pelican plugin fills in DEFAULT_LANG).",
            ],
            "gender_star": [
                True,
                "Keep an asterisk between a letter and a lowercase letter literal.",
            ],
            "typogrify": [
                ["amp", "caps", "widont"],
                "typogrify filters the Pelican plugin applies to body, title and "
                "summary as it reads a file (not used by the extension itself).",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        """Register the processors. Priorities, and why:

        ========================  ============  ======================================
        processor                 priority      placed
        ========================  ============  ======================================
        inline `gender_star`      75            after `backtick` (190, code first),
                                                links, `html` (90) and `entity` (80);
                                                before `em_strong` (60)
        tree `german_typography`  3             after `inline` (20), `attr_list` (8,
                                                which reads `{: title="…"}` in text),
                                                `abbr` (7) and `toc` (5); before
                                                `unescape` (0), so `\\"` stays straight
        ========================  ============  ======================================
        """
        if self.getConfig("gender_star"):
            md.inlinePatterns.register(
                GenderStarInlineProcessor(GENDER_STAR_RE, md), "gender_star", 75
            )
        md.treeprocessors.register(TypographyTreeprocessor(md, self), "german_typography", 3)
        # As in smarty: `\"` and `\'` give a straight quote.
        for char in "\"'":
            if char not in md.ESCAPED_CHARS:
                md.ESCAPED_CHARS.append(char)
        md.registerExtension(self)


def makeExtension(**kwargs):  # pragma: no cover - Markdown's loading hook
    return GermanTypographyExtension(**kwargs)


__all__ = ["GermanTypographyExtension", "makeExtension"]
