"""A language subsite reads only the files it shows or links to.

pelican-i18n-subsites builds each subsite (here: English at /en/) with a full
second Pelican run: every article and page is read and made into a content
object, and with I18N_UNTRANSLATED_ARTICLES/PAGES = "remove" the ones in the
main language without a translation are then dropped again. On a site with
few translations that is nearly every German post made into a content object
only to be thrown away (bench/README.md).

Here the main run notes, for each article and page it reads: its language,
its translation key (ARTICLE_TRANSLATION_ID / PAGE_TRANSLATION_ID, the slug)
and the files its `{filename}` links lead to. A subsite's article and page
generators then list only

- the files in the subsite's language, or in a language without a site of
  its own (pelican-i18n-subsites shows those on every site);
- the files that share a translation key with one of them (the translations:
  hreflang, the language switch and "translated from" need them);
- the files one of them links to with `{filename}` (pelican-i18n-subsites
  points such links at the main site, so the target must be known).

Files the main run did not see (none, unless a file appears between the two
runs) are read as before. With another untranslated policy ("hide", "keep")
the subsite shows the other files too, so nothing is left out.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import build_state
import compat
from content_lists import link_target
from pelican import signals
from pelican.contents import Static
from pelican.generators import ArticlesGenerator, PagesGenerator
from plugin_helpers import is_main_run, registered

log = logging.getLogger(__name__)

# The main run's notes, {"main_lang": …, "files": {path: …}}, live in the
# build's RunState (plugins/build_state.py), which the subsites share.
# Per generator: its untranslated policy setting and translation-id setting.
KINDS = {
    ArticlesGenerator: ("I18N_UNTRANSLATED_ARTICLES", "ARTICLE_TRANSLATION_ID"),
    PagesGenerator: ("I18N_UNTRANSLATED_PAGES", "PAGE_TRANSLATION_ID"),
}


def start_run(pelican) -> None:
    """A new main run (each devserver rebuild, too) starts new notes."""
    settings = pelican.settings
    run = build_state.run_state(settings)
    if run is not None and is_main_run(settings) and settings.get("I18N_SUBSITES"):
        run.lean_notes = {"main_lang": settings["DEFAULT_LANG"], "files": {}}


def note_content(content) -> None:
    settings = content.settings
    notes = _notes(settings)
    if notes is None or isinstance(content, Static) or not is_main_run(settings):
        return
    kind = "ARTICLE" if type(content).__name__ == "Article" else "PAGE"
    links = set()
    for text in (compat.body(content), content.metadata.get("summary")):
        for what, value in compat.intrasite_links(text if isinstance(text, str) else "", settings):
            if what == "filename":
                links.add(link_target(content, urlparse(value).path))
    notes["files"][content.relative_source_path] = (
        content.lang,
        translation_key(content, settings, kind),
        links,
    )


def _notes(settings):
    run = build_state.run_state(settings)
    return run.lean_notes if run is not None else None


def translation_key(content, settings, kind):
    names = settings.get(f"{kind}_TRANSLATION_ID")
    if not names:
        return None
    if isinstance(names, str):
        names = (names,)
    return (kind, *(getattr(content, name, None) for name in names))


def needed_files(files: dict, lang: str, site_langs: set) -> tuple[set, set]:
    """(files of this subsite, translation keys and link targets they need)."""
    own = {
        path
        for path, (file_lang, _key, _links) in files.items()
        if file_lang == lang or file_lang not in site_langs
    }
    keys = {files[path][1] for path in own} - {None}
    linked = set().union(*(files[path][2] for path in own)) if own else set()
    return own, keys | linked


def lean_listing(generator) -> None:
    """In a subsite, let the generator list only the files it needs."""
    settings = generator.settings
    kind = next((k for cls, k in KINDS.items() if isinstance(generator, cls)), None)
    notes = _notes(settings)
    if kind is None or not notes or is_main_run(settings):
        return
    if settings.get(kind[0], "hide") != "remove":
        return
    lang = settings["DEFAULT_LANG"]
    files = notes["files"]
    site_langs = set(settings.get("I18N_SUBSITES", {})) | {notes["main_lang"]}
    own, wanted = needed_files(files, lang, site_langs)
    listing = generator.get_files

    def get_files(paths, exclude=[], extensions=None):  # noqa: B006 - Pelican's signature
        listed = listing(paths, exclude, extensions)
        kept = set()
        for path in listed:
            note = files.get(path)
            if note is None or path in own or path in wanted or note[1] in wanted:
                kept.add(path)
        log.debug("lean_subsites: %s lists %d of %d files", lang, len(kept), len(listed))
        return kept

    generator.get_files = get_files


def register():
    registered("lean_subsites")
    build_state.connect()  # before start_run: the RunState is new when it runs
    # get_generators: the start of every run; the main run starts new notes.
    signals.get_generators.connect(start_run)
    # content_object_init: each article and page the main run reads.
    signals.content_object_init.connect(note_content)
    # generator_init: a subsite's generator lists only the files it needs.
    signals.generator_init.connect(lean_listing)
