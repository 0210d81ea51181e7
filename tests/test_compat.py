"""Contract tests for plugins/compat.py: one per use of a library's internals.

Each fails with a message naming the library and the version the project
pins (pyproject.toml) when the internal it guards has changed, so raising a
pin shows at once what must be looked at (UPGRADING.md). The table of uses
is compat.py's docstring.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import textwrap
from importlib.metadata import version
from pathlib import Path

import compat
import content_lists
import pytest

# The versions these contracts were checked against (pyproject.toml pins them).
PINNED = {
    "pelican": "4.12.0",
    "markdown": "3.11.3",
    "pelican-i18n-subsites": "1.0.0",
    "pelican-precompress": "2.4.0",
}


def changed(library: str, what: str) -> str:
    return (
        f"{library} {version(library)} (pinned: {PINNED[library]}) changed {what}; "
        f"see plugins/compat.py and UPGRADING.md before raising the pin"
    )


DATE = __import__("datetime").datetime(2026, 1, 1)


def digest(obj) -> str:
    source = textwrap.dedent(inspect.getsource(obj))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


# --- 1. Python-Markdown's inline loop ------------------------------------------


def test_inline_loop_is_the_one_replaced():
    from markdown.treeprocessors import InlineProcessor

    loop = getattr(InlineProcessor, compat.INLINE_LOOP, None)
    apply = getattr(InlineProcessor, compat.INLINE_APPLY, None)
    assert loop is not None and apply is not None, changed(
        "markdown", "InlineProcessor: no __handleInline/__applyPattern"
    )
    assert list(inspect.signature(loop).parameters) == ["self", "data", "patternIndex"], changed(
        "markdown", "the signature of InlineProcessor.__handleInline"
    )
    assert list(inspect.signature(apply).parameters) == [
        "self",
        "pattern",
        "data",
        "patternIndex",
        "startIndex",
    ], changed("markdown", "the signature of InlineProcessor.__applyPattern")
    # The loop inline_triggers restates: any change to it must be restated too.
    assert digest(loop) == "3689d89c43d2be73", changed(
        "markdown", "the body of InlineProcessor.__handleInline"
    )


def test_inline_loop_is_installed():
    from inline_triggers.inline_triggers import TriggeredInlineProcessor

    assert (
        getattr(TriggeredInlineProcessor, compat.INLINE_LOOP)
        is TriggeredInlineProcessor._triggered_loop
    )


# --- 2. Pelican's writer --------------------------------------------------------


def test_writer_opens_every_file_through_open_w():
    assert compat.writer_hooks_problem() is None, changed(
        "pelican", compat.writer_hooks_problem() or ""
    )


def test_writer_keeps_its_written_files(tmp_path):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.writers import Writer

    writer = Writer(str(tmp_path), settings=dict(DEFAULT_CONFIG))
    path = str(tmp_path / "a.html")
    with writer._open_w(path, "utf-8") as fh:
        fh.write("x")
    assert compat.writer_has_written(writer, path), changed("pelican", "Writer._written_files")
    assert compat.writer_mark_written(writer, str(tmp_path / "b.html"))


# --- 3. and 4. content objects ---------------------------------------------------


def test_content_class_can_be_swapped():
    from pelican.contents import Article, Content

    for name in ("content", "summary", "url", "save_as"):
        assert isinstance(inspect.getattr_static(Content, name), property), changed(
            "pelican", f"Content.{name} (no longer a property)"
        )
    assert inspect.getattr_static(Content, "summary").fset is not None, changed(
        "pelican", "Content.summary's setter"
    )
    source = inspect.getsource(Content)
    assert "def get_content(self, siteurl" in source, changed(
        "pelican", "Content.get_content(siteurl)"
    )
    assert "def get_url_setting(self, key" in source, changed(
        "pelican", "Content.get_url_setting(key)"
    )
    # fast_build remembers the result per source path: it must depend on
    # nothing else (the source path and the settings' PATH).
    assert "def get_relative_source_path(self, source_path" in source, changed(
        "pelican", "Content.get_relative_source_path(source_path=None)"
    )
    relative = inspect.getsource(Content.get_relative_source_path)
    assert 'self.settings["PATH"]' in relative and "self.source_path" in relative, changed(
        "pelican", "what Content.get_relative_source_path depends on"
    )
    assert "__slots__" not in vars(Article) and "__slots__" not in vars(Content), changed(
        "pelican", "Content (has __slots__: its class cannot be swapped)"
    )


def test_content_keeps_body_in__content():
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG)
    article = Article(
        "<p>Text</p>", metadata={"title": "T", "summary": "S", "date": DATE}, settings=settings
    )
    assert compat.body(article) == "<p>Text</p>", changed(
        "pelican", "where Content keeps its body (_content)"
    )
    compat.set_body(article, "<p>Neu</p>")
    assert article.content == "<p>Neu</p>", changed(
        "pelican", "Content.content (not from _content)"
    )
    assert "_summary" in inspect.getsource(Content_class()), changed("pelican", "Content._summary")


def Content_class():
    from pelican.contents import Content

    return Content


# --- 5. intra-site links ---------------------------------------------------------


def test_intrasite_links_match_pelicans():
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG)
    html = (
        '<a href="{filename}/a.md">a</a> <img src=\'{static}/b.png\'> <a href="|filename|c.md">'
        '<video poster="{attach}d.jpg"> <a href="https://x">x</a> <form action="{index}">'
    )
    article = Article(html, metadata={"title": "T", "date": DATE}, settings=settings)
    pelicans = [
        (m.group("what"), m.group("value"))
        for m in article._get_intrasite_link_regex().finditer(html)
    ]
    ours = list(compat.intrasite_links(html, settings))
    assert ours == pelicans, changed(
        "pelican", "the intra-site link regex (Content._get_intrasite_link_regex)"
    )
    assert len(ours) == 5


# --- 6. the generators' content lists ---------------------------------------------


def test_content_lists_are_pelicans():
    from pelican.generators import ArticlesGenerator, PagesGenerator

    found = set()
    for cls in (ArticlesGenerator, PagesGenerator):
        found |= set(re.findall(r"self\.(\w+) = \[\]", inspect.getsource(cls.__init__)))
    not_content = {"related_posts", "dates", "tags", "categories", "authors"}
    assert found - not_content == set(content_lists.CONTENT_LISTS), changed(
        "pelican", f"the generators' content lists: {sorted(found - not_content)}"
    )


# --- 7. pelican-i18n-subsites -----------------------------------------------------


def test_subsite_settings_are_a_shallow_copy():
    assert compat.subsite_settings_are_shared(), changed(
        "pelican-i18n-subsites", "how a subsite's settings are made (create_next_subsite)"
    )


# --- 8. Pelican's metadata rules, restated by the read pipeline -------------------


def test_pipeline_fields_are_pelicans(tmp_path):
    from pelican.readers import MarkdownReader as Pelicans
    from pelican.settings import DEFAULT_CONFIG
    from read_pipeline.pipeline import MarkdownReader as Ours

    source = tmp_path / "a.md"
    source.write_text(
        "Title: Ein *Titel*\nDate: 2026-01-02 10:00\nTags: a, b\nSummary: Eine *kurze*\n"
        "    Zusammenfassung\nSlug: s\nSlug: t\nAuthors: X; Y\nFoo: bar\nFoo: baz\n\nText.\n",
        encoding="utf-8",
    )
    settings = dict(DEFAULT_CONFIG)
    settings["MARKDOWN"] = {
        "extension_configs": {"markdown.extensions.extra": {}},
        "output_format": "html5",
    }
    theirs = Pelicans(dict(settings, MARKDOWN=dict(settings["MARKDOWN"]))).read(str(source))
    ours = Ours(dict(settings, MARKDOWN=dict(settings["MARKDOWN"]))).read(str(source))
    assert ours[0] == theirs[0], changed("pelican", "MarkdownReader.read's body")
    assert repr(sorted(ours[1].items())) == repr(sorted(theirs[1].items())), changed(
        "pelican", "MarkdownReader's metadata rules (_parse_metadata)"
    )


# --- 9. Pelican's log texts (tools/build.py) ---------------------------------------


def test_known_log_texts_are_pelicans():
    import build  # tools/build.py

    pelican_dir = Path(inspect.getfile(Content_class())).parent
    sources = "\n".join(p.read_text("utf-8") for p in pelican_dir.glob("*.py"))
    # The fixed words each pattern starts with must still be in Pelican's code.
    for pattern, _ in build.KNOWN_MESSAGES:
        # A leading `{filename}` (escaped in the pattern) is not among the words.
        words = re.match(r"\^(?:\\\{\w+\\\})?\s*([A-Za-z ']+)", pattern.pattern).group(1).strip()
        assert words in sources, changed(
            "pelican", f"the log text {words!r} (tools/build.py KNOWN_MESSAGES)"
        )
    for pattern in build.FOLLOW_UPS:
        words = re.match(r"\^([A-Za-z ']+)", pattern.pattern).group(1).strip()
        if words.startswith("the build stopped"):
            continue  # tools/build.py's own text
        assert words in sources, changed(
            "pelican", f"the log text {words!r} (tools/build.py FOLLOW_UPS)"
        )


# --- 10. pelican-precompress ---------------------------------------------------------


def test_precompress_reads_only_settings():
    from pelican.plugins import precompress

    used = set()
    for function in (precompress.compress_files, precompress.get_settings):
        param = next(iter(inspect.signature(function).parameters))
        used |= set(re.findall(rf"\b{param}\.(\w+)", inspect.getsource(function)))
    assert "get_settings(instance)" in inspect.getsource(precompress.compress_files), changed(
        "pelican-precompress", "how compress_files reads its settings"
    )
    assert used == {"settings"}, changed(
        "pelican-precompress", f"what compress_files reads of its argument: {used}"
    )


@pytest.mark.parametrize("library", sorted(PINNED))
def test_pins_are_the_checked_versions(library):
    """A raised pin must be checked against this file (UPGRADING.md)."""
    assert version(library) == PINNED[library], (
        f"{library} is {version(library)}, the contracts in tests/test_compat.py were checked "
        f"against {PINNED[library]}: run them, then update PINNED"
    )
