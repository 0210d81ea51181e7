"""Pelican glue: the Markdown extension in every run, typographic titles.

Signals, and why each:

* `readers_init`: before the readers are built for a run, make sure the
  extension is in MARKDOWN (its options checked; `default_lang` from
  DEFAULT_LANG unless set), and read Markdown with our `MarkdownReader`,
  which typesets and HTML-escapes the title while it is still plain text.
* `article_generator_context` / `page_generator_context`: the title is HTML
  now (our escaping plus typogrify's spans), so it becomes `Markup`. Its
  no-break spaces are character references, which `|striptags` (<title>, meta
  tags) and the feed writer turn into the real characters; typogrify's
  `&nbsp;` included.

typogrify's `amp`, `caps` and `widont` (the extension's `typogrify` option)
are applied by `MarkdownReader.read` to body, title and summary, once per
file, instead of by Pelican's TYPOGRIFY pass, which runs in every run (the
subsite too) after the reader cache: see `typogrify_filters.py`. With
TYPOGRIFY on, Pelican's pass does it and the reader leaves it alone.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from contextlib import contextmanager

from markdown import Markdown
from markupsafe import Markup, escape
from pelican import signals
from pelican.readers import MarkdownReader as PelicanMarkdownReader
from pelican.utils import pelican_open

from .extension import GermanTypographyExtension
from .rules import NBSP, NNBSP, typeset_text
from .typogrify_filters import FILTERS, typogrify

log = logging.getLogger(__name__)

# The extension's name in MARKDOWN["extension_configs"].
EXTENSION = "german_typography"
DEFAULTS = {key: value for key, (value, _help) in GermanTypographyExtension().config.items()}


def latin1_body(html: str) -> str:
    """The body with every character beyond U+00FF as a character reference
    ("„" -> "&#8222;"), as WordPress's wptexturize and smartypants write them.

    Why: Python stores a string that holds one such character at 2 bytes per
    character (4 for emoji). A German body is Latin-1 but for its typographic
    quotes and dashes, a "€" or a "→" (ä, ö, ü, ß and the no-break space are
    Latin-1), and every body is held twice while a site is written (as read,
    and with its links resolved). At N=1000 that was 15 MB of a 95 MB peak.
    The page shows the same text. Not where references are not read: in
    `<script>` and `<style>` they would stay literal, so such bodies are kept.
    """
    if html.isascii():
        return html
    lowered = html.lower()
    if "<script" in lowered or "<style" in lowered:
        return html
    return html.encode("latin-1", "xmlcharrefreplace").decode("latin-1")


# Characters XML 1.0 forbids (the feeds would crash on them) and that no
# editor shows: a NUL or a form feed pasted from a PDF or a Word document.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Seconds one file's Markdown may take (setting MARKDOWN_TIME_LIMIT; 0: none).
# Python-Markdown's time grows about cubically with nesting depth: a post of
# 3000 nested list levels would keep the build busy for many minutes. The
# slowest real post takes well under a second.
DEFAULT_TIME_LIMIT = 60


class ContentError(ValueError):
    """A file that cannot be published as it is; the message says why and how to fix it.

    A ValueError: Pelican reports it as "Could not process <file>" and goes on
    with the other files; tools/build.py prints the message with the file."""

    for_author = True


def check_characters(text: str) -> None:
    m = CONTROL_CHARACTER.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise ContentError(
            f"holds the invisible control character U+{ord(m.group()):04X} in line {line}; "
            "delete it (it often comes with text pasted from a PDF or a word processor)"
        )


class _TimeLimit(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise _TimeLimit if the block runs longer than `seconds` (main thread
    only, where Pelican reads; elsewhere, or with 0, no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class MarkdownReader(PelicanMarkdownReader):
    """Pelican's Markdown reader with a typographic, HTML-escaped title.

    The class keeps Pelican's name: Pelican records it as `reader: markdown`
    in the metadata, and other code may rely on that value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # setup_readers() has put the checked options into MARKDOWN.
        config = self.settings["MARKDOWN"]["extension_configs"][EXTENSION]
        self.default_lang = config["default_lang"]
        # Pelican's TYPOGRIFY pass, if on, does it instead (not twice).
        self.filters = () if self.settings.get("TYPOGRIFY") else tuple(config["typogrify"])
        self.ignore_tags = self.settings.get("TYPOGRIFY_IGNORE_TAGS") or []

    def read(self, source_path):
        content, metadata = self._parse(source_path)
        title = metadata.get("title")
        if isinstance(title, str) and not isinstance(title, Markup):
            lang = metadata.get("lang") or self.default_lang
            # Typeset the plain text first (it can only add characters),
            # then escape: `<script>` in a title stays text.
            metadata["title"] = escape(typeset_text(title, lang))
        if self.filters:
            # Where Pelican's TYPOGRIFY pass would apply them: body, title, summary.
            if content:
                content = self._typogrify(content)
            for name in ("title", "summary"):
                if name in metadata:
                    metadata[name] = self._typogrify(metadata[name])
        if content:
            content = latin1_body(content)
        return content, metadata

    def _typogrify(self, html):
        return typogrify(html, self.filters, self.ignore_tags)

    # Pelican's `read` makes a new Markdown object, with all its extensions,
    # for every file (about 4 % of a cold build at N=1000). Here a reader
    # keeps two and resets them between files: one for bodies, one for
    # metadata fields (Pelican converts those with the meta preprocessor
    # removed, and safe_content then removes raw HTML from that object).
    _body_md = None
    _field_md = None

    def _parse(self, source_path):
        """What Pelican's `MarkdownReader.read` does, with reused Markdown objects."""
        if self._body_md is None:
            self._body_md = Markdown(**self.settings["MARKDOWN"])
            self._field_md = Markdown(**self.settings["MARKDOWN"])
            registry = self._field_md.preprocessors
            self._meta = (registry["meta"], registry._priority[registry.get_index_for_name("meta")].priority)
        self._source_path = source_path
        body = self._body_md.reset()
        limit = self.settings.get("MARKDOWN_TIME_LIMIT", DEFAULT_TIME_LIMIT)
        with pelican_open(source_path) as text:
            check_characters(text)
            try:
                with time_limit(limit):
                    content = body.convert(text)
            except _TimeLimit:
                # A half-converted Markdown object is not reused.
                self._body_md = None
                raise ContentError(
                    f"its Markdown took longer than {limit} s to convert (MARKDOWN_TIME_LIMIT); "
                    "it is probably nested very deeply (lists or quotes in lists): simplify it"
                ) from None
        # Pelican's `_parse_metadata` converts the fields with `self._md`,
        # after taking "meta" out of it; the fields' typography follows the
        # body's language.
        fields = self._field_md
        if "meta" not in fields.preprocessors:
            fields.preprocessors.register(self._meta[0], "meta", self._meta[1])
        if EXTENSION in body.treeprocessors and EXTENSION in fields.treeprocessors:
            fields.treeprocessors[EXTENSION].lang = body.treeprocessors[EXTENSION].lang
        self._md = fields
        metadata = self._parse_metadata(body.Meta) if hasattr(body, "Meta") else {}
        return content, metadata


