"""Find the closing teaser section ("Im nächsten Beitrag") in rendered HTML.

Why our own code: the section is the author's Markdown turned into HTML by
Pelican's reader (with our typography extensions); all we need is the last
heading whose text equals a label, and a cut there. A regex over the reader's
well-formed output does that in one linear pass; a full HTML parser would
re-serialise the body and could change it.
"""

import re
from html import unescape

# A heading of any level, with whatever attributes it has (heading_ids adds an id).
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
# Typography may put invisible characters into a heading: soft hyphens,
# zero-width spaces and joiners. They must not keep a heading from matching.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def heading_text(html: str) -> str:
    """The words of a heading: no tags, entities decoded, one space between
    words (no-break and narrow no-break spaces count as spaces)."""
    text = INVISIBLE.sub("", unescape(TAG.sub("", html)))
    return " ".join(text.split())


def split_teaser(html: str, label: str) -> tuple[str, str | None]:
    """Split `html` at the last heading reading exactly `label`.

    Returns (body before the heading, HTML after it). Without such a heading
    the body is returned unchanged and the teaser is None; a heading with
    nothing after it gives an empty teaser ("").
    """
    found = teaser_headings(html, label)
    if not found:
        return html, None
    last = found[-1]
    return html[: last.start()].rstrip() + "\n", html[last.end() :].strip()


def teaser_headings(html: str, label: str) -> list[re.Match]:
    """Every heading of `html` that reads exactly `label`, in order."""
    wanted = heading_text(label)
    return [m for m in HEADING.finditer(html or "") if heading_text(m.group(2)) == wanted]
