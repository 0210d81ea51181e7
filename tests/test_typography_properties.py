"""Property tests: over random German-ish Markdown with stars, quotes, dashes,
dots and code spans, the typography never raises, never loses or reorders a
letter or digit, and leaves code spans byte-identical."""

import html
import re

import markdown
from german_typography.extension import GermanTypographyExtension
from german_typography.rules import typeset_text
from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = [
    "Kund",
    "innen",
    "Partner",
    "jede",
    "r",
    "Führung",
    "geht",
    "s",
    "z.",
    "B.",
    "30",
    "%",
    "§",
    "5",
    "Nr.",
    "27.",
    "November",
    "Straße",
    "Ärger",
    "KI",
    "wort",
    "Hans",
    "d.",
    "h.",
    "km",
    "Min.",
    "Übermorgen",
    "Beziehungsgestaltungsfragen",
]
PUNCT = ["*", "**", '"', "'", "-", "--", "---", "...", ".", ",", ":", "_", "„", "“", "’", "–", "…"]
CODE_CHARS = st.characters(codec="utf-8", exclude_characters="`\n\r\t\x00\x02\x03<>&")


def code_spans():
    # A code span's content without backticks, newlines or edge spaces (which
    # Markdown would strip); <>& are escaped in HTML and compared escaped.
    return (
        st.text(CODE_CHARS, min_size=1, max_size=12)
        .filter(lambda s: s.strip() == s and s.strip())
        .map(lambda s: ("code", s))
    )


def tokens():
    return st.one_of(
        st.sampled_from(WORDS).map(lambda w: ("text", w)),
        st.sampled_from(PUNCT).map(lambda p: ("text", p)),
        st.sampled_from([" ", " ", "  ", "\n"]).map(lambda s: ("text", s)),
        code_spans(),
    )


@st.composite
def documents(draw):
    parts = draw(st.lists(tokens(), min_size=1, max_size=40))
    source = []
    codes = []
    for kind, value in parts:
        if kind == "code":
            # Separate the span from neighbouring backtick-free text safely.
            source.append(f" `{value}` ")
            codes.append(value)
        else:
            source.append(value)
    text = "".join(source)
    # A paragraph break now and then, never an indented code block.
    text = "\n".join(line.lstrip() for line in text.split("\n"))
    return text, codes


def letters(text: str) -> str:
    """Letters and digits in order: what typography must never change."""
    return "".join(re.findall(r"[^\W_]", text))


# What typography may change: quote marks, dashes, dots, stars (a gender star
# stays, where plain Markdown made emphasis) and kinds of space.
FOLD = re.compile(r"[*\"'„“”‚‘’‹›«»\-–—….\s]")


def folded(text: str) -> str:
    return FOLD.sub("", text)


def rendered_text(out: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", out))


def convert(text, lang):
    md = markdown.Markdown(extensions=[GermanTypographyExtension(default_lang=lang)])
    return md.convert(text)


@settings(max_examples=200, deadline=None)
@given(documents(), st.sampled_from(["de", "en", "de-CH", "fr"]))
def test_never_raises_and_keeps_letters_in_order(doc, lang):
    text, _codes = doc
    out = rendered_text(convert(text, lang))
    # Compared with plain Markdown's text (Markdown itself turns "27. " into
    # a list number): the same letters and digits, in order ...
    plain = rendered_text(markdown.markdown(text))
    assert letters(out) == letters(plain)
    # ... and everything else too, once typographic characters are folded.
    assert folded(out) == folded(plain)


@settings(max_examples=200, deadline=None)
@given(documents(), st.sampled_from(["de", "en"]))
def test_code_spans_are_byte_identical(doc, lang):
    text, codes = doc
    out = convert(text, lang)
    found = re.findall(r"<code>(.*?)</code>", out, flags=re.S)
    assert found == [html.escape(c, quote=False) for c in codes]


@settings(max_examples=200, deadline=None)
@given(documents(), st.sampled_from(["de", "en"]))
def test_same_code_spans_as_without_typography(doc, lang):
    """Compared with plain Python-Markdown, the code is the same."""
    text, _codes = doc
    plain = markdown.markdown(text)
    out = convert(text, lang)
    assert re.findall(r"<code>.*?</code>", out, flags=re.S) == re.findall(
        r"<code>.*?</code>", plain, flags=re.S
    )


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.sampled_from(list("aßÄ1 .-'\"*%§…„“’–\n")), max_size=40),
    st.sampled_from(["de", "en", "xx"]),
)
def test_plain_text_rules_keep_letters(text, lang):
    out = typeset_text(text, lang)
    assert letters(out) == letters(text)
    # Only characters are swapped or spaces made no-break: never more text.
    assert len(out) <= len(text)
