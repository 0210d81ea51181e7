"""Soft hyphens in long heading words, with Pyphen's hyphenation dictionaries.

CSS `hyphens: auto` is the first choice, but browsers hyphenate only where
they have a dictionary: headless Chromium on Linux has none for German, and
"Führungskräfteentwicklung" in an h1 overflows a 320 px screen. A soft hyphen
(U+00AD) is invisible unless the line breaks there, so long heading words get
them at the dictionary's break points. Words with a hyphen are left alone:
they already break at the hyphen.
"""

from __future__ import annotations

import functools
import re

import pyphen

SOFT_HYPHEN = "\u00ad"
# A "word" for our purpose: letters, digits, hyphens; stashed placeholders
# (\x02…\x03) are matched whole so that they are never split.
_WORD_RE = re.compile(r"\x02[^\x03]*\x03|[\w\-\u00ad\u2010\u2011]+")


class Hyphenator:
    """Inserts soft hyphens into words of at least `min_length` letters."""

    def __init__(self, dictionary: pyphen.Pyphen, min_length: int):
        self.min_length = min_length
        # Per-word cache: headings repeat the same words across a site.
        self._word = functools.lru_cache(maxsize=4096)(
            functools.partial(dictionary.inserted, hyphen=SOFT_HYPHEN)
        )

    @classmethod
    @functools.lru_cache(maxsize=16)
    def for_lang(cls, lang: str | None, min_length: int) -> "Hyphenator | None":
        """The hyphenator for a language, or None without a dictionary.

        Cached for the process: loading a dictionary takes milliseconds, and
        the result is immutable, so sharing it between Pelican runs is safe."""
        tag = (lang or "").replace("-", "_")
        found = pyphen.language_fallback(tag) or pyphen.language_fallback(tag.split("_")[0])
        if not found:
            return None
        return cls(pyphen.Pyphen(lang=found, left=3, right=3), min_length)

    def __call__(self, text: str) -> str:
        return _WORD_RE.sub(self._replace, text)

    def _replace(self, m: re.Match) -> str:
        word = m.group()
        if len(word) < self.min_length or not word.isalpha():
            return word  # short, a placeholder, digits or already hyphenated
        return self._word(word)


def soft_hyphenate(text: str, lang: str | None, min_length: int = 14) -> str:
    """Plain text (no markup) with soft hyphens in its long words."""
    hyphenator = Hyphenator.for_lang(lang, min_length)
    return hyphenator(text) if hyphenator else text
