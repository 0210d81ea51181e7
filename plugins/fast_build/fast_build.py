"""Build speed: read every file once per build, render only what changed.

Two measured causes of slowness (see bench/README.md), two fixes:

1. pelican-i18n-subsites runs a second, full Pelican pass for the English
   subsite, which reads and parses every Markdown file again. The read
   cache of plugins/read_pipeline keeps every file's parse for the build
   session; the subsite, and every later devserver run, reuse the parse of
   an unchanged file. Here: compiled templates are kept for the session too.

2. ``make devserver`` (``pelican --autoreload``) re-renders every page after
   each save; rendering is most of a build. The writer here records, for each
   written unit (a page, or a paginated listing), which content bodies the
   template used (``article.content``, or a summary cut from it). On the next
   run of the same session it renders a unit again only when
   - anything but bodies changed: any content's metadata, URL or status, a
     file added or removed, a theme file (templates, catalogs): then all is
     rendered, as before; or
   - a body it used changed, or a file it wrote is gone.
   Skipped files are announced with ``content_written`` as if written, so
   plugins that collect written pages (the sitemap) see the whole site.
   Feeds are keyed the same way by the articles they contain.

3. Pelican makes new Category, Tag and Author objects for every article in
   every run, and each slugifies its name again (the site's ~40 German and
   accent substitutions, one regex each): a large part of a devserver
   rebuild (bench/README.md). The
   same name with the same settings gives the same slug, so each is set
   from a memo through URLWrapper's public ``slug`` setter.

Why not Pelican's own content cache (``CACHE_CONTENT``)? It caches the
reading only, keyed per site (the subsite has its own cache folder, so the
cold build still parses everything twice), pickles to disk and back on every
run, and still renders every page: the issue measured a rebuild with it at
a large part of a cold build (bench/README.md).

The session's records live in the build state (plugins/build_state.py),
never in module state: a new Pelican object from new settings starts clean.

Options, ``FAST_BUILD = {...}`` merged over DEFAULTS:
    share_reads     reuse compiled templates within the session (default True)
    skip_unchanged  skip rendering unchanged units in later runs (default True)
    one_run         the build runs once (`make publish`, publishconf.py): nothing
                    to compare with and no later run, so nothing is recorded;
                    URLs are still formatted once (default False)
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os

import build_state
import compat
from content_lists import all_contents
from fingerprints import fingerprint
from jinja2 import BytecodeCache
from pelican import signals
from pelican.contents import Article, Page
from pelican.urlwrappers import URLWrapper
from pelican.utils import slugify
from pelican.writers import Writer
from plugin_helpers import plugin_options, requires

from .catalogs import note_generator, refresh_catalogs, reinstall

log = logging.getLogger(__name__)

DEFAULTS = {"share_reads": True, "skip_unchanged": True, "one_run": False}

# Attributes of a content object that are not part of its "metadata
# fingerprint": the body (tracked separately), and back references to the
# whole site.
NOT_METADATA = {
    "_content",
    "_context",
    "settings",
    "_summary",
    "_fast_build_recorder",
    "_fast_build_relpath",
}


def options(settings) -> dict:
    return plugin_options(settings, "fast_build", "FAST_BUILD", DEFAULTS)


def session(settings):
    """The build state (plugins/build_state.py), None outside a Pelican run."""
    return build_state.state(settings)


class SessionBytecode(BytecodeCache):
    """Compiled templates kept for the build session, in memory.

    Every generator of every run (German site, English subsite, each
    devserver rebuild) has its own Jinja environment and compiled each
    template again: dozens of compilations per cold build, a fixed cost that
    weighs most on small sites. Jinja checks each entry against the
    template's source (checksum), so an edited template is compiled anew.
    """

    def __init__(self, store: dict):
        self.store = store

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


def share_templates(generator) -> None:
    store = session(generator.settings)
    env = getattr(generator, "env", None)
    if store is None or env is None or not options(generator.settings)["share_reads"]:
        return
    # Compiled code depends on the environment's options: one store each.
    key = fingerprint(generator.settings.get("JINJA_ENVIRONMENT"))
    env.bytecode_cache = SessionBytecode(store.templates.setdefault(key, {}))


# --- 2. render only what changed ----------------------------------------------


class Recorder:
    """Which content bodies the unit being rendered uses."""

    def __init__(self):
        self.used: set[str] | None = None
        # From the run's first write on: URLs no longer change (see
        # Tracking), formatted ones by (id of the content, key). The run
        # keeps its contents alive, so their ids stay theirs.
        self.urls: dict[tuple[int, str], str] | None = None

    def note(self, content) -> None:
        if self.used is not None:
            self.used.add(content.source_path)


@functools.cache
def tracking_class(cls):
    """A subclass of cls that tells its recorder when its body is used."""

    class Tracking(cls):
        _fast_build_tracking = True

        def get_content(self, siteurl):
            self._fast_build_recorder.note(self)
            return super().get_content(siteurl)

        @property
        def content(self):
            self._fast_build_recorder.note(self)
            return super().content

        @property
        def summary(self):
            if "summary" not in self.metadata:  # cut from the body
                self._fast_build_recorder.note(self)
            return super().summary

        @summary.setter
        def summary(self, value):
            pass  # as Pelican's: summaries are computed

        # Pelican formats `url` and `save_as` from the settings and metadata
        # on every access (listings, feeds, links: thousands of times per
        # build; a memo that stayed in issue 16, figures in bench/README.md).
        # From the first write on nothing changes them any
        # more (pelican-i18n-subsites links translations before any site
        # writes), so each is formatted once per run from then on.
        @property
        def url(self):
            return self._fast_build_url("url")

        @property
        def save_as(self):
            return self._fast_build_url("save_as")

        # Pelican computes the source path relative to PATH (abspath twice,
        # relpath) each time it formats `url` or `save_as`, which several
        # checks do for every post before anything is written; it depends
        # on the source path alone.
        def get_relative_source_path(self, source_path=None):
            if source_path is not None and source_path != self.source_path:
                return super().get_relative_source_path(source_path)
            memo = self.__dict__.get("_fast_build_relpath")
            if memo is None or memo[0] != self.source_path:
                memo = (self.source_path, super().get_relative_source_path())
                self._fast_build_relpath = memo
            return memo[1]

        def _fast_build_url(self, key):
            urls = self._fast_build_recorder.urls
            if urls is None:
                return self.get_url_setting(key)
            value = urls.get((id(self), key))
            if value is None:
                value = urls[id(self), key] = self.get_url_setting(key)
            return value

    Tracking.__name__ = cls.__name__
    Tracking.__qualname__ = cls.__qualname__
    Tracking.__module__ = cls.__module__
    return Tracking


def track(content) -> None:
    """Give content the Tracking class (once), with a recorder that notes
    nothing until prepare_run gives it the run's."""
    if not getattr(type(content), "_fast_build_tracking", False):
        compat.retype(content, tracking_class(type(content)))
    if not hasattr(content, "_fast_build_recorder"):
        content._fast_build_recorder = Recorder()


