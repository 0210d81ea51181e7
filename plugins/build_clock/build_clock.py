"""The build's clock: `BUILD_NOW` for tests, and the site's fingerprint.

Pelican holds a future-dated post back in `Article.__init__`, comparing its
date with the real clock (WITH_FUTURE_DATES = False). With `BUILD_NOW` set,
this plugin takes that check over, with the same rule and the moved clock:
it switches Pelican's own check off for the run and marks a post dated after
`BUILD_NOW` as a draft itself, on `content_object_init`, which Pelican sends
before its own check. Without `BUILD_NOW` nothing changes: the real clock
and Pelican's check decide, as on the published site.

    --set 'BUILD_NOW="2026-12-06 09:00"'   (tools/build.py; Berlin time)

A publish also writes `.build-fingerprint` into the site's root: what the
site was built from (inputs, and which posts their date still held back),
so a scheduled run can tell that the deployed site is still the one it
would build and skip the publish (tools/schedule.py, docs/schreiben.md "Beiträge planen").
"""

from __future__ import annotations

import logging
from pathlib import Path

import build_state
from pelican.contents import Article
from plugin_helpers import is_main_run

from .clock import build_now, is_future, parse_now
from .sources import FINGERPRINT_FILE, BadDate, fingerprint

log = logging.getLogger(__name__)


def take_over_future_dates(pelican) -> None:
    settings = pelican.settings
    if not settings.get("BUILD_NOW"):
        return
    try:
        parse_now(settings["BUILD_NOW"], settings.get("TIMEZONE") or "UTC")
    except ValueError as exc:
        log.error("%s (a setting for tests)", exc)
        settings["BUILD_NOW"] = None
        return
    # The build state is the main site's, shared by the English subsite,
    # whose settings are a copy of the German ones (WITH_FUTURE_DATES too).
    current = build_state.state(settings)
    if current is None:
        return
    if current.holds_future or not settings.get("WITH_FUTURE_DATES"):
        current.holds_future = True
        settings["WITH_FUTURE_DATES"] = True  # Pelican's check, real clock: off


def hold_back_future(content) -> None:
    """Pelican's rule (contents.Article), judged by BUILD_NOW."""
    current = build_state.state(content.settings)
    if not isinstance(content, Article) or current is None or not current.holds_future:
        return
    date = getattr(content, "date", None)
    if date is not None and is_future(date, content.settings):
        content.status = "draft"


def write_fingerprint(pelican) -> None:
    """Into the main run's output folder (the English subsite's is inside it),
    for the published site only (`BUILD_FINGERPRINT`, publishconf.py): it
    hashes the environment publishconf.py reads, which a development
    build does not."""
    settings = pelican.settings
    if not settings.get("BUILD_FINGERPRINT") or not is_main_run(settings):
        return
    root = Path(settings["PATH"]).parent
    try:
        stamp = fingerprint(root, build_now(settings), settings.get("TIMEZONE") or "UTC")
    except BadDate as exc:
        log.error("%s", exc)
        return
    Path(settings["OUTPUT_PATH"], FINGERPRINT_FILE).write_text(stamp + "\n", encoding="utf-8")


def register():
    from pelican import signals

    build_state.connect()  # before take_over_future_dates: the state exists
    # Settings are final once Pelican is initialised; articles not read yet.
    signals.initialized.connect(take_over_future_dates)
    # Sent at the end of Content.__init__, before Article.__init__ applies
    # WITH_FUTURE_DATES: the status is set where Pelican would set it.
    signals.content_object_init.connect(hold_back_future)
    # When the run has written everything (Pagefind's index comes later and
    # is made from the pages, so it adds nothing to the inputs).
    signals.finalized.connect(write_fingerprint)
