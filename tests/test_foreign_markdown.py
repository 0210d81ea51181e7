"""Units of plugins/foreign_markdown and plugins/summaries (issue 13), without a
site build: front matter, dates, shortcodes, language guess, summaries.
The built HTML is tested in tests/test_foreign_content.py."""

from __future__ import annotations

import pytest
from foreign_markdown import front_matter, shortcodes
from foreign_markdown.extension import guess_language, markdown_in_html
from markdown import Markdown
from summaries.summaries import summary_from_text


def md() -> Markdown:
    return Markdown(extensions=["meta", "extra", "foreign_markdown.extension"])


def convert(text: str) -> tuple[str, dict]:
    m = md()
    html = m.convert(text)
    return html, m.Meta


# --- front matter ----------------------------------------------------------------


def test_yaml_front_matter_with_a_blank_line_is_all_metadata():
    html, meta = convert(
        '---\ntitle: "Neue Karte: Der „Meshviewer”"\ntags: [a, b]\n\nimgname: x.png\n---\nText.\n'
    )
    assert html == "<p>Text.</p>"
    assert meta["title"] == ["Neue Karte: Der „Meshviewer”"]
    assert meta["tags"] == ["a, b"]
    assert meta["imgname"] == ["x.png"]


def test_body_starting_like_a_field_stays_body():
    html, meta = convert("---\ntitle: T\n---\nHinweis: das ist Text.\n")
    assert html == "<p>Hinweis: das ist Text.</p>" and meta == {"title": ["T"]}


def test_pelican_fields_between_dashes_are_left_to_meta():
    html, meta = convert("---\nTitle: Neue Karte: Der Meshviewer\nDate: 2015-04-03\n---\nText.\n")
    assert meta["title"] == ["Neue Karte: Der Meshviewer"] and html == "<p>Text.</p>"


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"draft": True}, {"status": ["draft"]}),
        ({"published": False}, {"status": ["draft"]}),
        ({"categories": ["Technik", "Sonstiges"]}, {"category": ["Technik"]}),
        ({"description": "Kurz."}, {"summary": ["Kurz."]}),
        ({"excerpt": "Kurz."}, {"summary": ["Kurz."]}),
        ({"lastmod": "2015-05-01"}, {"modified": ["2015-05-01"]}),
        ({"featured_image": "/images/a.jpg"}, {"image": ["/images/a.jpg"]}),
        ({"language": "en_US"}, {"lang": ["en_US"]}),
        ({"authors": ["A", "B"]}, {"authors": ["A, B"]}),
        ({"Title": "X", "cover": {"image": "c.jpg"}}, {"title": ["X"], "cover": ["image: c.jpg"]}),
    ],
)
def test_keys_of_other_generators_are_mapped(data, expected):
    assert front_matter.to_meta(data) == expected


def test_broken_front_matter_names_the_line():
    with pytest.raises(front_matter.FrontMatterError, match="line 3"):
        convert("---\ntitle: T\ntags: [a, b\ndate: 2015-01-01\n---\nText.\n")
    with pytest.raises(front_matter.FrontMatterError, match="no closing"):
        convert("---\ntitle: T\n\nText.\n")


# --- dates and languages ------------------------------------------------------------


@pytest.mark.parametrize(
    "value, iso",
    [
        ("03.04.2015", "2015-04-03"),
        ("3.4.2015 9:05", "2015-04-03 09:05"),
        ("03.04.2015, 14.30 Uhr", "2015-04-03 14:30"),
        ("2015-04-03 10:00", "2015-04-03 10:00"),
        ("Dec 6, 2020", "Dec 6, 2020"),  # Pelican reads it
    ],
)
def test_german_dates_day_first(value, iso):
    assert front_matter.german_date(value) == iso


@pytest.mark.parametrize(
    "value, words",
    [
        ("03/04/2015", ["'03/04/2015'", "2015-04-03 or 2015-03-04"]),
        ("25/12/2015", ["'25/12/2015'", "2015-12-25"]),
        ("03.04.15", ["'03.04.15'", "2015-04-03"]),
        ("31.02.2015", ["'31.02.2015'", "no date of the calendar"]),
    ],
)
def test_ambiguous_or_impossible_dates_quote_value_and_iso(value, words):
    with pytest.raises(front_matter.FrontMatterError) as info:
        front_matter.german_date(value)
    for word in words:
        assert word in str(info.value)


