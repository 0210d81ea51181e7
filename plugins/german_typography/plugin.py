"""Pelican glue: the Markdown extension in every run, typographic titles.

Signals and pipeline steps, and why each:

* `readers_init`: before the readers are built for a run, make sure the
  extension is in MARKDOWN (its options checked; `default_lang` from
  DEFAULT_LANG unless set).
* read_pipeline transforms `typography` (100) and `latin1_body` (200): the
  title typeset and HTML-escaped while it is still plain text; typogrify's
  `amp`, `caps` and `widont` (the extension's `typogrify` option) on body,
  title and summary, once per file and session, instead of Pelican's
  TYPOGRIFY pass, which runs in every run (the subsite too) after the read
  cache: see `typogrify_filters.py`. With TYPOGRIFY on, Pelican's pass does
  it and the transform leaves it alone.
* `article_generator_context` / `page_generator_context`: the title is HTML
  now (our escaping plus typogrify's spans), so it becomes `Markup`. Its
  no-break spaces are character references, which `|striptags` (<title>, meta
  tags) and the feed writer turn into the real characters; typogrify's
  `&nbsp;` included.
"""

from __future__ import annotations

import logging

from markupsafe import Markup, escape
from pelican import signals
from plugin_helpers import plugin_options, requires
from read_pipeline import Transform, add_transform, transforms
from read_pipeline.pipeline import MarkdownReader as PipelineMarkdownReader

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
    and with its links resolved): a large part of the build's peak memory
    (figures in bench/README.md). The page shows the same text. Not where references are not read: in
    `<script>` and `<style>` they would stay literal, so such bodies are kept.
    """
    if html.isascii():
        return html
    lowered = html.lower()
    if "<script" in lowered or "<style" in lowered:
        return html
    return html.encode("latin-1", "xmlcharrefreplace").decode("latin-1")


def typography(html: str, metadata: dict, context) -> str:
    """Transform `typography` (read_pipeline, order 100): the title typeset in
    the document's language and HTML-escaped while it is still plain text;
    typogrify's filters on body, title and summary, where Pelican's TYPOGRIFY
    pass would apply them (with TYPOGRIFY on, that pass does it instead)."""
    settings = context.settings
    config = settings["MARKDOWN"]["extension_configs"].get(EXTENSION)
    if config is None:  # the extension is not in this run's MARKDOWN
        return html
    title = metadata.get("title")
    if isinstance(title, str) and not isinstance(title, Markup):
        lang = metadata.get("lang") or config["default_lang"]
        # Typeset the plain text first (it can only add characters),
        # then escape: `<script>` in a title stays text.
        metadata["title"] = escape(typeset_text(title, lang))
    filters = () if settings.get("TYPOGRIFY") else tuple(config["typogrify"])
    if filters:
        ignore = settings.get("TYPOGRIFY_IGNORE_TAGS") or []
        if html:
            html = typogrify(html, filters, ignore)
        for name in ("title", "summary"):
            if name in metadata:
                metadata[name] = typogrify(metadata[name], filters, ignore)
    return html


def latin1(html: str, metadata: dict, context) -> str:
    """Transform `latin1_body` (read_pipeline, order 200): see latin1_body."""
    return latin1_body(html) if html else html


def extension_config(settings) -> dict:
    """The extension's options from MARKDOWN, checked, with DEFAULT_LANG."""
    # Unknown options are left out: Markdown would refuse the extension.
    given = plugin_options(
        settings,
        "german_typography",
        f"MARKDOWN['extension_configs'][{EXTENSION!r}]",
        {},
        value=settings["MARKDOWN"].get("extension_configs", {}).get(EXTENSION) or {},
        level=logging.ERROR,
        known=sorted(DEFAULTS),
    )
    unknown = [f for f in given.get("typogrify", ()) if f not in FILTERS]
    if unknown:
        log.error(
            "german_typography: unknown typogrify filter(s) %s in MARKDOWN['extension_configs']"
            "['%s']['typogrify'] in the settings; known filters: %s",
            ", ".join(map(repr, unknown)),
            EXTENSION,
            ", ".join(FILTERS),
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
    settings["MARKDOWN"] = {
        **markdown,
        "extension_configs": configs,
        "extensions": list(markdown.get("extensions", [])),
    }


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
    reader = generator.readers.readers.get("md")
    return isinstance(reader, PipelineMarkdownReader) and any(
        t.name == "typography" for t in transforms(type(reader).__name__)
    )


def register():
    requires("german_typography", "read_pipeline")
    # readers_init: before the Markdown reader of a run is built, the
    # extension's checked options go into MARKDOWN.
    signals.readers_init.connect(setup_readers)
    # The read pipeline's transforms: once per file and session.
    add_transform(
        Transform(
            "typography",
            100,
            typography,
            "german_typography",
            settings=("TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS"),
            readers=("MarkdownReader",),
        )
    )
    add_transform(
        Transform(
            "latin1_body",
            200,
            latin1,
            "german_typography",
            after=("typography",),
            readers=("MarkdownReader",),
        )
    )
    signals.article_generator_context.connect(mark_title_safe)
    signals.page_generator_context.connect(mark_title_safe)