def extension_config(settings) -> dict:
    """The extension's options from MARKDOWN, checked, with DEFAULT_LANG."""
    given = dict(settings["MARKDOWN"].get("extension_configs", {}).get(EXTENSION) or {})
    for key in sorted(set(given) - set(DEFAULTS)):
        log.error(
            "german_typography: unknown option %r in MARKDOWN['extension_configs']"
            "['%s'] in the settings; known options: %s",
            key, EXTENSION, ", ".join(sorted(DEFAULTS)),
        )
        del given[key]
    unknown = [f for f in given.get("typogrify", ()) if f not in FILTERS]
    if unknown:
        log.error(
            "german_typography: unknown typogrify filter(s) %s in MARKDOWN['extension_configs']"
            "['%s']['typogrify'] in the settings; known filters: %s",
            ", ".join(map(repr, unknown)), EXTENSION, ", ".join(FILTERS),
        )
        given["typogrify"] = [f for f in given["typogrify"] if f in FILTERS]
    # Without a setting, the run's DEFAULT_LANG; pelicanconf.py sets the main
    # language, so that a file without `Lang` reads the same in every run.
    return {**DEFAULTS, "default_lang": settings["DEFAULT_LANG"], **given}


def setup_readers(readers):
    settings = readers.settings
    markdown = settings["MARKDOWN"]
    configs = dict(markdown.get("extension_configs", {}))
    configs[EXTENSION] = extension_config(settings)
    # A new dict: i18n subsites share the main run's nested settings.
    settings["MARKDOWN"] = {**markdown, "extension_configs": configs,
                            "extensions": list(markdown.get("extensions", []))}
    for ext, cls in list(readers.reader_classes.items()):
        if cls is PelicanMarkdownReader:
            readers.reader_classes[ext] = MarkdownReader


# In a title, no-break spaces are written as character references. Jinja's
# `striptags` and Pelican's feed writer (`Markup(title).striptags()`) collapse
# whitespace, U+00A0 included, *before* they unescape: a reference survives
# that and comes out as the real character, a raw U+00A0 would not.
_TITLE_SPACES = str.maketrans({NBSP: "&#160;", NNBSP: "&#8239;"})


def _title_markup(html: str) -> Markup:
    return Markup(html.replace("&nbsp;", NBSP).translate(_TITLE_SPACES))


def mark_title_safe(generator, metadata):
    title = metadata.get("title")
    if isinstance(title, Markup):
        metadata["title"] = _title_markup(title)
    elif isinstance(title, str) and metadata.get("reader") == "markdown" and _our_reader(generator):
        # Escaped by MarkdownReader.read, then typogrify added markup.
        metadata["title"] = _title_markup(title)
    summary = metadata.get("summary")
    if isinstance(summary, str):
        metadata["summary"] = summary.replace("&nbsp;", NBSP)


def _our_reader(generator) -> bool:
    return isinstance(generator.readers.readers.get("md"), MarkdownReader)


def register():
    signals.readers_init.connect(setup_readers)
    signals.article_generator_context.connect(mark_title_safe)
    signals.page_generator_context.connect(mark_title_safe)