def track_early(content) -> None:
    """content_object_init: articles and pages are tracked from the start, so
    the checks that format `url` and `save_as` before writing (Pelican's
    is_valid, strict_content, wp_shortcodes) use the remembered source path."""
    store = session(content.settings)
    if store is None or not options(content.settings)["skip_unchanged"]:
        return
    if isinstance(content, (Article, Page)):
        track(content)


def _theme_stamp(settings) -> str:
    """A digest of the theme's files (templates, catalogs, static files).

    By content, not mtime: builds recompile the .mo catalogs every time
    (tools/build.py), which gives them a new mtime but the same bytes.
    """
    digest = hashlib.sha1()
    for root in [settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", [])]:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                digest.update(path.encode("utf-8", "surrogateescape"))
                with open(path, "rb") as fh:
                    digest.update(fh.read())
    return digest.hexdigest()


def prepare_run(generators) -> None:
    """Note what this run's content looks like; the writer compares it later."""
    if not generators:
        return
    settings = generators[0].settings
    store = session(settings)
    if store is None or not options(settings)["skip_unchanged"]:
        return
    recorder = Recorder()
    contents = list(all_contents(generators))
    for content in contents:
        track(content)
        content._fast_build_recorder = recorder
    # Files besides articles and pages: a `{static}` or `{filename}` link to
    # a file added or removed since the last run resolves differently.
    statics = sorted(
        path
        for g in generators
        for path in (
            getattr(g, "staticfiles", None) and [s.source_path for s in g.staticfiles] or []
        )
    )
    run = {"recorder": recorder, "contents": contents, "statics": statics}
    store.sites.setdefault(settings["OUTPUT_PATH"], {})["next"] = run


def _run_state(contents, settings, statics=()):
    """(site key, {source path: body digest}) of a run, computed at first write.

    Computed this late because other plugins (i18n interlinking, series)
    finish their fields only just before writing.
    """
    site = hashlib.sha256()
    bodies = {}
    for content in sorted(contents, key=lambda c: (c.source_path, type(c).__name__)):
        fields = {k: v for k, v in vars(content).items() if k not in NOT_METADATA}
        site.update(
            fingerprint([type(content).__name__, content.url, content.save_as, fields]).encode()
        )
        body = compat.body(content)
        bodies[content.source_path] = hashlib.sha1(body.encode()).digest()
    site.update(fingerprint(list(statics)).encode())
    site.update(_theme_stamp(settings).encode())
    return site.hexdigest(), bodies


class _Template:
    """Stands in for the page template: renders a file only when needed.

    Pelican's writer renders each file (each page of a paginated listing, too)
    with ``template.render(localcontext)`` and then writes it; deciding here,
    per file, keeps Pelican's own pagination and its ``content_written``
    signal (with the real context) for skipped files as well.
    """

    def __init__(self, template, writer):
        self._template = template
        self._writer = writer

    def render(self, localcontext):
        return self._writer._render_file(self._template, localcontext)

    def __getattr__(self, name):
        return getattr(self._template, name)


class SkippingWriter(Writer):
    """Pelican's writer that leaves files alone whose inputs did not change."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._site = session(settings).sites.get(settings["OUTPUT_PATH"], {})
        self._run = self._site.pop("next", None)
        self._state = None  # computed at the first write
        self._unchanged: set[str] = set()  # files rendered as "keep"
        if self._run is not None:
            self._site["writer"] = self  # for finish_run()

    def _begin(self):
        """Decide once per run what may be kept: compare with the last run."""
        if self._state is None:
            self._run["recorder"].urls = {}
            if options(self.settings)["one_run"]:
                site_key, bodies, last = "", {}, None  # nothing to compare with
            else:
                site_key, bodies = _run_state(
                    self._run["contents"], self.settings, self._run["statics"]
                )
                last = self._site.get("last")
            same_site = last is not None and last["site_key"] == site_key
            self._state = {
                "site_key": site_key,
                "bodies": bodies,
                "files": {},
                "reusable": last["files"] if same_site else {},
                "changed": {p for p, d in bodies.items() if last["bodies"].get(p) != d}
                if same_site
                else set(),
            }
        return self._state

    def _keep(self, key, path) -> set[str] | None:
        """The bodies the file at path was made from, if it can stay as it is."""
        state = self._begin()
        used = state["reusable"].get(key)
        if used is None or used & state["changed"] or not os.path.exists(path):
            return None
        return used

    def _render_file(self, template, localcontext):
        path = os.path.join(self.output_path, localcontext["output_file"])
        state = self._begin()
        used = self._keep(path, path)
        if used is not None:
            kept = _existing_text(path)
            if kept is not None:
                state["files"][path] = used
                self._unchanged.add(path)
                # The file's own text: should Pelican write it after all
                # (compat.writer_skips_file did not take), the bytes stay.
                return kept
        recorder = self._run["recorder"]
        recorder.used = set()
        try:
            return template.render(localcontext)
        finally:
            state["files"][path] = recorder.used
            recorder.used = None

    def _open_w(self, filename, encoding, override=False):  # compat.WRITER_OPEN
        if filename in self._unchanged:
            self._unchanged.discard(filename)
            if not compat.writer_has_written(self, filename):  # else Pelican reports the clash
                compat.writer_mark_written(self, filename)
                return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override=override)

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if self._run is not None and name and not override_output:
            template = _Template(template, self)
        return super().write_file(
            name,
            template,
            context,
            relative_urls,
            paginated,
            template_name,
            override_output,
            url,
            **kwargs,
        )

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        if self._run is None or not path or override_output:
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        # A feed shows its elements' bodies and fields; the same elements in
        # the same order, none of them edited: the file can stay.
        complete = os.path.join(self.output_path, path)
        key = (complete, feed_type, feed_title, tuple(e.source_path for e in elements))
        state = self._begin()
        used = self._keep(key, complete)
        if used is not None and compat.writer_mark_written(self, complete):
            state["files"][key] = used
            return None
        state["files"][key] = {e.source_path for e in elements}
        return super().write_feed(
            elements, context, path, url, feed_type, override_output, feed_title
        )

    def finish(self):
        """Keep this run's record for the next run of the session."""
        if self._state is not None:
            self._site["last"] = {k: self._state[k] for k in ("site_key", "bodies", "files")}


def choose_writer(pelican):
    store = session(pelican.settings)
    if store is None or not options(pelican.settings)["skip_unchanged"]:
        return None
    if not compat.writer_hooks_match():
        log.warning("fast_build: %s; every page is rendered", compat.writer_hooks_problem())
        return None
    return SkippingWriter


def finish_run(pelican) -> None:
    """Called when a site's run is done: its writer's record becomes 'last'."""
    # The writer is not reachable from here; it registered itself.
    store = session(pelican.settings)
    site = store.sites.get(pelican.settings["OUTPUT_PATH"]) if store is not None else None
    writer = site.pop("writer", None) if site else None
    if writer is not None:
        writer.finish()


# --- 3. slugs of categories, tags and authors -------------------------------


@functools.lru_cache(maxsize=8192)
def _slug(name: str, subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
    return slugify(name, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)


_TUPLES: dict[int, tuple] = {}


def _as_tuple(subs) -> tuple:
    """The substitutions as a hashable tuple, converted once per list (kept
    alive here with it, so its id is not reused)."""
    entry = _TUPLES.get(id(subs))
    if entry is None or entry[0] is not subs:
        entry = _TUPLES[id(subs)] = (subs, tuple(tuple(pair) for pair in subs))
    return entry[1]


def _wrapper_slug(wrapper: URLWrapper) -> str:
    """What URLWrapper.slug computes, with the same settings lookup."""
    settings = wrapper.settings
    subs = settings.get(
        f"{type(wrapper).__name__.upper()}_REGEX_SUBSTITUTIONS",
        settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
    )
    return _slug(
        wrapper.name,
        _as_tuple(subs),
        settings.get("SLUGIFY_PRESERVE_CASE", False),
        settings.get("SLUGIFY_USE_UNICODE", False),
    )


def remember_slugs(content) -> None:
    """content_object_init: the content's author(s), category and tags get
    their slugs from the memo (an empty slug is left to Pelican, which warns)."""
    wrappers = [getattr(content, "category", None), *getattr(content, "authors", ())]
    wrappers += getattr(content, "tags", None) or ()
    for wrapper in wrappers:
        if isinstance(wrapper, URLWrapper) and isinstance(wrapper.name, str):
            slug = _wrapper_slug(wrapper)
            if slug:
                wrapper.slug = slug


def _existing_text(path: str) -> str | None:
    """The text of a file the last run wrote, as Pelican would write it again."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None


def register():
    # get_writer: the translations pelican-i18n-subsites installs there must
    # be in place before `reinstall` runs (catalogs.py).
    requires("fast_build", if_listed=("pelican.plugins.i18n_subsites",))
    build_state.connect()
    # get_generators: the start of every run (each devserver rebuild): a
    # catalog (.po) edited since the last run is compiled again.
    signals.get_generators.connect(refresh_catalogs)
    # generator_init: the generator's Jinja environment exists, no template
    # is loaded yet; compiled templates come from the session.
    signals.generator_init.connect(share_templates)
    signals.generator_init.connect(note_generator)
    # all_generators_finalized: all content is read; make bodies trackable.
    signals.all_generators_finalized.connect(prepare_run)
    # get_writer: Pelican asks plugins for a writer class; the generators'
    # translations are final (pelican-i18n-subsites installs them here first).
    signals.get_writer.connect(reinstall)
    signals.get_writer.connect(choose_writer)
    # content_object_init: each article and page just made, before the
    # generator checks its save_as or groups it by category and tag.
    signals.content_object_init.connect(remember_slugs)
    signals.content_object_init.connect(track_early)
    # finalized: the run is written; keep its record for the next run.
    signals.finalized.connect(finish_run)
