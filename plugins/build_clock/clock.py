"""The build's clock, and which posts it holds back as scheduled.

Not Pelican-specific beyond the settings dict, so the series plugin and the
tools share one answer to "is this post due?". `BUILD_NOW` (a setting, unset
in the site's settings) moves the clock for tests: "2026-12-06 09:00" is
Berlin time (TIMEZONE), like an article's `Date:`.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

NOW_HELP = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. '2026-12-06 09:00'"


def parse_now(text: str, timezone: str) -> datetime.datetime:
    """`BUILD_NOW` as an aware datetime; ValueError naming the fix."""
    try:
        value = datetime.datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"BUILD_NOW: {text!r} is not a date; {NOW_HELP}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(timezone))
    return value


def build_now(settings: dict) -> datetime.datetime:
    """Now, as this build sees it: `BUILD_NOW` if set, else the real clock (aware)."""
    timezone = settings.get("TIMEZONE") or "UTC"
    moved = settings.get("BUILD_NOW")
    if moved:
        return parse_now(moved, timezone)
    return datetime.datetime.now(ZoneInfo(timezone))


def is_future(date, settings: dict) -> bool:
    """Dated after the build's now. A naive date (no TIMEZONE) is compared
    with the naive local time, as Pelican does."""
    now = build_now(settings)
    if date.tzinfo is None:
        now = now.replace(tzinfo=None)
    return date > now


def is_scheduled(article) -> bool:
    """A post the author has finished and dated ahead: held back only by its
    date, so its date may be announced. `Status: draft` and `Status: hidden`
    promise nothing (Pelican turns a future post into a draft, so the
    author's own status is read from the metadata)."""
    date = getattr(article, "date", None)
    authored = str(article.metadata.get("status", "published")).strip().lower()
    return date is not None and authored == "published" and is_future(date, article.settings)
