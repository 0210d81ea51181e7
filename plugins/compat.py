"""Everything that depends on a library's internals, in one place.

Not a plugin: a helper module the local plugins import (pelicanconf.py puts
plugins/ on sys.path). As pytest's `_pytest/compat.py`: callers never touch
an internal directly; each use is one small function here, and
tests/test_compat.py holds a contract test per use that fails with a message
naming the library and the pinned version when the internal changes, so
raising a pin shows its cost at once (UPGRADING.md).

Every remaining use of a private API (pins in pyproject.toml):

==  ==============================================  ===========================================  ==========================================
#   internal (library, pinned version)              used by / for                                contract test (tests/test_compat.py)
==  ==============================================  ===========================================  ==========================================
1   `InlineProcessor.__handleInline` and            inline_triggers: the inline loop that skips  test_inline_loop_is_the_one_replaced
    `__applyPattern` (Python-Markdown 3.11.3;       patterns which cannot match
    name-mangled): `install_inline_loop`,
    `inline_pattern_applier`
2   `Writer._open_w(filename, encoding, override)`  fast_build: a kept page is not written       test_writer_opens_every_file_through_open_w,
    and `Writer._written_files` (Pelican 4.12.0):   again; if they do not match, every page is   test_writer_keeps_its_written_files
    `writer_hooks_match`, `writer_has_written`,     rendered (and a kept page's text is its own
    `writer_mark_written`                           bytes, never "")
3   `content.__class__` swapped to a subclass       fast_build: which bodies a page used, URLs   test_content_class_can_be_swapped
    (Pelican 4.12.0 `Content`: properties           formatted once per run, the source path
    `content`, `summary`, `url`, `save_as`,         relative to PATH once per post
    `get_content`, `get_url_setting`,
    `get_relative_source_path`): `retype`
4   `Content._content` and `Content._summary`       body before links are resolved (checks,      test_content_keeps_body_in__content
    (Pelican 4.12.0): `body`, `set_body`,           safe_content, lean_subsites, fast_build)
    `set_summary`
5   The markup part of Pelican's intra-site link    strict_content, lean_subsites: `{filename}`  test_intrasite_links_match_pelicans
    regex (`Content._get_intrasite_link_regex`,     links; the setting INTRASITE_LINK_REGEX
    Pelican 4.12.0), rebuilt from the public        is Pelican's public part
    setting: `intrasite_links`
6   The content lists of Pelican's generators       content_lists.CONTENT_LISTS: plugins that    test_content_lists_are_pelicans
    (`ArticlesGenerator`, `PagesGenerator`          must see every article and page
    attributes, Pelican 4.12.0)
7   pelican-i18n-subsites 1.0.0 makes a subsite's   build_state: one object for all runs of a    test_subsite_settings_are_a_shallow_copy
    settings as a shallow copy of the main site's   build
    (`create_next_subsite`):
    `subsite_settings_are_shared`
8   Pelican's MarkdownReader metadata rules         read_pipeline.MarkdownReader.read_fields     test_pipeline_fields_are_pelicans
    (`_parse_metadata`, Pelican 4.12.0:
    FORMATTED_FIELDS joined by newlines,
    DUPLICATES_DEFINITIONS_ALLOWED), restated
9   Pelican's log texts (Pelican 4.12.0) that       tools/build.py KNOWN_MESSAGES, FOLLOW_UPS:   test_known_log_texts_are_pelicans
    tools/build.py rewrites for authors             one line naming file and fix
10  pelican-precompress 2.4.0 `compress_files`      tools/build.py precompress_search: Pagefind's test_precompress_reads_only_settings
    called with an object that has only             files compressed like the site
    `settings`
==  ==============================================  ===========================================  ==========================================

Gone (issue 16): Pelican's `MarkdownReader.read` re-implemented with `_md`,
`_source_path`, `_parse_metadata` (now read_pipeline's own reader, 8);
Markdown's `Registry._priority` (the field Markdown drops `meta` once);
`pelican.contents.slugify` / `pelican.urlwrappers.slugify` replaced for the
whole process (dropped: it saved too little, bench/README.md); reader
instances wrapped (`reader.read = …`, now the read pipeline); `env.filters[...]`
set on Jinja environments (root_relative: now JINJA_FILTERS; fast_build's
remembering `striptags`: dropped, it saved nothing); `_get_intrasite_link_regex` (now 5).

`grep -rnE '\\._[a-zA-Z]|__class__ *=' plugins/ --include=*.py` finds only
this module, our own attributes (`self._…`, `_fast_build…`, `_series_…`,
`_pipeline_key`) and the subclass method of 1 and 2 that must carry the
internal's name.
"""

