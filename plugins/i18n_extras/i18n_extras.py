"""What pelican-i18n-subsites 1.0.0 leaves out, and the traps it leaves open.

The German site is the main site, each language in I18N_SUBSITES a subsite
that pelican-i18n-subsites builds in a second Pelican run from inside the
first. That plugin does the splitting and interlinking; this one adds what a
published bilingual site needs and the plugin lacks (own code, because no
maintained plugin does it for i18n subsites):

- hreflang links and a language switch for every page type, with clean
  absolute URLs (templates: `hreflang_links()`, `language_links()`,
  `translation_original(article)`; see alternates.py);
- checked languages: `Lang:` must name a configured language (otherwise the
  subsite plugin crashes with a bare KeyError or renders the post twice); a
  post without `Lang:` is in the main language in every run (Pelican would
  take each subsite's own DEFAULT_LANG); `Translated_From:` must find its
  original;
- Pelican's own `Translation: true` (with the original's `Slug:`) pairs a
  translation as `Translated_From:` does: pelican-i18n-subsites would crash
  on it (see read_metadata), so the line is taken as `Translated_From:`
  the other post's language;
- translations may have their own slug: `Translation_of: <the original's
  Slug>` pairs them (Pelican pairs by `translation_key`, which is that value
  or the post's own slug; ARTICLE/PAGE_TRANSLATION_ID in pelicanconf.py), so
  the English post can live at /en/work-with-people/ instead of under its
  German slug;
- each subsite's feeds announce themselves under the subsite's address
  (FEED_DOMAIN is otherwise inherited: the English feed's self link would
  lack `/en/`).

Settings: I18N_EXTRAS = {"x_default": None, "no_alternates": ["404"]}.

State: one `Run` per build, created when the main site starts and stored in
its settings. pelican-i18n-subsites copies those settings (shallowly) for
each subsite, so all runs of one build share it, and the next build starts
afresh: nothing lives at module level.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import build_state
from content_lists import CONTENT_LISTS, all_contents
from jinja2 import pass_context
from pelican import signals
from plugin_helpers import is_main_run, plugin_options

from . import alternates

log = logging.getLogger(__name__)

DEFAULTS = {
    # Language whose version hreflang="x-default" names; None: the main language.
    # The one setting for it: page heads and sitemaps (plugins/sitemap_hreflang)
    # take their hreflang links from alternates.hreflang_links alike.
    "x_default": None,
    # Direct templates that are no "same page" in another language.
    "no_alternates": ["404"],
}

# Metadata key that keeps a post's `Translation: true` (see read_metadata).
MARKED_KEY = "i18n_extras_translation"


@dataclass
class Site:
    """One language's site within a build."""

    settings: dict
    periods: dict = field(default_factory=dict)  # period_num -> URL of its archive


@dataclass
class Run:
    main_lang: str
    langs: list  # the main language first, then the subsites in their order
    options: dict
    sites: dict = field(default_factory=dict)  # lang -> Site

    @property
    def x_default(self) -> str:
        return self.options["x_default"] or self.main_lang


def options(settings) -> dict:
    return plugin_options(settings, "i18n_extras", "I18N_EXTRAS", DEFAULTS)


def run_of(settings) -> Run | None:
    """The build's Run (kept in the build state, plugins/build_state.py), from
    the settings or from a template context (which holds the settings)."""
    current = build_state.state(settings)
    return current.i18n if current is not None else None


# --- Start of each run ----------------------------------------------------------


def start_run(pelican) -> None:
    settings = pelican.settings
    lang = settings["DEFAULT_LANG"]
    subsites = settings.get("I18N_SUBSITES", {})
    current = build_state.state(settings)
    if is_main_run(settings) and current is not None:
        current.i18n = Run(main_lang=lang, langs=[lang, *subsites], options=options(settings))
    run = run_of(settings)
    if run is None:
        return
    if not is_main_run(settings):
        localise_feed_domain(settings, run, subsites.get(lang, {}))
    run.sites[lang] = Site(settings)


