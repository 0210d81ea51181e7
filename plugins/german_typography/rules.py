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

# --- Patterns ------------------------------------------------------------------
#
# Speed: every branch starts at a "trigger" (a dot, dash, quote, colon, a
# space next to a digit or dash, a placeholder), and the whole pattern starts
# with a lookahead for these triggers. The regex engine then tries the
# branches only there, not at every letter of the text; what comes before a
# trigger ("z" of "z. B.", "Nr" of "Nr. 3") is checked by lookbehind.
# The lookahead is tried at every character, so it is kept cheap: a space
# counts if a space, digit or dash follows (spaced dashes, signs) or a digit
# or the last letter of EUR/USD/CHF comes before it (units, signs); the
# branches check the rest.
TRIGGER = r"""(?=[\x02:.\-"']|\ [ \d\u2013-]|(?<=[\d€$£§DRF])\ )"""

# Left exactly as written: placeholders of Python-Markdown (\x02…\x03: stashed
# raw HTML and backslash escapes) and URLs in running text ("https" before
# "://" and "www" before "." hold no trigger).
_URL_END = r"[^\s<>\"]*[^\s<>\".,;:!?)\]'\u201c\u201d\u2019]"
SKIP = (
    r"(?P<skip>\x02[^\x03]*\x03"
    r"|(?<=[A-Za-z])://" + _URL_END + r"|(?<=\bwww)\." + _URL_END + ")"
)
# "..." -> "…"; longer runs of dots are left alone.
ELLIPSIS_RE = r"(?P<ellipsis>(?<!\.)\.\.\.(?!\.))"
# "---" -> "—"
EM_DASH_RE = r"(?P<em_dash>(?<!-)---(?!-))"
# "wort - wort" / "wort -- wort" -> "wort – wort" with a no-break space
# before the dash, so that no line starts with it. Only between spaces. A
# dash typed as "–" keeps its character but gets the same no-break space:
# the rule is about the line break, not about how the dash was typed.
SPACED_DASH_RE = r"(?P<spaced_dash>(?<=\S) +(?:--?|\u2013)(?=[ \t\n]))"
# "1990--2000", "wort--wort" -> en dash; "-->" is left for arrows.
EN_DASH_RE = r"(?P<en_dash>(?<!-)--(?![->]))"
DQUOTE_RE = r'(?P<dquote>")'
SQUOTE_RE = r"(?P<squote>')"

# A number and its unit stay on one line: "30 %", "5 km", "10 Min.".
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
# A sign and its number: "€ 100", "EUR 100", "§ 5" (the space becomes no-break).
SIGN_RE = r"(?P<sign>(?:(?<=[€$£§])|(?<=\bEUR|\bUSD|\bCHF)) (?=\d))"
# "Nr. 3", "S. 12", "No. 3": any short word with a dot before a number (the
# Typesetter keeps only the language's markers, see Rules.prefixes).
PREFIX_RE = r"(?P<prefix>\.(?<=[^\W\d_]\.) (?=\d))"


# --- German --------------------------------------------------------------------

# Two- and three-part abbreviations get a narrow no-break space inside.
GERMAN_ABBREVIATIONS = (
    "z. B.", "d. h.", "u. a.", "s. o.", "s. u.", "z. T.", "i. d. R.", "u. U.",
    "o. Ä.", "u. Ä.", "v. a.", "m. E.", "u. v. m.", "o. g.", "i. A.", "i. V.",
    "z. Zt.", "s. a.", "v. Chr.", "n. Chr.", "d. J.",
)


def _abbreviation_re(abbreviations):
    """Matches from the first dot: "z. B." -> ". B." after a lone "z"."""
    alts = []
    for abbr in sorted(abbreviations, key=len, reverse=True):
        first, rest = abbr[0], abbr[2:]
        # Either case for the first letter ("Z. B." opens a sentence); a
        # space may be a line break in the source.
        alts.append(
            r"(?<=[%s%s]\.)" % (first.lower(), first.upper())
            + re.escape(rest).replace(r"\ ", "[ \n]")
        )
    # The first letter stands alone: not "Bez. B."
    return r"(?P<abbreviation>\.(?<![\w.][^\W\d_]\.)(?:" + "|".join(alts) + r"))"


