"""One read pipeline: how a content file becomes HTML and metadata.

Every file goes through the same stages, in this order, in one place:

1. **source**: the file's text (`pelican_open`: UTF-8, BOM dropped),
   checked for control characters no editor shows;
2. **body Markdown**: the text converted with one reused `Markdown` object
   (front matter: Python-Markdown's `meta` extension, as in Pelican), with a
   time limit (MARKDOWN_TIME_LIMIT);
3. **metadata Markdown**: the fields (`Title:`, `Summary:`, …) processed as
   Pelican's MarkdownReader does; FORMATTED_FIELDS converted with a second
   reused `Markdown` object that has no `meta` preprocessor and carries the
   document's own metadata (`md.document_meta`), so an extension can follow
   the document's language;
4. **transforms**: an ordered, named list of functions over the HTML and the
   metadata, registered by the plugins (see below);
5. **cache**: the result is kept for the session (`build_state.reads`),
   keyed by the file's path, a digest of its bytes and a fingerprint of the
   settings the reader and its transforms depend on. The English subsite
   (a second Pelican run over the same files) and each devserver rebuild
   reuse the parse of an unchanged file. Metadata objects bound to settings
   (categories, tags, authors) are made anew for the site that asks.

Stages 1-3 are Markdown's; files of Pelican's other readers (reStructuredText,
HTML) are read by their own reader and then go through stages 4 and 5 too.

The reader is registered through Pelican's public `readers_init` signal
(`readers.reader_classes`): no reader instance is wrapped, no private method
of Pelican's reader is overridden or called.

Transforms
----------
A plugin registers a transform in its register()::

    from read_pipeline import Transform, add_transform
    add_transform(Transform(
        name="series_teaser",           # unique; re-registering replaces it
        order=300,                      # lower runs first
        function=cut_teaser,            # (html, metadata, context) -> html
        plugin="series",
        settings=("SERIES",),           # settings it reads: part of the cache key
        after=("typography",),          # must run after these (asserted)
        readers=None,                   # None: every reader; or ("MarkdownReader",)
    ))

`function(html, metadata, context)` returns the new HTML and may change
`metadata` in place; `context` is a `ReadContext` (source path, settings,
the document's language). It runs once per file and session, so it must be
a pure function of the file and the named settings; a warning it logs is
logged once per file, not once per site. The order of the registered
transforms is checked at every registration: a transform that must run after
another but has a lower order stops Pelican with a message naming both.

Registered today (order, name, plugin):

====  ================  ================  =========================================
  90  english_text      foreign_markdown  warns when a text without Lang: on the
                                          German site is clearly English
 100  typography        german_typography title typeset and escaped; typogrify's
                                          amp/caps/widont on body, title, summary
 150  footnote_titles   foreign_markdown  footnote back-link titles in the
                                          document's language
 200  latin1_body       german_typography characters beyond Latin-1 as references
 300  series_teaser     series            the closing "Im nächsten Beitrag"
                                          section cut off into Series_next
====  ================  ================  =========================================

Inside the body Markdown stage, as Markdown extensions (Python-Markdown's
public Extension API, priorities in each extension's docstring):
`heading_ids`, `safe_content` (rel="noopener", raw HTML in fields as text),
`german_typography`, `inline_triggers`, `images`, and `foreign_markdown`:
YAML front matter as a preprocessor before `meta` (so it ends up in
`md.Meta` like Pelican's own fields and stage 3 reads both alike), then
German dates and `Lang` values normalised, Hugo shortcodes and Liquid tags
converted, video embeds made link cards, all before Markdown parses the
text (they produce Markdown).
"""

from __future__ import annotations

import hashlib
import logging
import re
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import build_state
from fingerprints import fingerprint
from markdown import Markdown
from pelican import signals
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from pelican.readers import MarkdownReader as PelicanMarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import pelican_open
from plugin_helpers import registered

log = logging.getLogger(__name__)


# --- transforms --------------------------------------------------------------


@dataclass(frozen=True)
class ReadContext:
    """What a transform knows about the file besides its HTML and metadata."""

    source_path: str
    settings: dict = field(repr=False)
    reader: str  # the reader's class name, e.g. "MarkdownReader"
    lang: str  # the document's `Lang:`, else the main site's language