def localise_feed_domain(settings, run, overrides) -> None:
    """Give a subsite's feeds a self link under the subsite's own folder.

    The subsite writes `feeds/…` into its folder (e.g. output/en/), but
    inherits the main site's FEED_DOMAIN, so its feeds would claim to live
    at /feeds/… . Unless the subsite sets FEED_DOMAIN itself, it becomes the
    main FEED_DOMAIN plus the subsite's folder.
    """
    main = run.sites.get(run.main_lang)
    domain = settings.get("FEED_DOMAIN")
    if main is None or not domain or "FEED_DOMAIN" in overrides:
        return
    folder = os.path.relpath(settings["OUTPUT_PATH"], main.settings["OUTPUT_PATH"])
    if folder.startswith(os.pardir) or folder == os.curdir:
        return
    settings["FEED_DOMAIN"] = domain.rstrip("/") + "/" + folder.replace(os.sep, "/")


# --- Reading: languages ---------------------------------------------------------


def read_metadata(generator, metadata) -> None:
    """Settle a post's language before Pelican builds the post.

    A post without `Lang:` is in the main language, in every run: Pelican
    would give it the run's DEFAULT_LANG, which in the English run is English,
    so German posts without `Lang:` would appear on the English site.

    Pelican's own `Translation: true` is set aside (under MARKED_KEY): in
    the run of the post's own language it would make the post a translation
    of the original, so pelican-i18n-subsites would move it out of its own
    site and then stop with a KeyError looking up its address. Which post is
    the original follows from the languages anyway (each site's own language
    first); mark_translations then gives the post `translated_from`.
    """
    run = run_of(generator.settings)
    if run is None:
        return
    if not metadata.get("lang"):
        metadata["lang"] = run.main_lang
    if "translation" in metadata:
        metadata[MARKED_KEY] = str(metadata.pop("translation")).strip().lower() not in ("false", "")


def drop_unknown_languages(generator) -> None:
    """Take posts in a language without a site out of the build, with an error.

    pelican-i18n-subsites renders such a post in every site and, when it
    translates a post, stops with `KeyError: 'articles/x.md'`. Runs before
    categories and tags are collected (pretaxonomy), and whether or not the
    subsite plugin has filtered the lists already: it never touches a post
    whose language has no site.
    """
    run = run_of(generator.settings)
    if run is None:
        return
    report = is_main_run(generator.settings)  # once per build, not per run
    for name in CONTENT_LISTS:
        items = getattr(generator, name, None)
        if not items:
            continue
        for content in list(items):
            if content.lang in run.langs:
                continue
            items.remove(content)
            if report:
                log.error(
                    "%s: Lang: '%s' is not a language of this site; the languages are %s. "
                    "Write one of them (or leave 'Lang:' out for %s), or add the language "
                    "to I18N_SUBSITES in pelicanconf.py",
                    content.source_path,
                    content.lang,
                    ", ".join(run.langs),
                    run.main_lang,
                )
    for content in generator.context.get("generated_content", {}).values():
        if getattr(content, "translations", None):
            content.translations = [t for t in content.translations if t.lang in run.langs]


def record_periods(generator) -> None:
    """Remember which period archives this site writes (for their hreflang)."""
    run = run_of(generator.settings)
    if run is None or generator.settings["DEFAULT_LANG"] not in run.sites:
        return
    periods = run.sites[generator.settings["DEFAULT_LANG"]].periods
    periods.clear()
    for archives in getattr(generator, "period_archives", {}).values():
        for archive in archives:
            periods[tuple(archive["period_num"])] = archive["url"]


def set_translation_key(content) -> None:
    """What Pelican groups translations by: `Translation_of:` or the slug."""
    if type(content).__name__ in ("Article", "Page"):
        content.translation_key = getattr(content, "translation_of", None) or getattr(
            content, "slug", None
        )