GERMAN_MONTHS = (
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember",
    "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Okt",
    "Nov", "Dez",
)
# "27. November 2026": a no-break space after the day (one or two digits).
GERMAN_DATE_RE = (
    r"(?P<date>\.(?<=\d\.) (?=(?:"
    + "|".join(sorted(GERMAN_MONTHS, key=len, reverse=True))
    + r")\b))"
)
GERMAN_PREFIXES = ("Nr.", "S.", "Abs.", "Art.", "Kap.", "Abb.", "Tab.", "Bd.", "Ziff.", "Nrn.")
ENGLISH_PREFIXES = ("No.", "Nos.", "p.", "pp.", "Vol.", "vol.", "ch.", "Fig.")
# What must stand before the dot of a prefix or date match (checked in code:
# lookbehinds must have a fixed width).
_WORD_BEFORE = re.compile(r"(?<![\w.])[^\W\d_]{1,5}\Z")
_DAY_BEFORE = re.compile(r"(?<![\d.])\d{1,2}\Z")

# Where a quote mark opens: after a space, an opening bracket or quote, a dash.
_OPEN_AFTER = set(" \t\n\r\u00a0\u202f([{«»‹›\u2013\u2014-/")


class Rules:
    """The compiled rules of one language."""

    def __init__(self, name, parts, double=None, single=None, prefixes=()):
        self.name = name
        self.prefixes = frozenset(prefixes)
        self.pattern = re.compile(TRIGGER + "(?:" + "|".join((SKIP,) + parts) + ")")
        # (opening, closing) quote marks; None: straight quotes stay.
        self.double = double
        self.single = single
        opening = "".join(q[0] for q in (double, single) if q)
        self.open_after = frozenset(_OPEN_AFTER | set(opening))


_COMMON = (ELLIPSIS_RE, EM_DASH_RE, SPACED_DASH_RE, EN_DASH_RE, UNIT_RE, SIGN_RE)

GERMAN = Rules(
    "de",
    (_abbreviation_re(GERMAN_ABBREVIATIONS), GERMAN_DATE_RE, PREFIX_RE)
    + _COMMON + (DQUOTE_RE, SQUOTE_RE),
    double=("\u201e", "\u201c"),  # „…“
    single=("\u201a", "\u2018"),  # ‚…‘
    prefixes=GERMAN_PREFIXES,
)
SWISS_GERMAN = Rules(
    "de-ch",
    (_abbreviation_re(GERMAN_ABBREVIATIONS), GERMAN_DATE_RE, PREFIX_RE)
    + _COMMON + (DQUOTE_RE, SQUOTE_RE),
    double=("\u00ab", "\u00bb"),  # «…»
    single=("\u2039", "\u203a"),  # ‹…›
    prefixes=GERMAN_PREFIXES,
)
ENGLISH = Rules(
    "en",
    (PREFIX_RE,) + _COMMON + (DQUOTE_RE, SQUOTE_RE),
    double=("\u201c", "\u201d"),  # “…”
    single=("\u2018", "\u2019"),  # ‘…’
    prefixes=ENGLISH_PREFIXES,
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
            if kind == "prefix":
                word = _WORD_BEFORE.search(s, max(0, m.start() - 6), m.start())
                if not word or word.group() + "." not in rules.prefixes:
                    continue  # "ca. 5", "bzw. 3": not a marker of this language
            elif kind == "date" and not _DAY_BEFORE.search(s, max(0, m.start() - 4), m.start()):
                continue  # "2026. Oktober", "1.10. Oktober"
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
            elif kind in ("date", "prefix"):
                new = "." + NBSP
            else:  # unit, sign: the matched space itself
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
