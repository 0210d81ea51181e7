"""Series (issue 4): finding the closing teaser section in rendered HTML.

The function works on what Pelican's Markdown reader (with our typography)
writes; the build tests in test_series.py cover it end to end."""

import markdown
from series.teaser import split_teaser

LABEL = "Im nächsten Beitrag"


def render(text):
    return markdown.markdown(text, extensions=["heading_ids", "extra"])


def test_any_heading_level_and_everything_after_it():
    for level in range(1, 7):
        html = render(f"Text.\n\n{'#' * level} Im nächsten Beitrag\n\nEins.\n\n- zwei\n")
        body, teaser = split_teaser(html, LABEL)
        assert body.strip() == "<p>Text.</p>"
        assert teaser == "<p>Eins.</p>\n<ul>\n<li>zwei</li>\n</ul>"


def test_typography_inside_the_heading_still_matches():
    for heading in (
        "Im&nbsp;nächsten Beitrag",
        "Im n&auml;chsten\u202fBeitrag",
        "Im näch\u00adsten <em>Beitrag</em>",
    ):
        body, teaser = split_teaser(f'<p>A</p>\n<h2 id="x">{heading}</h2>\n<p>B</p>', LABEL)
        assert (body.strip(), teaser) == ("<p>A</p>", "<p>B</p>"), heading


def test_only_an_exact_heading_counts():
    for html in (
        "<p>Im nächsten Beitrag zeigen wir mehr.</p>",
        "<h2>Im nächsten Beitrag zeigen wir</h2><p>B</p>",
        "<h2>im nächsten beitrag</h2><p>B</p>",
        "<h2>Im nächsten Beitrag:</h2><p>B</p>",
    ):
        assert split_teaser(html, LABEL) == (html, None), html


def test_the_last_such_heading_is_the_cut():
    html = "<h2>Im nächsten Beitrag</h2><p>A</p><h2>Im nächsten Beitrag</h2><p>B</p>"
    body, teaser = split_teaser(html, LABEL)
    assert body.strip() == "<h2>Im nächsten Beitrag</h2><p>A</p>"
    assert teaser == "<p>B</p>"


def test_a_heading_with_nothing_after_it_gives_an_empty_teaser():
    assert split_teaser("<p>A</p><h3>In the next post</h3>\n", "In the next post") == (
        "<p>A</p>\n",
        "",
    )