@dataclass(frozen=True)
class Transform:
    name: str
    order: int
    function: Callable[[str, dict, ReadContext], str]
    plugin: str
    settings: tuple = ()
    after: tuple = ()
    readers: tuple | None = None


class TransformOrderError(RuntimeError):
    pass


# Name -> Transform. Filled by the plugins' register(), like Pelican's signal
# connections; each registration replaces the one of the same name, so a
# second Pelican object (i18n subsite, devserver) registers the same list.
_TRANSFORMS: dict[str, Transform] = {}


def add_transform(transform: Transform) -> None:
    _TRANSFORMS[transform.name] = transform
    check_order(_TRANSFORMS.values())


def check_order(items) -> None:
    by_name = {t.name: t for t in items}
    for t in by_name.values():
        for earlier in t.after:
            other = by_name.get(earlier)
            if other is not None and not other.order < t.order:
                raise TransformOrderError(
                    f"read_pipeline: transform {t.name!r} of {t.plugin} (order {t.order}) must run "
                    f"after {other.name!r} of {other.plugin} (order {other.order}); give it a higher order"
                )


def transforms(reader: str | None = None) -> list[Transform]:
    """The registered transforms in the order they run (for `reader`, if given)."""
    return [
        t
        for t in sorted(_TRANSFORMS.values(), key=lambda t: (t.order, t.name))
        if reader is None or t.readers is None or reader in t.readers
    ]


# --- stage 1-3: Markdown -----------------------------------------------------


class ContentError(ValueError):
    """A file that cannot be published as it is; the message says why and how to fix it.

    A ValueError: Pelican reports it as "Could not process <file>" and goes on
    with the other files; tools/build.py prints the message with the file."""

    for_author = True


# Characters XML 1.0 forbids (the feeds would crash on them) and that no
# editor shows: a NUL or a form feed pasted from a PDF or a Word document.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Seconds one file's Markdown may take (setting MARKDOWN_TIME_LIMIT; 0: none).
# Python-Markdown's time grows about cubically with nesting depth: a post of
# 3000 nested list levels would keep the build busy for many minutes. The
# slowest real post takes well under a second.
DEFAULT_TIME_LIMIT = 60


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
    """The pipeline's Markdown reader.

    It keeps Pelican's class name: Pelican records it as `reader: markdown`
    in the metadata, and other code may rely on that value. From Pelican's
    MarkdownReader it takes `__init__` (the `meta` extension and the
    extension_configs put into MARKDOWN) and the public `process_metadata`.

    Pelican's own `read` makes a new Markdown object, with all its
    extensions, for every file, a cost the benchmark shows (bench/README.md).
    Here a reader keeps two and resets them between files: one for bodies,
    one for metadata fields.
    """

    # The settings stages 1-3 depend on (the cache key; transforms add theirs).
    depends_on = ("MARKDOWN", "FORMATTED_FIELDS", "READERS", "MARKDOWN_TIME_LIMIT")

    _body_md = None
    _field_md = None

    def read(self, source_path):
        return pipeline_read(self, source_path, self.read_markdown)

    def read_markdown(self, source_path):
        """Stages 1-3: (HTML, metadata) of one Markdown file."""
        if self._body_md is None:
            self._body_md = Markdown(**self.settings["MARKDOWN"])
            self._field_md = Markdown(**self.settings["MARKDOWN"])
            # Fields hold no front matter of their own.
            self._field_md.preprocessors.deregister("meta")
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
        meta = getattr(body, "Meta", None) or {}
        return content, self.read_fields(meta, source_path)

    def read_fields(self, meta: dict, source_path: str) -> dict:
        """Stage 3: the front matter's fields, as Pelican's MarkdownReader
        makes them (tests/test_compat.py compares the two)."""
        formatted = self.settings["FORMATTED_FIELDS"]
        fields = self._field_md
        fields.document_meta = meta
        output = {}
        for name, value in meta.items():
            name = name.lower()
            if name in formatted:
                fields.reset()
                output[name] = self.process_metadata(name, fields.convert("\n".join(value)))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(value) > 1:
                    log.warning(
                        "Duplicate definition of `%s` for %s. Using first one.", name, source_path
                    )
                output[name] = self.process_metadata(name, value[0])
            elif len(value) > 1:
                output[name] = self.process_metadata(name, value)
            else:
                output[name] = self.process_metadata(name, value[0])
        return output


