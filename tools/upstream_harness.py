"""Our plugins and Markdown extensions, switched on inside upstream's own test suites.

`make upstream-tests` (tools/upstream_tests.py) runs the test suites of the
pinned Pelican and Python-Markdown, from their sdists, in processes that load
this module first. It makes our code part of every run those suites make:

- **Markdown**: every `markdown.Markdown()` instance, including the ones
  behind `markdown.markdown()` and Pelican's Markdown reader, registers the
  extensions in MARKDOWN_EXTENSIONS after its own (`Markdown.__init__` is
  wrapped; Python-Markdown has no public hook for "every instance").
- **Pelican**: the plugins in PELICAN_PLUGINS become Pelican's default
  `PLUGINS` (`pelican.settings.DEFAULT_CONFIG`), so every `Pelican()` the
  suite builds from default settings registers them, as our site does.
  (A default PLUGINS also stops Pelican from loading every installed
  namespace plugin, which the suite does not expect.)

What is active, and why each of ours is or is not
---------------------------------------------------
An upstream test compares output with what stock Pelican or Markdown writes.
Code of ours whose whole point is to change that output (typography, ids,
rel="noopener", sitemaps, root-relative links) would fail those comparisons
by design, so it is tested by our own suite instead. Active is what promises
the same output as stock, or does nothing on a site that does not use it:

Markdown extensions (pelicanconf.py MARKDOWN, plus safe_content):
  inline_triggers     ON   same output as stock, faster: the claim to test.
  german_typography   off  German quotes, dashes, no-break spaces.
  heading_ids         off  an id on every heading.
  safe_content        off  rel="noopener" on external links.
  codehilite, extra, meta  upstream's own; the suite tests them itself.

Pelican plugins (pelicanconf.py PLUGINS):
  read_pipeline       ON   reads every file as Pelican's readers do; its
                           transforms come from the plugins that are off.
  fast_build          ON   reads each file once, caches and skips renders:
                           must not change what Pelican writes.
  lean_subsites       ON   hooks the generators of every run; a no-op
                           without subsites, which must stay a no-op.
  build_clock         ON   without BUILD_NOW it must leave Pelican's
                           future-date rule alone.
  babel_dates         ON   template filters only.
  reading_time        ON   a template filter only.
  wp_shortcodes       ON   reports WordPress shortcodes, writes nothing.
  strict_content      ON   checks content after reading, writes nothing.
  series              ON   only articles with `Series:` are touched.
  i18n_extras         off  puts a post without Lang: into the main language
                           and drops posts in languages without a site:
                           Pelican's samples have French posts.
  root_relative       off  rewrites {filename} links to root-relative ones.
  german_typography   off  typesets titles and bodies (see above).
  sitemap_hreflang    off  writes sitemap.xml and robots.txt into every site.
  safe_content        off  adds rel="noopener" (see above).
  images              off  writes responsive pictures and share cards.
  foreign_markdown    off  front matter, shortcodes, video links: changes
                           what other generators' Markdown becomes.
  summaries           off  cuts summaries at whole sentences.
  foreign_markdown    off  reads YAML front matter and shortcodes, turns video
                           embeds into links, refuses other hosts' images:
                           Pelican's samples link some.
  summaries           off  makes summaries of whole sentences by design.
  pelican.plugins.i18n_subsites  off  not ours; a second run per language.

A plugin or extension named in pelicanconf.py but in neither table stops the
run (`plan()`): a new one must be judged here first. Active plugins load in
pelicanconf.py's order.

Evidence: each process writes, when it ends, how often our code was switched
on (Markdown instances per extension, Pelican runs per plugin) and, for the
process that reports results, the test counts, as JSON into
$UPSTREAM_EVIDENCE_DIR. tools/upstream_tests.py adds them up and fails a
suite in which our code never ran.

tools/upstream_tests.py passes the ON lists to the child processes as
UPSTREAM_MARKDOWN_EXTENSIONS and UPSTREAM_PELICAN_PLUGINS (comma-separated);
its --markdown-extensions option replaces the first (the harness's own test,
tests/test_upstream_harness.py, switches german_typography on that way and
expects the suite to fail).
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (active in upstream's suites, why); see the module docstring.
MARKDOWN_TABLE = {
    "inline_triggers": (True, "same output as stock Python-Markdown, faster"),
    "german_typography": (False, "changes quotes, dashes and spaces by design"),
    "heading_ids": (False, "adds an id to every heading by design"),
    "safe_content.safe_content": (False, 'adds rel="noopener" to external links by design'),
    "markdown.extensions.codehilite": (False, "upstream's own, tested by its suite"),
    "markdown.extensions.extra": (False, "upstream's own, tested by its suite"),
    "markdown.extensions.meta": (False, "upstream's own, tested by its suite"),
}
PELICAN_TABLE = {
    "read_pipeline": (True, "Pelican's Markdown reading, with no transform of its own"),
    "fast_build": (True, "must not change what Pelican writes"),
    "lean_subsites": (True, "a no-op without subsites"),
    "build_clock": (True, "without BUILD_NOW leaves Pelican's date rule alone"),
    "babel_dates": (True, "template filters only"),
    "reading_time": (True, "a template filter only"),
    "wp_shortcodes": (True, "reports shortcodes, writes nothing"),
    "strict_content": (True, "checks content, writes nothing"),
    "series": (True, "touches only articles with Series:"),
    "i18n_extras": (False, "sets Lang and drops other languages: the samples are French too"),
    "root_relative": (False, "rewrites links to root-relative ones by design"),
    "german_typography": (False, "typesets titles and bodies by design"),
    "sitemap_hreflang": (False, "writes sitemap.xml and robots.txt into every site"),
    "safe_content": (False, 'adds rel="noopener" by design'),
    "pelican.plugins.i18n_subsites": (False, "not ours; a second run per language"),
    "images": (False, "writes pictures and share cards by design"),
    "foreign_markdown": (
        False,
        "front matter, shortcodes, video links, other hosts refused: by design",
    ),
    "summaries": (False, "summaries of whole sentences by design"),
}


def plan() -> tuple[list[str], list[str], list[str]]:
    """(Markdown extensions on, Pelican plugins on, names neither table judges).

    Read from pelicanconf.py, so the plugins come in the site's order (some
    assert in register() that another was registered before them).
    """
    sys.path.insert(0, str(ROOT))
    try:
        import pelicanconf
    finally:
        sys.path.remove(str(ROOT))
    extensions = [*pelicanconf.MARKDOWN["extension_configs"], "safe_content.safe_content"]
    unjudged = [f"Markdown extension {e}" for e in extensions if e not in MARKDOWN_TABLE]
    unjudged += [f"Pelican plugin {p}" for p in pelicanconf.PLUGINS if p not in PELICAN_TABLE]
    markdown_on = [e for e in extensions if MARKDOWN_TABLE.get(e, (False,))[0]]
    pelican_on = [p for p in pelicanconf.PLUGINS if PELICAN_TABLE.get(p, (False,))[0]]
    return markdown_on, pelican_on, unjudged


def _names(env: str) -> list[str]:
    """The lists tools/upstream_tests.py passes to its child processes."""
    return [n for n in os.environ.get(env, "").split(",") if n]


MARKDOWN_EXTENSIONS = _names("UPSTREAM_MARKDOWN_EXTENSIONS")
PELICAN_PLUGINS = _names("UPSTREAM_PELICAN_PLUGINS")


# --- Evidence ------------------------------------------------------------------

_active = Counter()  # "markdown:<extension>" / "pelican:<plugin>" -> times switched on
_results: dict = {}


def _write_evidence() -> None:
    folder = os.environ.get("UPSTREAM_EVIDENCE_DIR")
    if not folder:
        return
    with open(os.path.join(folder, f"{os.getpid()}.json"), "w", encoding="utf-8") as f:
        json.dump({"active": dict(_active), "results": _results}, f)


# --- Switching ours on ----------------------------------------------------------


def activate_markdown(extensions=None) -> None:
    """Every Markdown instance registers `extensions` after its own."""
    import markdown.core

    names = MARKDOWN_EXTENSIONS if extensions is None else extensions
    original = markdown.core.Markdown.__init__
    if getattr(original, "_upstream_harness", False) or not names:
        return

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.registerExtensions(list(names), {})
        self.reset()
        for name in names:
            _active[f"markdown:{name}"] += 1

    __init__._upstream_harness = True
    markdown.core.Markdown.__init__ = __init__


def activate_pelican(plugins=None) -> None:
    """Our plugins as Pelican's default PLUGINS; count the runs that load them."""
    from pelican import settings, signals

    names = PELICAN_PLUGINS if plugins is None else plugins
    settings.DEFAULT_CONFIG["PLUGINS"] = list(names)
    settings.DEFAULT_CONFIG["PLUGIN_PATHS"] = []
    signals.initialized.connect(_count_plugins)


