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
# Speed: every rule starts at a "trigger" character: a dot, dash, quote,
# colon, digit, currency sign, the last letter of EUR/USD/CHF, or the \x02 of
# a placeholder. The combined pattern (see `Rules`) consumes the trigger
# first, as one character class; `re` then jumps from trigger to trigger in C
# (its "charset prefix" search) and tries the rules only there, not at every
# character of the text (a few per cent of the characters of German prose
# are triggers). So each rule below is written as
#
#     (its triggers as the inside of a regex character class,
#      the rest of the rule after the trigger)
#
# and a lookbehind at the start of the rest sees the trigger as its last
# character; `Rules` adds a lookbehind for the rule's own triggers. Spaces
# are not triggers (one character in seven is a space): a spaced dash is
# found at its dash, and `Typesetter` takes in the spaces before it.

# Left exactly as written: placeholders of Python-Markdown (\x02…\x03: stashed
# raw HTML and backslash escapes) and URLs in running text ("https" before
# "://" and "www" before "." hold no trigger).
_URL_END = r"[^\s<>\"]*[^\s<>\".,;:!?)\]'\u201c\u201d\u2019]"
SKIP = (
    r"\x02:.",
    r"(?<=\x02)[^\x03]*\x03|(?<=[A-Za-z]:)//" + _URL_END + r"|(?<=\bwww\.)" + _URL_END,
)
# "..." -> "…"; longer runs of dots are left alone.
ELLIPSIS_RE = (r"\.", r"(?<!\.\.)\.\.(?!\.)")
# "---" -> "—"
EM_DASH_RE = (r"\-", r"(?<!--)--(?!-)")
# "wort - wort" / "wort -- wort" -> "wort – wort" with a no-break space
# before the dash, so that no line starts with it. Only between spaces (the
# `Typesetter` checks that a word stands before the spaces). A dash typed as
# "–" keeps its character but gets the same no-break space: the rule is
# about the line break, not about how the dash was typed.
SPACED_DASH_RE = (r"\-\u2013", r"(?:(?<= -)-?|(?<= \u2013))(?=[ \t\n])")
# "1990--2000", "wort--wort" -> en dash; "-->" is left for arrows.
EN_DASH_RE = (r"\-", r"(?<!--)-(?![->])")
DQUOTE_RE = ('"', "")
SQUOTE_RE = ("'", "")

# A number and its unit stay on one line: "30 %", "5 km", "10 Min.".
UNITS = (
    "%",
    "‰",
    "€",
    "$",
    "£",
    "¥",
    "°C",
    "°F",
    "°",
    "km",
    "m",
    "cm",
    "mm",
    "µm",
    "kg",
    "g",
    "mg",
    "t",
    "l",
    "ml",
    "cl",
    "dl",
    "h",
    "min",
    "s",
    "ms",
    "Min.",
    "Std.",
    "Sek.",
    "Mio.",
    "Mrd.",
    "Tsd.",
    "kWh",
    "kW",
    "W",
    "V",
    "Hz",
    "MB",
    "GB",
    "TB",
    "px",
    "EUR",
    "USD",
    "CHF",
)
UNIT_RE = (
    r"\d",
    r" (?=(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + r")(?!\w))",
)
# A sign and its number: "€ 100", "EUR 100", "§ 5" (the space becomes no-break).
SIGN_RE = ("€$£§RDF", r"(?:(?<=[€$£§])|(?<=\bEUR|\bUSD|\bCHF)) (?=\d)")
# "Nr. 3", "S. 12", "No. 3": any short word with a dot before a number (the
# Typesetter keeps only the language's markers, see Rules.prefixes).
PREFIX_RE = (r"\.", r"(?<=[^\W\d_]\.) (?=\d)")


# --- German --------------------------------------------------------------------

