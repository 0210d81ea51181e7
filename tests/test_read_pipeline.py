"""plugins/read_pipeline (issue 16): one reader, ordered transforms, one cache.

Unit tests of the registry and the cache, and real builds for the defects the
review found in the read path:
1. two "Im nächsten Beitrag" headings: cut once, no text dropped, no warning
   about a Series_next: the author never wrote;
3. a same-size edit with a preserved mtime is seen (the cache is keyed by a
   digest of the file's bytes, not by mtime and size);
5. the read cache's key holds DEFAULT_LANG and DOCUTILS_SETTINGS for the
   readers that use them: an English .rst on the subsite gets English
   admonition titles.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
import read_pipeline
from read_pipeline import pipeline
from read_pipeline.pipeline import Transform, TransformOrderError, check_order
from sitebuild import REPO, article, run_python


def noop(html, metadata, context):
    return html


# --- the registry -------------------------------------------------------------


def test_transforms_run_in_order_and_a_wrong_order_is_named():
    a = Transform("a", 100, noop, "plugin_a")
    b = Transform("b", 50, noop, "plugin_b", after=("a",))
    with pytest.raises(TransformOrderError) as caught:
        check_order([a, b])
    message = str(caught.value)
    assert "'b' of plugin_b (order 50) must run after 'a' of plugin_a (order 100)" in message
    check_order([a, Transform("b", 150, noop, "plugin_b", after=("a",))])
    check_order([Transform("b", 50, noop, "plugin_b", after=("absent",))])  # not loaded: no order


def test_the_site_registers_its_transforms_in_order(tmp_path):
    # The plugins as Pelican loads them: pelicanconf.py's PLUGIN_PATHS.
    script = textwrap.dedent(
        """
        import sys, json
        from pelican.settings import read_settings
        from pelican import Pelican
        settings = read_settings("pelicanconf.py", override={"PATH": sys.argv[1]})
        Pelican(settings)
        from read_pipeline import transforms
        print(json.dumps([(t.order, t.name, t.plugin) for t in transforms()]))
        """
    )
    out = run_python(script, str(tmp_path), cwd=REPO)
    assert out.returncode == 0, out.stderr
    names = [name for _, name, _ in json.loads(out.stdout.splitlines()[-1])]
    assert names.index("typography") < names.index("latin1_body") < names.index("series_teaser")


def test_tests_import_the_plugin_modules_pelican_runs():
    """pytest's `pythonpath` (pyproject.toml) puts plugins/ on sys.path for
    the tests. Pelican finds a plugin by the same top-level name in
    PLUGIN_PATHS, so a test and an in-process Pelican share one module and
    its state (the transform registry here), not two copies of it."""
    from pelican.plugins._utils import load_legacy_plugin
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "pelicanconf.py"))
    # Pelican's loader, without register(): no signal is connected here.
    assert load_legacy_plugin("read_pipeline", settings["PLUGIN_PATHS"]) is read_pipeline
    # Some tools put it there again (the same folder): never another plugins/.
    folders = {Path(p).resolve() for p in sys.path if os.path.basename(p) == "plugins"}
    assert folders == {REPO / "plugins"}


# --- the cache ------------------------------------------------------------------


class FakeReader:
    depends_on = ("X",)

    def __init__(self, settings):
        self.settings = settings
        self.parses = 0

    def parse(self, path):
        self.parses += 1
        with open(path, encoding="utf-8") as fh:
            return fh.read(), {"title": "T"}


class GenericReader(FakeReader):
    depends_on = None  # the generic list: every reader's settings


def test_same_size_edit_with_preserved_mtime_is_read_again(tmp_path):
    import build_state

    settings = {
        "DEFAULT_LANG": "de",
        "X": 1,
        build_state.KEY: build_state.BuildState(main_lang="de"),
    }
    reader = FakeReader(settings)
    path = tmp_path / "a.md"
    path.write_text("Hallo Welt", encoding="utf-8")
    stamp = os.stat(path)
    assert pipeline.pipeline_read(reader, str(path), reader.parse)[0] == "Hallo Welt"
    assert pipeline.pipeline_read(reader, str(path), reader.parse)[0] == "Hallo Welt"
    assert reader.parses == 1  # the second read came from the cache
    # cp -p, rsync, tar, a coarse clock: same size, same mtime, new text.
    path.write_text("Hallo Wald", encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert os.stat(path).st_size == stamp.st_size
    assert pipeline.pipeline_read(reader, str(path), reader.parse)[0] == "Hallo Wald"
    assert reader.parses == 2


def test_cache_key_holds_the_readers_settings():
    import build_state

    def key(**settings):
        settings = {
            "DEFAULT_LANG": "de",
            build_state.KEY: build_state.BuildState(main_lang="de"),
            **settings,
        }
        return pipeline.reader_key(GenericReader(settings), [])

    assert key(DEFAULT_LANG="de") != key(DEFAULT_LANG="en")
    assert key(DOCUTILS_SETTINGS={"a": 1}) != key(DOCUTILS_SETTINGS={"a": 2})


# --- defect 5: reStructuredText in the subsite's language -------------------------

RST = """\
A note
######

