"""The build's state: one object for everything a plugin keeps between signals.

Not a plugin: a helper module the local plugins import (pelicanconf.py puts
plugins/ on sys.path), like content_lists.py.

Why one object, and why in the settings: pelican-i18n-subsites builds each
language subsite with a second Pelican object whose settings are a shallow
copy of the main site's (see compat.subsite_settings_are_shared), so a value
stored in the main site's settings is the one object every run of a build
sees, and a new Pelican object from new settings (a new `make html`, the
devserver after the settings file changed) starts clean. A module global
would outlive the build (autoreload, tests in one process) and be shared by
unrelated builds; this object is not.

Two lifetimes:

* `BuildState` itself lives as long as the settings dict: the whole
  devserver session (Pelican's autoreload keeps one Pelican object and calls
  its run() again). The read cache, compiled templates and the writer's
  records of what it wrote live here.
* `BuildState.run` (a `RunState`) is made anew when the main site starts a
  run (signal `get_generators`, each devserver rebuild too) and shared by its
  subsites: what one build collects (lean_subsites' notes, the pages the
  sitemap lists).

Plugins call `connect()` in their register(); `state(settings)` and
`run_state(settings)` give the objects (None outside a Pelican run, e.g. a
reader built by a unit test: callers then do without).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican import signals
from plugin_helpers import is_main_run

# The one settings key.
KEY = "BUILD_STATE"


@dataclass
class RunState:
    """What one build (main site and its subsites) collects."""

    # lean_subsites: {"main_lang": …, "files": {path: (lang, key, links)}}
    lean_notes: dict | None = None
    # sitemap_hreflang: written pages per run, keyed by the run's OUTPUT_PATH.
    sitemap_entries: dict = field(default_factory=dict)


@dataclass
class BuildState:
    """What lives for the session (see the module docstring)."""

    main_lang: str
    # read_pipeline: {source path: (key, digest, (content, metadata))}
    reads: dict = field(default_factory=dict)
    # fast_build: compiled templates per Jinja environment options.
    templates: dict = field(default_factory=dict)
    # fast_build: per OUTPUT_PATH, the writer's record of the last run.
    sites: dict = field(default_factory=dict)
    # catalogs: digest of each compiled .mo, to see a .po edited in a session.
    catalogs: dict = field(default_factory=dict)
    # i18n_extras: the build's languages and each language's site (its Run).
    i18n: object | None = None
    # build_clock: this build judges future dates by BUILD_NOW, not the clock.
    holds_future: bool = False
    run: RunState = field(default_factory=RunState)


def state(settings) -> BuildState | None:
    return settings.get(KEY) if settings is not None else None


def run_state(settings) -> RunState | None:
    current = state(settings)
    return current.run if current is not None else None


def start(pelican) -> None:
    """The main site's settings get the state; a subsite has it by copy."""
    settings = pelican.settings
    if state(settings) is None and is_main_run(settings):
        settings[KEY] = BuildState(main_lang=settings["DEFAULT_LANG"])


def start_run(pelican) -> None:
    """A new build of the main site (each devserver rebuild) starts a new RunState."""
    current = state(pelican.settings)
    if current is not None and is_main_run(pelican.settings):
        current.run = RunState()


def main_lang(settings) -> str:
    """The main site's language, also in a subsite's run."""
    current = state(settings)
    return current.main_lang if current is not None else settings["DEFAULT_LANG"]


def connect() -> None:
    """For the register() of every plugin that uses the state (connecting the
    same receiver twice is a no-op)."""
    # initialized: the main site's settings are final; subsites are made later.
    signals.initialized.connect(start)
    # get_generators: the start of every run (subsites start inside the main run).
    signals.get_generators.connect(start_run)