from __future__ import annotations

import functools
import inspect
import re

# --- 1. Python-Markdown's inline loop ----------------------------------------

# The name-mangled names of InlineProcessor's loop and of the method it calls.
INLINE_LOOP = "_InlineProcessor__handleInline"
INLINE_APPLY = "_InlineProcessor__applyPattern"


def install_inline_loop(cls, loop) -> None:
    """Make `loop(self, data, patternIndex=0)` the inline loop of subclass `cls`."""
    setattr(cls, INLINE_LOOP, loop)


def inline_pattern_applier(processor):
    """Python-Markdown's try of one pattern, bound to `processor`:
    `apply(pattern, data, index, start) -> (data, matched, start)`."""
    return getattr(processor, INLINE_APPLY)


# --- 2. Pelican's writer -----------------------------------------------------


def writer_hooks_problem() -> str | None:
    """Why the writer hooks fast_build needs do not match, or None."""
    from pelican.writers import Writer

    open_w = getattr(Writer, "_open_w", None)
    if open_w is None:
        return "Pelican's Writer has no _open_w any more"
    params = list(inspect.signature(open_w).parameters)
    if params[:4] != ["self", "filename", "encoding", "override"]:
        return f"Pelican's Writer._open_w takes {params}, not (self, filename, encoding, override)"
    try:
        source = inspect.getsource(Writer)
    except (OSError, TypeError):
        return "the source of Pelican's Writer cannot be read"
    if "self._open_w(path" not in source or "self._written_files" not in source:
        return "Pelican's Writer no longer opens files through _open_w or keeps _written_files"
    return None


@functools.lru_cache(maxsize=1)
def writer_hooks_match() -> bool:
    return writer_hooks_problem() is None


def writer_has_written(writer, path: str) -> bool:
    return path in getattr(writer, "_written_files", ())


def writer_mark_written(writer, path: str) -> bool:
    """Record `path` as written (Pelican then reports a second write of it);
    False if the writer keeps no such record."""
    written = getattr(writer, "_written_files", None)
    if written is None:
        return False
    written.add(path)
    return True


# --- 3. and 4. Pelican's content objects ---------------------------------------


def retype(content, cls) -> None:
    """Give `content` the class `cls` (a subclass of its own class)."""
    assert issubclass(cls, type(content)), (cls, type(content))
    content.__class__ = cls


def body(content) -> str:
    """The body as read, before Pelican resolves its links."""
    return getattr(content, "_content", None) or ""


def set_body(content, html: str) -> None:
    content._content = html


def set_summary(content, html: str) -> None:
    """A changed `Summary:` (Pelican copies `_summary` into the metadata
    when it finishes the content; it says plugins write it)."""
    content.metadata["summary"] = html
    if hasattr(content, "_summary"):
        content._summary = html


# --- 5. intra-site links -------------------------------------------------------

# Pelican's `Content._get_intrasite_link_regex`, with the site's public
# INTRASITE_LINK_REGEX in its place.
_INTRASITE = r"""
    (?P<markup><[^\>]+  # match tag with all url-value attributes
        (?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)

    (?P<quote>["\'])      # require value to be quoted
    (?P<path>{regex}(?P<value>.*?))  # the url value
    (?P=quote)"""


@functools.lru_cache(maxsize=8)
def _intrasite_regex(setting: str) -> re.Pattern:
    return re.compile(_INTRASITE.format(regex=setting), re.X)


def intrasite_links(html: str, settings) -> tuple[tuple[str, str], ...]:
    """(what, value) of each `{filename}…`, `{static}…` link in html, as
    Pelican's regex groups them. Remembered by text: several plugins ask for
    the same unchanged bodies in every devserver run."""
    return _links_in(html or "", settings["INTRASITE_LINK_REGEX"])


@functools.lru_cache(maxsize=4096)
def _links_in(html: str, setting: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (m.group("what"), m.group("value")) for m in _intrasite_regex(setting).finditer(html)
    )


# --- 7. pelican-i18n-subsites --------------------------------------------------


def subsite_settings_are_shared() -> bool:
    """pelican-i18n-subsites copies the main settings dict shallowly for each
    subsite, so a value stored in it is the same object in every run."""
    from pelican.plugins.i18n_subsites import i18n_subsites

    return "_MAIN_SETTINGS.copy()" in inspect.getsource(i18n_subsites.create_next_subsite)