# Two- and three-part abbreviations get a narrow no-break space inside.
GERMAN_ABBREVIATIONS = (
    "z. B.",
    "d. h.",
    "u. a.",
    "s. o.",
    "s. u.",
    "z. T.",
    "i. d. R.",
    "u. U.",
    "o. Ä.",
    "u. Ä.",
    "v. a.",
    "m. E.",
    "u. v. m.",
    "o. g.",
    "i. A.",
    "i. V.",
    "z. Zt.",
    "s. a.",
    "v. Chr.",
    "n. Chr.",
    "d. J.",
)


def _abbreviation_re(abbreviations):
    """Triggered by the first dot: "z. B." -> ". B." after a lone "z"."""
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
    return r"\.", r"(?<![\w.][^\W\d_]\.)(?:" + "|".join(alts) + ")"


GERMAN_MONTHS = (
    "Januar",
    "Jänner",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
    "Jan",
    "Feb",
    "Mär",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Okt",
    "Nov",
    "Dez",
)
# "27. November 2026": a no-break space after the day (one or two digits).
GERMAN_DATE_RE = (
    r"\.",
    r"(?<=\d\.) (?=(?:" + "|".join(sorted(GERMAN_MONTHS, key=len, reverse=True)) + r")\b)",
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
        """`parts`: (name, (triggers, rest)) pairs, in the order they are tried
        where more than one applies; SKIP comes first."""
        self.name = name
        self.prefixes = frozenset(prefixes)
        parts = (("skip", SKIP),) + tuple(parts)
        triggers = "".join(trigger for _name, (trigger, _rest) in parts)
        branches = "|".join(
            f"(?P<{name}>(?<=[{trigger}]){rest})" for name, (trigger, rest) in parts
        )
        self.pattern = re.compile(f"[{triggers}](?:{branches})")
        # (opening, closing) quote marks; None: straight quotes stay.
        self.double = double
        self.single = single
        opening = "".join(q[0] for q in (double, single) if q)
        self.open_after = frozenset(_OPEN_AFTER | set(opening))


_COMMON = (
    ("ellipsis", ELLIPSIS_RE),
    ("em_dash", EM_DASH_RE),
    ("spaced_dash", SPACED_DASH_RE),
    ("en_dash", EN_DASH_RE),
    ("unit", UNIT_RE),
    ("sign", SIGN_RE),
)
_QUOTES = (("dquote", DQUOTE_RE), ("squote", SQUOTE_RE))
_GERMAN = (
    ("abbreviation", _abbreviation_re(GERMAN_ABBREVIATIONS)),
    ("date", GERMAN_DATE_RE),
    ("prefix", PREFIX_RE),
)

GERMAN = Rules(
    "de",
    _GERMAN + _COMMON + _QUOTES,
    double=("\u201e", "\u201c"),  # „…“
    single=("\u201a", "\u2018"),  # ‚…‘
    prefixes=GERMAN_PREFIXES,
)
SWISS_GERMAN = Rules(
    "de-ch",
    _GERMAN + _COMMON + _QUOTES,
    double=("\u00ab", "\u00bb"),  # «…»
    single=("\u2039", "\u203a"),  # ‹…›
    prefixes=GERMAN_PREFIXES,
)
ENGLISH = Rules(
    "en",
    (("prefix", PREFIX_RE),) + _COMMON + _QUOTES,
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
        # The context character may trigger a unit or sign rule ("*5* %").
        m = rules.pattern.match(s)
        if m is not None and m.lastgroup in ("unit", "sign"):
            out.append(NBSP)
            last_char = NBSP
            last = m.end()
        for m in rules.pattern.finditer(s, last):
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
            if kind == "spaced_dash":
                # The spaces before the dash, after a word (not at a line start).
                spaces = start
                while spaces > last and s[spaces - 1] == " ":
                    spaces -= 1
                if s[spaces - 1].isspace():
                    if m.group() != "--":
                        continue
                    kind = "en_dash"  # "--" at a line start: still an en dash
                else:
                    start = spaces
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
            else:  # unit, sign: the trigger stays, the space after it binds
                new = m.group()[0] + NBSP
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
