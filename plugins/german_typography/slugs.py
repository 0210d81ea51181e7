"""German slugs through Pelican's own `slugify`: "Führung" -> "fuehrung".

Pelican ASCII-fies with unidecode ("Führung" -> "Fuhrung") *before* it
applies SLUG_REGEX_SUBSTITUTIONS, so substitutions alone cannot spell
umlauts the German way. With `SLUGIFY_USE_UNICODE = True` unidecode is
skipped and the substitutions see the real letters; these substitutions
then spell umlauts and ß out and fold the other Latin accents
("Café" -> "cafe"), before Pelican's usual clean-up rules.

Everything that slugifies with the settings gets the same result: articles,
pages, categories, tags and the series plugin, which calls
`pelican.utils.slugify(name, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
..., use_unicode=settings["SLUGIFY_USE_UNICODE"])` exactly as Pelican does.
Letters of non-Latin scripts stay as they are (a Unicode slug).

In pelicanconf.py::

    from german_typography.slugs import SLUG_REGEX_SUBSTITUTIONS
    SLUGIFY_USE_UNICODE = True
"""

from __future__ import annotations

import unicodedata

# German first: they must win over the accent folding below. Pelican matches
# case-insensitively, so "Ä" is covered by "ä".
GERMAN = [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ẞ", "ss")]

# Letters that do not decompose into an ASCII letter plus accents.
SPECIAL = [
    ("æ", "ae"),
    ("œ", "oe"),
    ("ø", "o"),
    ("đ", "d"),
    ("ð", "d"),
    ("ł", "l"),
    ("þ", "th"),
    ("ı", "i"),
]

# Pelican's defaults (pelican.settings.DEFAULT_CONFIG), restated because
# setting SLUG_REGEX_SUBSTITUTIONS replaces them.
PELICAN_DEFAULTS = [
    (r"[^\w\s-]", ""),  # remove non-alphabetical/whitespace/'-' chars
    (r"(?u)\A\s*", ""),  # strip leading whitespace
    (r"(?u)\s*\Z", ""),  # strip trailing whitespace
    (r"[-\s]+", "-"),  # reduce multiple whitespace or '-' to single '-'
]


def accent_folding() -> list[tuple[str, str]]:
    """One substitution per ASCII base letter for the accented Latin letters
    (U+00C0-U+024F, U+1E00-U+1EFF): "[àáâã…]" -> "a"."""
    by_base: dict[str, list[str]] = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if char.lower() != char or not ("a" <= base <= "z") or len(decomposed) < 2:
            continue  # upper case is matched case-insensitively; no accent
        if char in "äöü" or unicodedata.normalize("NFKC", char) != char:
            continue  # Pelican NFKC-normalizes patterns: "ǆ" would become "dž"
        by_base.setdefault(base, []).append(char)
    return [("[%s]" % "".join(chars), base) for base, chars in sorted(by_base.items())]


SLUG_REGEX_SUBSTITUTIONS = GERMAN + SPECIAL + accent_folding() + PELICAN_DEFAULTS
