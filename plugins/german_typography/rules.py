"""Typographic rules per language, applied to plain text.

Everything here works on text that is already free of markup: the text nodes
of Python-Markdown's element tree (see `extension.py`) and plain-text titles
(see `plugin.py`). One compiled pattern per language finds every place a rule
applies in a single scan; a small per-block `Typesetter` carries what the
quote rules need across text nodes (the character before, whether a German
single quote is open).

Why our own rules and not smarty/smartypants: smartypants is English-only and
HTML-reparsing; smarty knows German quotes but not apostrophes vs. German
closing single quotes, nor no-break spaces in abbreviations, units and dates.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # no-break space: number and unit, day and month
NNBSP = "\u202f"  # narrow no-break space: inside "z. B."
EN_DASH = "\u2013"
EM_DASH = "\u2014"
ELLIPSIS = "\u2026"
APOSTROPHE = "\u2019"

# --- Language-neutral patterns ----------------------------------------------

# Left exactly as written: placeholders of Python-Markdown (\x02…\x03: stashed
# raw HTML and backslash escapes), URLs and e-mail addresses in running text.
_URL_END = r"[^\s<>\"]*[^\s<>\".,;:!?)\]'\u201c\u201d\u2019]"
SKIP = (
    r"(?P<skip>\x02[^\x03]*\x03"
    r"|\b(?:https?|ftp)://" + _URL_END + r"|\bwww\." + _URL_END
    + r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
# "..." -> "…"; longer runs of dots are left alone.
ELLIPSIS_RE = r"(?P<ellipsis>(?<!\.)\.\.\.(?!\.))"
# "---" -> "—"
EM_DASH_RE = r"(?P<em_dash>(?<!-)---(?!-))"
# "wort - wort" / "wort -- wort" -> "wort – wort" with a no-break space
# before the dash, so that no line starts with it. Only between spaces.
SPACED_DASH_RE = r"(?P<spaced_dash>(?<=\S)[ \t]+--?(?=[ \t\n]))"
# "1990--2000", "wort--wort" -> en dash; "-->" is left for arrows.
EN_DASH_RE = r"(?P<en_dash>(?<!-)--(?![->]))"
DQUOTE_RE = r'(?P<dquote>")'
SQUOTE_RE = r"(?P<squote>')"

# A number and its unit or currency stay on one line: "30 %", "5 km", "100 €".
UNITS = (
    "%", "‰", "€", "$", "£", "¥", "°C", "°F", "°", "km", "m", "cm", "mm", "µm",
    "kg", "g", "mg", "t", "l", "ml", "cl", "dl", "h", "min", "s", "ms", "Min.",
    "Std.", "Sek.", "Mio.", "Mrd.", "Tsd.", "kWh", "kW", "W", "V", "Hz", "MB",
    "GB", "TB", "px", "EUR", "USD", "CHF",
)
UNIT_RE = (
    r"(?P<unit>(?<=\d) (?=(?:"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?!\w)))"
)
# A currency sign before the amount: "€ 100".
CURRENCY_RE = r"(?P<currency>(?<![\w.])(?:€|\$|£|EUR|USD|CHF) (?=\d))"


def _prefix_re(words):
    """ "§ 5", "Nr. 3": the marker and its number stay on one line."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return r"(?P<prefix>(?<![\w.])(?:" + alts + r") (?=\d))"


# --- German --------------------------------------------------------------------

# Two- and three-part abbreviations get a narrow no-break space inside.
GERMAN_ABBREVIATIONS = (
    "z. B.", "d. h.", "u. a.", "s. o.", "s. u.", "z. T.", "i. d. R.", "u. U.",
    "o. Ä.", "u. Ä.", "v. a.", "m. E.", "u. v. m.", "o. g.", "i. A.", "i. V.",
    "z. Zt.", "s. a.", "v. Chr.", "n. Chr.", "d. J.",
)


def _abbreviation_re(abbreviations):
    alts = []
    for abbr in sorted(abbreviations, key=len, reverse=True):
        first, rest = abbr[0], abbr[1:]
        # Either case for the first letter ("Z. B." opens a sentence); the
        # space may be a line break in the source.
        alts.append(
            "[%s%s]" % (first.lower(), first.upper())
            + re.escape(rest).replace(r"\ ", "[ \n]")
        )
    return r"(?P<abbreviation>(?<![\w.])(?:" + "|".join(alts) + r"))"


GERMAN_MONTHS = (
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember",
    "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Okt",
    "Nov", "Dez",
)
# "27. November 2026": a no-break space after the day.
GERMAN_DATE_RE = (
    r"(?P<date>(?<![\d.])\d{1,2}\. (?=(?:"
    + "|".join(sorted(GERMAN_MONTHS, key=len, reverse=True))
    + r")\b))"
)
GERMAN_PREFIXES = ("§§", "§", "Nr.", "S.", "Abs.", "Art.", "Kap.", "Abb.", "Tab.", "Bd.", "Ziff.", "Nrn.")
ENGLISH_PREFIXES = ("§§", "§", "No.", "Nos.", "p.", "pp.", "Vol.", "vol.", "ch.", "Fig.")

# Where a quote mark opens: after a space, an opening bracket or quote, a dash.
_OPEN_AFTER = set(" \t\n\r\u00a0\u202f([{«»‹›\u2013\u2014-/")