def _check_one_translation_per_language(contents) -> None:
    """Two posts in one language that are `Translation_of:` the same original
    (or the original itself): Pelican would keep one and only warn. The same
    slug twice is reported by the strict build already (tools/build.py)."""
    groups: dict[tuple, list] = {}
    for content in contents:
        key = getattr(content, "translation_key", None)
        if key is not None:
            groups.setdefault((type(content).__name__, key, content.lang), []).append(content)
    for (_kind, key, lang), same in sorted(groups.items()):
        if len(same) > 1 and any(getattr(c, "translation_of", None) for c in same):
            log.error(
                "%s: these %d files are all the '%s' post of '%s' (its Slug or 'Translation_of: %s'); "
                "keep one per language, or change the 'Translation_of:' line",
                ", ".join(sorted(c.source_path for c in same)),
                len(same),
                lang,
                key,
                key,
            )


def mark_translations(generators) -> None:
    """`Translation: true` as `Translated_From: <the original's language>`
    (the main language if the original is in it), in every run: the
    templates' translation note names the original."""
    for content in all_contents(generators):
        metadata = getattr(content, "metadata", {})
        if not metadata.get(MARKED_KEY) or metadata.get("translated_from"):
            continue
        langs = [t.lang for t in getattr(content, "translations", ()) if t.lang != content.lang]
        run = run_of(content.settings)
        main = run.main_lang if run is not None else None
        source = main if main in langs else (langs[0] if langs else None)
        if source:
            metadata["translated_from"] = source
            content.translated_from = source


def check_translations(generators) -> None:
    """`Translated_From:` names a configured language whose original exists,
    `Translation_of:` the Slug of a post in another language."""
    if not generators:
        return
    settings = generators[0].settings
    run = run_of(settings)
    if run is None or not is_main_run(settings):
        return
    # Files Pelican could not read stay in the map as None (reported already).
    contents = [c for c in generators[0].context.get("generated_content", {}).values() if c]
    _check_one_translation_per_language(contents)
    for content in sorted(contents, key=lambda c: c.source_path):
        metadata = getattr(content, "metadata", {})
        original = metadata.get("translation_of")
        if original and not any(
            t.lang != content.lang for t in getattr(content, "translations", ())
        ):
            log.error(
                "%s: Translation_of: '%s' names no post in another language; write the "
                "Slug of the original (its address: /<slug>/)",
                content.source_path,
                original,
            )
            continue
        source = metadata.get("translated_from")
        if not source:
            continue
        if source not in run.langs:
            log.error(
                "%s: Translated_From: '%s' is not a language of this site; the languages are %s",
                content.source_path,
                source,
                ", ".join(run.langs),
            )
        elif not any(t.lang == source for t in content.translations):
            log.warning(
                "%s: marked 'Translated_From: %s', but no %s post has the Slug '%s'; "
                "add 'Translation_of: <the original's Slug>' (or remove 'Translated_From:')",
                content.source_path,
                source,
                source,
                content.translation_key,
            )


# --- Templates ------------------------------------------------------------------


@pass_context
def _hreflang_links(ctx):
    run = run_of(ctx)
    return alternates.hreflang_links(ctx, run) if run else []


@pass_context
def _language_links(ctx):
    run = run_of(ctx)
    return alternates.language_links(ctx, run) if run else []


@pass_context
def _translation_original(ctx, article):
    run = run_of(ctx)
    return alternates.original_of(article, ctx, run) if run else None


def add_template_globals(generator) -> None:
    generator.env.globals.update(
        hreflang_links=_hreflang_links,
        language_links=_language_links,
        translation_original=_translation_original,
    )


def register():
    # Before start_run: the build state exists when it runs.
    build_state.connect()
    # initialized: every run (main site and each subsite) starts here.
    signals.initialized.connect(start_run)
    # *_context: metadata just read, before the post object exists.
    signals.article_generator_context.connect(read_metadata)
    signals.page_generator_context.connect(read_metadata)
    # pretaxonomy / page finalized: lists built, categories and tags not yet.
    signals.article_generator_pretaxonomy.connect(drop_unknown_languages)
    signals.page_generator_finalized.connect(drop_unknown_languages)
    signals.article_generator_finalized.connect(record_periods)
    # each post just made: the key Pelican then groups translations by.
    signals.content_object_init.connect(set_translation_key)
    # all content read: translations are grouped.
    signals.all_generators_finalized.connect(mark_translations)
    signals.all_generators_finalized.connect(check_translations)
    # every generator has its own Jinja environment.
    signals.generator_init.connect(add_template_globals)