def _count_plugins(pelican) -> None:
    loaded = {getattr(p, "__name__", "") for p in getattr(pelican, "plugins", ())}
    for name in PELICAN_PLUGINS:
        if name in loaded:
            _active[f"pelican:{name}"] += 1


def _prepare_process() -> None:
    """Make our plugins importable and write the evidence when the process ends."""
    plugins = str(ROOT / "plugins")
    if plugins not in sys.path:
        sys.path.append(plugins)  # after the sdist: upstream's modules come first
    atexit.register(_write_evidence)


# --- Python-Markdown's suite (unittest) ---------------------------------------------


def run_markdown_suite() -> int:
    """`python -m unittest discover tests`, in the sdist's folder, with ours on."""
    import unittest

    _prepare_process()
    activate_markdown()
    select = os.environ.get("UPSTREAM_SELECT")
    program = unittest.main(
        module=None,
        exit=False,
        verbosity=1,
        argv=[
            "unittest",
            "discover",
            "-s",
            "tests",
            "-t",
            ".",
            *(["-k", select] if select else []),
        ],
    )
    result = program.result
    _results.update(
        run=result.testsRun,
        failed=len(result.failures) + len(result.unexpectedSuccesses),
        errors=len(result.errors),
        skipped=len(result.skipped),
    )
    return 0 if result.wasSuccessful() and result.testsRun else 1


# --- Pelican's suite (pytest plugin: `-p upstream_harness`) ------------------------


def pytest_configure(config) -> None:
    _prepare_process()
    activate_markdown()
    activate_pelican()


def pytest_terminal_summary(terminalreporter, config) -> None:
    if hasattr(config, "workerinput"):
        return  # a pytest-xdist worker: the controller reports the counts
    stats = terminalreporter.stats
    count = lambda *keys: sum(  # noqa: E731
        1 for key in keys for r in stats.get(key, ()) if getattr(r, "count_towards_summary", True)
    )
    _results.update(
        passed=count("passed"),
        failed=count("failed", "xpassed"),
        errors=count("error"),
        skipped=count("skipped", "xfailed"),
    )
    _results["run"] = _results["passed"] + _results["failed"] + _results["skipped"]