# --- stage 4-5: transforms and the cache -------------------------------------

# Settings every reader depends on (Pelican's BaseReader and its subclasses:
# DEFAULT_LANG and DOCUTILS_SETTINGS set reStructuredText's language, e.g.
# its admonition titles). The Markdown reader names its own (depends_on):
# its language comes from the document or from german_typography's
# `default_lang` in MARKDOWN, never from the run's DEFAULT_LANG, so the
# English subsite reuses the main site's parses.
READER_SETTINGS = (
    "READERS",
    "FORMATTED_FIELDS",
    "DEFAULT_LANG",
    "DOCUTILS_SETTINGS",
    "TYPOGRIFY",
    "TYPOGRIFY_IGNORE_TAGS",
    "TYPOGRIFY_OMIT_FILTERS",
    "TYPOGRIFY_DASHES",
    "MARKDOWN",
)


def reader_key(reader, steps: list[Transform]) -> str:
    settings = reader.settings
    names = list(getattr(type(reader), "depends_on", None) or READER_SETTINGS)
    for t in steps:
        names += [n for n in t.settings if n not in names]
    return fingerprint(
        [
            type(reader).__module__,
            type(reader).__qualname__,
            build_state.main_lang(settings),
            [t.name for t in steps],
        ]
        + [(name, settings.get(name)) for name in names]
    )


def _rebased(value, settings):
    """The value with settings-bound objects made anew for this site."""
    if isinstance(value, URLWrapper):
        return type(value)(value.name, settings)
    if isinstance(value, list):
        return [_rebased(v, settings) for v in value]
    return value


def _digest(source_path: str) -> bytes | None:
    try:
        with open(source_path, "rb") as fh:
            return hashlib.sha1(fh.read()).digest()
    except OSError:
        return None


def pipeline_read(reader, source_path: str, parse) -> tuple[str, dict]:
    """Stages 4 and 5 around a reader's own parse (stages 1-3)."""
    name = type(reader).__name__
    steps = transforms(name)
    current = build_state.state(reader.settings)
    store = current.reads if current is not None else None
    digest = _digest(source_path) if store is not None else None
    if digest is None:
        # No session (a reader outside a Pelican run), or a {static} link
        # to a missing file: Pelican reads it, warns, goes on. Nothing to share.
        return _transformed(reader, source_path, parse, steps)
    key = getattr(reader, "_pipeline_key", None)
    if key is None:
        key = reader._pipeline_key = reader_key(reader, steps)
    cached = store.get(source_path)
    if cached is not None and cached[0] == key and cached[1] == digest:
        content, metadata = cached[2]
    else:
        content, metadata = _transformed(reader, source_path, parse, steps)
        store[source_path] = (key, digest, (content, metadata))
    return content, {k: _rebased(v, reader.settings) for k, v in metadata.items()}


def _transformed(reader, source_path, parse, steps):
    content, metadata = parse(source_path)
    if steps:
        context = ReadContext(
            source_path=source_path,
            settings=reader.settings,
            reader=type(reader).__name__,
            lang=metadata.get("lang") or build_state.main_lang(reader.settings),
        )
        for t in steps:
            content = t.function(content, metadata, context)
    return content, metadata


_CACHING: dict[type, type] = {}


def caching_class(cls: type) -> type:
    """A subclass of Pelican's reader `cls` whose `read` goes through stages 4-5."""
    made = _CACHING.get(cls)
    if made is None:

        def read(self, source_path):
            return pipeline_read(self, source_path, super(made, self).read)

        made = _CACHING[cls] = type(
            cls.__name__,
            (cls,),
            {"read": read, "__module__": cls.__module__, "__qualname__": cls.__qualname__},
        )
    return made


def install(readers) -> None:
    """readers_init: every file format through the pipeline."""
    for ext, cls in list(readers.reader_classes.items()):
        if not cls or getattr(cls, "read", None) is MarkdownReader.read or cls in _CACHING.values():
            continue
        if cls is PelicanMarkdownReader:
            readers.reader_classes[ext] = MarkdownReader
        else:
            readers.reader_classes[ext] = caching_class(cls)


def register():
    registered("read_pipeline")
    build_state.connect()
    # readers_init: Pelican's public hook to choose the reader class per
    # file extension, sent before the readers of a run are built.
    signals.readers_init.connect(install)
