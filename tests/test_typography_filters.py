"""plugins/german_typography/typogrify_filters.py gives typogrify's own output.

typogrify (the library, pinned) is the reference: over generated HTML of the
kind Markdown writes (paragraphs, headings, list items, inline tags, code,
spaces of every kind, ampersands, capitals) and over typogrify's own doctest
cases, the fast filters must return exactly what
`typogrify(html, ignore_tags, smartypants=False, initial_quotes=False)` does.
"""

from german_typography.typogrify_filters import typogrify, widont
from hypothesis import given, settings
from hypothesis import strategies as st
from typogrify.filters import typogrify as reference
from typogrify.filters import widont as reference_widont

WORDS = [
    "Führung",
    "KI",
    "CEO",
    "U.S.A.",
    "z.\u202fB.",
    "30\u00a0%",
    "&",
    "&amp;",
    "wort\u00a0–",
    "x",
    "Kund*innen",
    "2KU2",
    "JIMMY'S",
    "D.O.T.",
    "a",
    "&nbsp;",
]
SPACES = [" ", "  ", "\n", "\u00a0", "\u202f", "\t", ""]
INLINE = ["em", "strong", "a", "span", "b", "i", "code", "abbr", "sup", "kbd"]
BLOCK = ["p", "h1", "h3", "li", "dt", "dd", "div", "blockquote", "pre", "td"]


@st.composite
def inline_runs(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(
            st.sampled_from(
                ["word", "word", "space", "tag", "br"] if depth < 2 else ["word", "space"]
            )
        )
        if kind == "word":
            parts.append(draw(st.sampled_from(WORDS)))
        elif kind == "space":
            parts.append(draw(st.sampled_from(SPACES)))
        elif kind == "br":
            parts.append("<br />")
        else:
            tag = draw(st.sampled_from(INLINE))
            attrs = draw(
                st.sampled_from(
                    ["", ' class="caps"', ' href="https://x.org/A&amp;B CD"', ' title="A & B"']
                )
            )
            parts.append(f"<{tag}{attrs}>{draw(inline_runs(depth + 1))}</{tag}>")
    return "".join(parts)


@st.composite
def documents(draw):
    blocks = []
    for _ in range(draw(st.integers(0, 5))):
        tag = draw(st.sampled_from(BLOCK))
        inner = draw(inline_runs())
        if tag == "li":
            blocks.append(f"<ul>\n<li>{inner}</li>\n<li>{draw(inline_runs())}</li>\n</ul>")
        else:
            blocks.append(f"<{tag}>{inner}{draw(st.sampled_from(SPACES))}</{tag}>")
    return draw(st.sampled_from(["", "\n"])).join(blocks) + draw(
        st.sampled_from(["", "\n", " Ende der Zeile"])
    )


def expected(html, ignore_tags=None):
    return reference(html, ignore_tags, smartypants=False, initial_quotes=False)


@settings(max_examples=400, deadline=None)
@given(documents())
def test_same_output_as_typogrify(html):
    assert typogrify(html) == expected(html)


@settings(max_examples=200, deadline=None)
@given(documents())
def test_same_output_with_ignored_tags(html):
    assert typogrify(html, ignore_tags=["h1", "span.caps"]) == expected(html, ["h1", "span.caps"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            WORDS
            + SPACES
            + ["<em>", "</em>", "</p>", "<p>", "</li>", "<a href='#'>", "</a>", "<br>"]
        ),
        max_size=20,
    )
)
def test_widont_on_any_token_soup(parts):
    text = "".join(parts)
    assert widont(text) == reference_widont(text)


def test_typogrify_doctest_cases():
    cases = [
        "A very simple test",
        "Test",
        " Test",
        "<ul><li>Test</p></li><ul>",
        "<ul><li> Test</p></li><ul>",
        "<p>In a couple of paragraphs</p><p>paragraph two</p>",
        '<h1><a href="#">In a link inside a heading</i> </a></h1>',
        '<h1><a href="#">In a link</a> followed by other text</h1>',
        '<h1><a href="#"></a></h1>',
        "<div>Divs get no love!</div>",
        "<pre>Neither do PREs</pre>",
        "<div><p>But divs with paragraphs do!</p></div>",
        '<h2>"Jayhawks" & KU fans act extremely obnoxiously</h2>',
        "<p>Im Code bleibt <code>x y</code> wie geschrieben.</p>",
    ]
    for html in cases:
        assert typogrify(html) == expected(html), html


def test_only_the_named_filters():
    html = "<p>KI & mehr als zwei Worte</p>"
    assert typogrify(html, filters=("widont",)) == "<p>KI & mehr als zwei&nbsp;Worte</p>"
    assert (
        typogrify(html, filters=("caps",))
        == '<p><span class="caps">KI</span> & mehr als zwei Worte</p>'
    )
    assert typogrify(html, filters=()) == html


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            WORDS
            + SPACES
            + [
                "<em>",
                "</em>",
                "<p>",
                "</p>",
                "<kbd>",
                "</kbd>",
                "<KBD class='x'>",
                "<script>",
                "</script>",
                "<!-- KI -->",
                "<!-- A -- B -->",
                "<!---->",
                "<a title='CEO U.S.'>",
                "</a>",
                "<",
                ">",
                "U.S.",
                ".",
            ]
        ),
        max_size=24,
    )
)
def test_caps_on_any_token_soup(parts):
    """Tags, comments (with and without "--" inside), kbd/script, stray
    brackets: `_caps` agrees with typogrify's `caps` on all of them."""
    from german_typography.typogrify_filters import _caps
    from typogrify.filters import caps as reference_caps

    text = "".join(parts)
    assert _caps(text) == reference_caps(text)