def test_date_lines_of_pelican_posts_are_read_day_first():
    assert convert("Title: T\nDate: 03.04.2015\n\nText.\n")[1]["date"] == ["2015-04-03"]
    assert convert("Title: T\nLang: en-GB\n\nText.\n")[1]["lang"] == ["en"]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "This is what we have been told about the way that things are, and it would be fine for you to "
            "know which of them are true.",
            "en",
        ),
        (
            "Das ist nicht das, was wir uns gedacht haben, aber es ist auch nicht schlecht, wenn wir es mit "
            "dir und den anderen sehen.",
            "de",
        ),
        ("Ein kurzer Text with some words.", None),
    ],
)
def test_language_guess(text, lang):
    assert guess_language(text) == lang


# --- shortcodes and Liquid ------------------------------------------------------------


def test_known_shortcodes_become_markdown():
    lines = shortcodes.convert(
        [
            '{{< figure src="/images/a.jpg" alt="Alt" caption="Bild „eins“" >}}',
            "{{< youtube dQw4w9WgXcQ >}}",
            '[x]({{< relref "other" >}}) and {% post_url 2015-04-03-hugo %}',
        ],
        "de",
    )
    assert lines[0] == '![Alt](/images/a.jpg "Bild „eins“")'
    assert (
        lines[1]
        == "[Video auf YouTube ansehen](https://www.youtube.com/watch?v=dQw4w9WgXcQ){: .video-card }"
    )
    assert lines[2] == "[x]({filename}other.md) and {filename}2015-04-03-hugo.md"


def test_code_keeps_its_shortcodes():
    lines = [
        "```",
        "{{< gallery >}}",
        "```",
        "",
        "    {% include x.html %}",
        "",
        "Inline `{{< x >}}` code.",
    ]
    assert shortcodes.convert(lines, "de") == lines


def test_highlight_blocks_become_fences():
    assert shortcodes.convert(
        ["{% highlight ruby %}", "puts '{% x %}'", "{% endhighlight %}"], "de"
    ) == ["```ruby", "puts '{% x %}'", "```"]


@pytest.mark.parametrize(
    "tag",
    ['{{< gallery dir="x" >}}', "{% include toc.html %}", "{{ site.baseurl }}", "{{% notice %}}"],
)
def test_unknown_tags_stop_naming_line_and_tag(tag):
    with pytest.raises(front_matter.FrontMatterError) as info:
        shortcodes.convert(["Text", "", f"Vorher {tag} nachher"], "de", first_line=5)
    assert "line 7" in str(info.value) and tag in str(info.value)


def test_video_cards_in_english_and_iframes():
    html, _ = convert(
        'Lang: en\n\n<iframe src="https://player.vimeo.com/video/123?h=1" title="Knots"></iframe>\n'
    )
    assert (
        'href="https://vimeo.com/123"' in html
        and "Knots (video on Vimeo)" in html
        and "<iframe" not in html
    )


def test_markdown_in_html_gets_markdown_1_only_where_it_is_markdown():
    assert 'markdown="1"' in markdown_in_html("<div>\n**fett**\n</div>")
    assert (
        markdown_in_html("<div>\n<p>HTML</p> **x**\n</div>") == "<div>\n<p>HTML</p> **x**\n</div>"
    )
    assert markdown_in_html("<div>\nnur Text\n</div>") == "<div>\nnur Text\n</div>"


# --- summaries --------------------------------------------------------------------------


def test_summary_whole_sentences_no_heading():
    html = (
        "<h2>Start</h2>\n<p>Erster Satz, z.&nbsp;B. mit Abkürzung. Zweiter <em>Satz! Mit</em> Betonung.</p>\n"
        "<p>" + "Wort " * 45 + "Ende.</p>"
    )
    assert summary_from_text(html, 50) == (
        "<p>Erster Satz, z.&nbsp;B. mit Abkürzung. Zweiter <em>Satz! Mit</em> Betonung.</p>"
    )


def test_summary_of_one_long_sentence_is_cut_at_a_word_with_tags_closed():
    summary = summary_from_text("<p><strong>" + "Wort " * 60 + "</strong>Ende.</p>", 50)
    assert summary.endswith("Wort …</strong></p>") and summary.count("Wort") == 50


def test_summary_before_the_more_mark_and_without_footnote_marks():
    html = '<p>Anfang<sup id="fnref:1"><a href="#fn:1">1</a></sup> hier.</p>\n<!-- more -->\n<p>Rest.</p>'
    assert summary_from_text(html, 50) == "<p>Anfang hier.</p>"


def test_no_summary_from_a_text_without_paragraphs():
    assert summary_from_text("<h2>Nur</h2>\n<ul><li>Liste</li></ul>", 50) is None
