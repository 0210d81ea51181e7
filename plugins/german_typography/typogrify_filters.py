"""typogrify's `amp`, `caps` and `widont` filters, with the same output, faster.

Pelican's TYPOGRIFY pass runs typogrify over every body, title and summary in
every run (the English subsite too), after its reader cache: a measurable
part of a cold build (bench/README.md), and it kept a second copy of every
body in memory (the reader's and the filtered one). The plugin's reader
calls `typogrify()` below instead, once per file: the result is what the
reader returns, so it is cached with the parse (`plugins/fast_build`).

The output is typogrify's own, character for character (tests/
test_typography_filters.py compares the two on generated HTML):

* The text is cut into sections exactly as typogrify cuts it
  (`process_ignores`: `<pre>`, `<code>` and TYPOGRIFY_IGNORE_TAGS stay as
  they are; each other section is filtered on its own).
* `amp` and `caps` are typogrify's functions; a section is only handed to
  them if it holds what they look for (an `&`; two capitals in a row or
  "X.Y"), since without it they return the section unchanged. `caps` cuts
  the whole section into tags and text in Python, tag by tag; `_caps` cuts
  it with one `re.split` and hands typogrify's `caps` only the text runs
  that hold capitals (for a run of text alone, `caps` is exactly its
  substitution), so the Python loop runs over a few runs instead of every tag.
* `widont` is ours: typogrify's runs one regex over the whole section,
  which costs time at every character. Its no-break space can only stand
  before the last word of a `<p>`, `<h1>`…`<h6>`, `<li>`, `<dt>`, `<dd>` or of
  the section, so we look backwards from each of those ends only (on the
  reversed text, where "backwards" is a forward regex match).
"""

from __future__ import annotations

import re

from typogrify.filters import amp, caps, process_ignores

FILTERS = ("amp", "caps", "widont")

# Without one of these, `caps` finds nothing: its two patterns need two
# capitals with only digits between them, or "X." followed by a capital.
_CAPS_HINT = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.\s?[A-Z]")

# Where widont may bind the last two words: right before one of these.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")

# widont's rule, read from the end of a block backwards (the text reversed):
# optional closing inline tags and spaces, the last word, the spaces before
# it (they become one no-break space), and what must stand before them: a
# character that is neither space nor part of a tag, or an inline tag
# (`<em>`, `</a>`, `<span class="caps">`, …; typogrify matches the name as a
# prefix, so `<abbr>` and `<br>` count too).
_INLINE_REVERSED = r"(?:a|me|naps|gnorts|i|b)"
_LAST_WORD_REVERSED = re.compile(
    r"(?:\s*>" + _INLINE_REVERSED + r"/<)*\s*"  # </em> and spaces after the word
    r"[^<>\s]+"  # the last word
    r"(?P<space>\s+)"  # the space before it
    r"(?:[^<>\s]|>[^>]*" + _INLINE_REVERSED + r"/?<)"  # what precedes the space
)


def widont(text: str) -> str:
    """typogrify's `widont`: a no-break space before the last word of each
    paragraph, heading, list item, definition and of the text itself."""
    size = len(text)
    ends = [m.span() for m in _BLOCK_END.finditer(text)]
    ends.append((size, size))
    reversed_text = text[::-1]
    spaces = []  # (start, stop) of each space to replace, in text order
    # As with typogrify's left-to-right regex: a binding never reaches back
    # into the block end of the previous binding.
    bound = 0
    for start, stop in ends:
        m = _LAST_WORD_REVERSED.match(reversed_text, size - start, size - bound)
        if m is not None:
            spaces.append((size - m.end("space"), size - m.start("space")))
            bound = stop
    if not spaces:
        return text
    out = []
    last = 0
    for start, stop in spaces:
        out.append(text[last:start])
        out.append("&nbsp;")
        last = stop
    out.append(text[last:])
    return "".join(out)


# How smartypants (which typogrify's `caps` uses) cuts HTML into tags and text:
# a comment, or "<" up to the next ">". As a split pattern, the tags are the
# odd items.
_TAG_SOUP = re.compile(r"(<!--.*?--\s*>|<[^>]*>)", re.S)
# After these opening tags `caps` leaves the next run of text alone.
_CAPS_SKIP = re.compile(r"<(/)?(?:kbd|script)[^>]*>", re.I)


def _caps(section: str) -> str:
    """typogrify's `caps` over `section`, applied to the text runs only."""
    parts = _TAG_SOUP.split(section)
    skipping = False
    for i, part in enumerate(parts):
        if i % 2 and not _comment_as_text(part):
            opening = _CAPS_SKIP.match(part)
            skipping = bool(opening) and opening.group(1) is None
        elif part and not skipping and _CAPS_HINT.search(part):
            parts[i] = caps(part)
    return "".join(parts)


def _comment_as_text(tag: str) -> bool:
    """smartypants reads a comment with "--" inside as text."""
    return tag.startswith("<!--") and "--" in tag[4:].rstrip(">").rstrip().rstrip("-")


def _filter(section: str, filters) -> str:
    if "amp" in filters and "&" in section:
        section = amp(section)
    if "caps" in filters and _CAPS_HINT.search(section):
        section = _caps(section)
    if "widont" in filters:
        section = widont(section)
    return section


def typogrify(html: str, filters=FILTERS, ignore_tags=None) -> str:
    """`typogrify.filters.typogrify(html, ignore_tags, smartypants=False,
    initial_quotes=False, …)` with the filters named in `filters`."""
    html = str(html)  # a title may be Markup; the result is plain text
    return "".join(
        _filter(section, filters) if process else section
        for section, process in process_ignores(html, ignore_tags)
    )