class Rules:
    """The compiled rules of one language."""

    def __init__(self, name, parts, double=None, single=None):
        self.name = name
        self.pattern = re.compile("|".join((SKIP,) + parts))
        # (opening, closing) quote marks; None: straight quotes stay.
        self.double = double
        self.single = single
        opening = "".join(q[0] for q in (double, single) if q)
        self.open_after = frozenset(_OPEN_AFTER | set(opening))


_COMMON = (ELLIPSIS_RE, EM_DASH_RE, SPACED_DASH_RE, EN_DASH_RE, UNIT_RE, CURRENCY_RE)

GERMAN = Rules(
    "de",
    (_abbreviation_re(GERMAN_ABBREVIATIONS), GERMAN_DATE_RE, _prefix_re(GERMAN_PREFIXES))
    + _COMMON + (DQUOTE_RE, SQUOTE_RE),
    double=("\u201e", "\u201c"),  # „…“
    single=("\u201a", "\u2018"),  # ‚…‘
)
SWISS_GERMAN = Rules(
    "de-ch",
    (_abbreviation_re(GERMAN_ABBREVIATIONS), GERMAN_DATE_RE, _prefix_re(GERMAN_PREFIXES))
    + _COMMON + (DQUOTE_RE, SQUOTE_RE),
    double=("\u00ab", "\u00bb"),  # «…»
    single=("\u2039", "\u203a"),  # ‹…›
)
ENGLISH = Rules(
    "en",
    (_prefix_re(ENGLISH_PREFIXES),) + _COMMON + (DQUOTE_RE, SQUOTE_RE),
    double=("\u201c", "\u201d"),  # “…”
    single=("\u2018", "\u2019"),  # ‘…’
)
# Any other language: dashes, ellipsis and no-break spaces, quotes untouched.
NEUTRAL = Rules("neutral", _COMMON)

_BY_LANG = {"de": GERMAN, "de-ch": SWISS_GERMAN, "en": ENGLISH}


def rules_for(lang: str | None) -> Rules:
    """The rules for a language tag such as "de", "de_AT", "en-GB"."""
    tag = (lang or "").strip().lower().replace("_", "-")
    return _BY_LANG.get(tag) or _BY_LANG.get(tag.split("-")[0]) or NEUTRAL


class Typesetter:
    """Typesets the text nodes of one block (a paragraph, heading, title) in
    document order. Call it once per text node; it remembers the character
    before the node, so that a quote right after `*betont*` knows it closes."""

    __slots__ = ("rules", "prev", "single_open")

    def __init__(self, rules: Rules):
        self.rules = rules
        self.prev = "\n"  # start of the block counts as a line start
        self.single_open = False

    def skip(self, text: str) -> None:
        """Text that stays as it is (code) still counts as context."""
        if text:
            self.prev = "x"  # code reads as a word: `"`code`"` closes after it

    def __call__(self, text: str) -> str:
        if not text:
            return text
        s = self.prev + text
        rules = self.rules
        out = []
        last = 1  # s[0] is the context character, not part of the output
        last_char = self.prev
        for m in rules.pattern.finditer(s, 1):
            kind = m.lastgroup
            if kind == "skip":
                continue
            start, end = m.span()
            if start > last:
                out.append(s[last:start])
                last_char = s[start - 1]
            prev = last_char
            nxt = s[end] if end < len(s) else ""
            if kind == "dquote":
                new = self._double(prev, nxt)
            elif kind == "squote":
                new = self._single(prev, nxt)
            elif kind == "ellipsis":
                new = ELLIPSIS
            elif kind == "em_dash":
                new = EM_DASH
            elif kind == "en_dash":
                new = EN_DASH
            elif kind == "spaced_dash":
                new = NBSP + EN_DASH
            elif kind == "abbreviation":
                new = m.group().replace(" ", NNBSP).replace("\n", NNBSP)
            elif kind in ("date", "prefix", "currency"):
                new = m.group()[:-1] + NBSP
            else:  # unit: the matched space itself
                new = NBSP
            out.append(new)
            last_char = new[-1]
            last = end
        if last == 1:
            self.prev = text[-1]
            return text
        out.append(s[last:])
        result = "".join(out)
        self.prev = result[-1]
        return result

    def _opens(self, prev: str, nxt: str) -> bool | None:
        """True: an opening quote; False: closing; None: can't tell."""
        if prev in self.rules.open_after:
            return None if nxt.isspace() else True
        if prev == "\x03":  # right after stashed inline HTML, e.g. <b>"x"</b>
            return nxt.isalnum()
        return False

    def _double(self, prev: str, nxt: str) -> str:
        marks = self.rules.double
        opens = self._opens(prev, nxt)
        if opens is None:
            return '"'
        return marks[0] if opens else marks[1]

    def _single(self, prev: str, nxt: str) -> str:
        marks = self.rules.single
        if prev.isalnum() and nxt.isalpha():
            return APOSTROPHE  # geht's, it's
        opens = self._opens(prev, nxt)
        if opens is None:
            return "'"
        if opens:
            if nxt.isdigit():
                return APOSTROPHE  # '90er, '90s
            self.single_open = True
            return marks[0]
        if self.single_open:
            self.single_open = False
            return marks[1]
        return APOSTROPHE  # Hans', the Joneses'


def typeset_text(text: str, lang: str | None) -> str:
    """Plain text (a title) in the typography of `lang`."""
    return Typesetter(rules_for(lang))(text)
