"""A summary made from a post's opening when it has no `Summary:`.

Pelican does this too (SUMMARY_MAX_LENGTH words of the text), but cuts in
the middle of a sentence, keeps headings, and the theme then shows the same
opening twice on the article page: as the lead and again as the first
paragraph. Here the summary is

- the text before a `<!-- more -->` mark, if the post has one (Jekyll's and
  WordPress' excerpt mark), else
- whole sentences of the opening paragraphs, as many as fit into
  SUMMARY_MAX_LENGTH words (50); a first sentence longer than that is cut
  at a word with "…";
- never a heading, a figure, a list or code; never a footnote mark; tags
  left open by a cut are closed;
- taken from the converted HTML, so typography (quotes, no-break spaces) is
  already applied.

Such a post gets `summary_from_text` (metadata and attribute): the article
template shows no lead then, the text itself begins with it. Feeds, lists,
the meta description and search results use it like a written summary.

Settings: SUMMARIES = {"from_text": True}; SUMMARY_MAX_LENGTH (Pelican's)
is the number of words.
"""

from __future__ import annotations

import logging
import re

import compat
from pelican import signals
from pelican.utils import truncate_html_words
from plugin_helpers import plugin_options, registered

log = logging.getLogger(__name__)

DEFAULTS = {
    # False: a post without Summary: gets Pelican's own (its first words).
    "from_text": True,
}
FLAG = "summary_from_text"

MORE = re.compile(r"<!--\s*more\s*-->", re.I)
# A paragraph of the opening (group 1), or a heading: the opening ends at
# the first heading after a paragraph; other blocks (figures, lists, code)
# are skipped.
BLOCK = re.compile(r"<p>(.*?)</p>|<h[1-6][\s>]", re.S)
# A paragraph that is one link (a video card, "Read more"): no opening.
ONLY_LINK = re.compile(r"^<a\b[^>]*>.*?</a>$", re.S)
FOOTNOTE_MARK = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.S)
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
VOID = {"br", "img", "wbr", "hr", "input", "source"}
# A sentence ends at . ! ? or … (maybe followed by a closing quote or
# bracket) before a space; not after a one-letter word or a known
# abbreviation (z. B., d. h., Dr.).
END = re.compile(r"(?<=[.!?…])[\"“”‘’»«)]*(?=\s|&nbsp;|&#160;|\u00a0|$)")
ABBREVIATIONS = {
    "z",
    "b",
    "d",
    "h",
    "u",
    "a",
    "o",
    "s",
    "bzw",
    "ca",
    "dr",
    "nr",
    "vgl",
    "etc",
    "usw",
    "evtl",
    "ggf",
    "inkl",
    "prof",
    "str",
    "bspw",
    "e.g",
    "i.e",
    "vs",
    "mr",
    "mrs",
    "ms",
    "st",
    "jh",
    "jhd",
}
WORD = re.compile(r"\S+")
# Scan only the opening: a summary is never longer.
OPENING = 6000


def options(settings) -> dict:
    return plugin_options(settings, "summaries", "SUMMARIES", DEFAULTS)


def words(html: str) -> int:
    return len(WORD.findall(TAG.sub(" ", html).replace("&nbsp;", " ").replace("&#160;", " ")))


def close_tags(html: str) -> str:
    """Close the tags a cut left open (innermost first)."""
    stack = []
    for m in TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in VOID or selfclosing:
            continue
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
        else:
            stack.append(name)
    return html + "".join(f"</{name}>" for name in reversed(stack))


def sentences(html: str) -> list[str]:
    """The paragraph's HTML cut into sentences (cuts only outside tags)."""
    cuts, text_spans, last = [], [], 0
    for tag in TAG.finditer(html):
        text_spans.append((last, tag.start()))
        last = tag.end()
    text_spans.append((last, len(html)))
    for start, stop in text_spans:
        for m in END.finditer(html, start, stop):
            before = html[start : m.start()].rstrip('.!?…"“”‘’»«)')
            word = re.split(r"[\s(„“\"»]", before)[-1].lower() if before else ""
            if html[m.start() - 1] == "." and (
                len(word) <= 1 or word in ABBREVIATIONS or word.isdigit()
            ):
                continue
            cuts.append(m.end())
    parts, begin = [], 0
    for cut in cuts:
        if html[begin:cut].strip():
            parts.append(html[begin:cut])
        begin = cut
    if html[begin:].strip():
        parts.append(html[begin:])
    return parts


def summary_from_text(html: str, max_words: int) -> str | None:
    """The summary of a post's HTML (see module doc), or None if it has no
    paragraph before its first heading (or any)."""
    more = MORE.search(html)
    if more:
        return close_tags(FOOTNOTE_MARK.sub("", html[: more.start()]).strip()) or None
    chosen, count, end = [], 0, None
    for block in BLOCK.finditer(html, 0, OPENING):
        if block.group(1) is None:  # a heading: the opening ends at the next one
            if chosen:
                break
            continue
        if chosen and html[end : block.start()].strip():
            break  # the opening's paragraphs follow each other: not one after a list or box
        body = FOOTNOTE_MARK.sub("", block.group(1)).strip()
        if not body or body.startswith(("<img", "<picture")) or ONLY_LINK.match(body):
            if chosen:
                break
            continue
        end = block.end()
        parts, taken = sentences(body), []
        for sentence in parts:
            n = words(sentence)
            if count + n > max_words:
                if not chosen and not taken:  # one long first sentence: cut at a word
                    taken.append(truncate_html_words(sentence, max_words, "…"))
                    count = max_words
                break
            taken.append(sentence)
            count += n
        if taken:
            chosen.append("<p>" + close_tags("".join(taken).strip()) + "</p>")
        if count >= max_words or len(taken) < len(parts):
            break
    return "\n".join(chosen) or None


def add_summary(content) -> None:
    """content_object_init: a post without `Summary:` gets one from its text."""
    if type(content).__name__ not in ("Article", "Page") or "summary" in content.metadata:
        return
    settings = content.settings
    if not options(settings)["from_text"]:
        return
    html = compat.body(content)
    summary = summary_from_text(html, settings.get("SUMMARY_MAX_LENGTH") or 50)
    if summary:
        content.metadata["summary"] = summary
        content.metadata[FLAG] = True
        setattr(content, FLAG, True)


def register():
    registered("summaries")
    # content_object_init: each article and page just made, before lists,
    # feeds and pages use its summary.
    signals.content_object_init.connect(add_summary)
