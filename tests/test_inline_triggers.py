"""plugins/inline_triggers: Python-Markdown's inline patterns tried only on
texts that hold what they need; the HTML must be exactly stock Markdown's."""

import re

import markdown
import pytest
from generate import generate
from hypothesis import given, settings
from hypothesis import strategies as st
from inline_triggers.inline_triggers import (
    KNOWN_PATTERNS,
    TriggeredInlineProcessor,
    required_text,
)
from pelican.settings import read_settings
from sitebuild import REPO

CONFIGS = read_settings(str(REPO / "pelicanconf.py"))["MARKDOWN"]["extension_configs"]


def site_markdown(triggers=True):
    """The site's Markdown (pelicanconf.py), with or without inline_triggers."""
    configs = {
        name: config for name, config in CONFIGS.items() if triggers or name != "inline_triggers"
    }
    return markdown.Markdown(
        extensions=list(configs), extension_configs=configs, output_format="html5"
    )


FAST, STOCK = site_markdown(), site_markdown(triggers=False)


def both(text):
    return FAST.reset().convert(text), STOCK.reset().convert(text)


def test_the_site_converts_with_the_triggered_processor():
    assert type(FAST.treeprocessors["inline"]) is TriggeredInlineProcessor
    assert type(STOCK.treeprocessors["inline"]) is not TriggeredInlineProcessor


def test_every_inline_pattern_of_the_site_is_known():
    """If a Markdown upgrade changes a regex, its pattern is tried on every
    text again (correct, but slow): this test says so."""
    unknown = [type(p).__name__ for p in FAST.inlinePatterns if required_text(p) is None]
    assert unknown == []


TRICKY = [
    "Kund*innen und *Betonung* und **fett** und _unter_ und __doppelt__",
    "Ein `code` und ``zwei ` Backticks`` und \\`kein Code\\` und \\\\`doch Code`",
    'Links: [Text](https://example.org "Titel"), [Ref][r], [r], ![Bild](/a.png), ![Ref][r]\n\n[r]: /ziel',
    "Fußnote[^1] und [^fehlt] und [^ nicht].\n\n[^1]: Die *Fußnote* mit [Link](/x).",
    "Auto: <https://example.org/a?b=1&c=2>, <mail@example.org>, <b>fett</b>, <!-- Kommentar -->",
    "Entitäten: &amp; &copy; &#169; &#xA9; & allein &nbsp;x",
    "Zeilen  \nUmbruch und Tab\t\nUmbruch und \\\nkein Umbruch",
    "*Betonung mit [Link](/a) und `code`* und [*Link mit Betonung*](/b)",
    "Escapes: \\* \\_ \\[ \\] \\< \\& \\` \\\\ \\!",
    "ABBR und HTML\n\n*[ABBR]: Eine Abkürzung\n*[HTML]: Hypertext",
    "## Überschrift mit *Stern* {: #eigen .klasse }\n\nText {: .absatz }",
    '<div markdown="1">*Markdown* in [HTML](/x)</div>',
    "Begriff\n:   Definition mit *Betonung* und Kund*innen",
    "| Kopf | *Zwei* |\n| --- | --- |\n| `a|b` | [x](/y) |",
    "- Liste mit *a*\n- und **b** und\n    - `innen` und <span>html</span>",
    "```python\nprint('*nicht* [betont]')\n```\n\nDanach *doch*.",
    "Sternchen * allein, a * b, **, ***drei***, *_gemischt_*, jede*r, Kund*Innen",
    "Kaputt: [offen und ![offen und <offen und &offen und `offen",
]


@pytest.mark.parametrize("text", TRICKY)
def test_same_html_as_python_markdown_on_tricky_texts(text):
    fast, stock = both(text)
    assert fast == stock


def test_same_html_as_python_markdown_on_the_benchmark_corpus_and_the_site(tmp_path):
    generate(200, tmp_path / "content")
    files = sorted((tmp_path / "content").rglob("*.md")) + sorted((REPO / "content").rglob("*.md"))
    assert len(files) > 200
    for path in files:
        fast, stock = both(path.read_text(encoding="utf-8"))
        assert fast == stock, path


PIECES = [
    "Kund",
    "innen",
    "wort",
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "*",
    "**",
    "_",
    "`",
    "``",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "/x",
    "!",
    "<",
    ">",
    "&",
    ";",
    "#",
    "^",
    ":",
    "{",
    "}",
    ".",
    "amp",
    "https://",
    "@",
    '"',
    "'",
    "-",
    "|",
    "    ",
    # whole constructs, so that the random texts hold matches, too
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "&amp;",
    "&#169;",
    "[x](/y)",
    "![a](/b)",
    "[^1]",
    "<https://a.b/c>",
    "<a@b.de>",
    "`c`",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_html_as_python_markdown_on_random_texts(text):
    fast, stock = both(text)
    assert fast == stock


@pytest.mark.parametrize("regex", sorted(KNOWN_PATTERNS))
@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_a_known_regex_never_matches_without_its_text(regex, text):
    needed = KNOWN_PATTERNS[regex]
    for piece in needed:  # take every required text out of the sample
        text = text.replace(piece, "")
    if any(piece in text for piece in needed):  # removing made a new one
        return
    assert re.search(regex, text, re.DOTALL) is None


def test_own_patterns_can_say_what_they_need():
    gender_star = FAST.inlinePatterns["gender_star"]
    assert required_text(gender_star) == ("*",)
    assert re.search(gender_star.pattern, "Kundinnen und Kund_innen") is None