:date: 2026-01-05
:lang: en
:slug: a-note
:summary: A note.

Text.

.. note:: Mind this.
"""


@pytest.mark.slow
def test_english_rst_gets_english_admonition_titles(site):
    site.add_seed()
    site.write("articles/en/note.rst", RST)
    site.write(
        "articles/notiz.rst",
        RST.replace(":lang: en", ":lang: de")
        .replace("a-note", "eine-notiz")
        .replace("A note\n######", "Eine Notiz\n##########"),
    )
    build = site.build(strict=False)
    assert build.returncode == 0, build.stderr
    english = build.html("en/a-note/index.html")
    assert ">Note<" in english and ">Bemerkung<" not in english
    german = build.html("eine-notiz/index.html")
    assert ">Bemerkung<" in german


# --- defect 1: two closing headings ----------------------------------------------

TWO_HEADINGS = article(
    "Erster Teil",
    "2026-01-01 09:00",
    "Anfang.\n\n## Im nächsten Beitrag\n\nDiese Zeilen darf niemand verlieren.\n\n"
    "## Im nächsten Beitrag\n\nzeigen wir den zweiten Teil.",
    Slug="eins",
    Lang="de",
    Series="Reihe",
    Series_index="1",
    Summary="Eins.",
)
PART_TWO = article(
    "Zweiter Teil",
    "2026-01-02 09:00",
    "Zwei.",
    Slug="zwei",
    Lang="de",
    Series="Reihe",
    Series_index="2",
    Summary="Zwei.",
)


@pytest.mark.slow
def test_two_closing_headings_cut_once_and_keep_the_text(site):
    site.add_seed()
    site.write("articles/eins.md", TWO_HEADINGS)
    site.write("articles/zwei.md", PART_TWO)
    build = site.build(strict=False)
    assert build.returncode == 0, build.stderr
    page = build.soup("eins/index.html")
    text = page.get_text(" ", strip=True).replace("\xa0", " ")
    assert "Diese Zeilen darf niemand verlieren." in text  # nothing silently dropped
    assert text.count("zeigen wir den zweiten Teil.") == 1  # the teaser, once
    teaser = page.select_one(".series-teaser")
    assert teaser is not None and "zeigen wir den zweiten Teil." in teaser.get_text().replace(
        "\xa0", " "
    )
    assert "Diese Zeilen" not in teaser.get_text()
    log = build.stdout + build.stderr
    assert "Series_next" not in log  # the author wrote none
    assert "content/articles/eins.md: 2 headings 'Im nächsten Beitrag'" in log


def test_plugin_order_is_checked_against_plugins_not_against_what_is_imported(site):
    """fast_build needs pelican-i18n-subsites before it only where PLUGINS
    lists it (Pelican 4.12 imports every installed namespace plugin anyway)."""
    import runpy

    plugins = runpy.run_path(str(REPO / "pelicanconf.py"))["PLUGINS"]
    subsites = "pelican.plugins.i18n_subsites"
    site.write("articles/gut.md", "Title: Gut\nDate: 2026-01-01\nSlug: gut\n\nText\n")
    # (The theme needs the subsites plugin's gettext; here only the order check matters.)
    without = site.build(overrides={"PLUGINS": [p for p in plugins if p != subsites]})
    assert "needs pelican.plugins.i18n_subsites" not in without.stderr, without.stderr
    late = site.build(overrides={"PLUGINS": [p for p in plugins if p != subsites] + [subsites]})
    assert late.returncode == 1
    assert "fast_build: needs pelican.plugins.i18n_subsites before it in PLUGINS" in late.stderr
