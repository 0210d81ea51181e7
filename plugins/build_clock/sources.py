"""Posts dated ahead, read from the files, and the fingerprint of a site.

Standard library only: tools/schedule.py runs it on a CI machine's system
Python before anything is installed, and the build (plugins/build_clock)
writes the same fingerprint into the site, so the two can be compared.

A post is read as Pelican's Markdown reader reads it: the `Key: value`
lines at the top, up to the first empty line; `Date:` in the site's time
zone, or the date at the start of the file name. A YAML front matter block
(`---` … `---`, blank lines allowed) is read as plugins/foreign_markdown
reads it, as far as the schedule needs: quotes dropped, `draft: true` or
`published: false` a draft, German dates (`03.04.2015`) day first. Any
other date Pelican accepts (`Dec 6, 2099`, `Mon 04 March 2015`) is read
with dateutil as Pelican reads it, where dateutil is installed (in the
venv always; a system Python before `make` may lack it).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
META_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
# The forms docs/schreiben.md documents (YYYY-MM-DD, YYYY-MM-DD HH:MM), seconds allowed.
DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
FILENAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
GERMAN_DATE = re.compile(
    r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*Uhr)?)?$"
)
YAML_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
# Front matter keys of other generators, as plugins/foreign_markdown maps them.
YAML_KEYS = {"language": "lang", "categories": "category"}
DATE_HELP = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 'Date: 2026-12-06 09:00'"
# What a built site is made of, relative to the site's folder. Compiled
# catalogs (.mo) are written by the build itself, so they are left out.
INPUTS = (
    "content",
    "theme",
    "plugins",
    "tools",
    "pelicanconf.py",
    "publishconf.py",
    "pyproject.toml",
)
SKIPPED_DIRS = {"__pycache__", ".git"}
SKIPPED_SUFFIXES = (".pyc", ".mo")
# Settings the environment gives the build (publishconf.py reads them).
ENVIRONMENT = ("SITEURL", "PRECOMPRESS")
# Written into the site's root by the build, uploaded with it, read back from
# the deploy target by tools/schedule.py: the site there was built from this.
FINGERPRINT_FILE = ".build-fingerprint"


class BadDate(ValueError):
    """A `Date:` the schedule cannot read; the message names file and fix."""


@dataclass
class Post:
    path: str  # relative to the site's folder
    title: str
    date: datetime.datetime  # aware
    lang: str
    status: str  # as the author wrote it: published, draft, hidden
    series: str
    series_index: str


def front_matter(path: Path) -> dict[str, str]:
    meta: dict[str, str] = {}
    with path.open(encoding="utf-8-sig") as file:
        yaml = False
        for number, line in enumerate(file):
            if number == 0 and YAML_FENCE.match(line):
                yaml = True
                continue
            if yaml and YAML_FENCE.match(line):
                break
            if not line.strip():
                if yaml:
                    continue
                break
            m = META_LINE.match(line.rstrip("\n"))
            if m:
                key, value = m.group(1).lower(), m.group(2).strip()
                if yaml:
                    key = YAML_KEYS.get(key, key)
                    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
                        value = value[1:-1]
                    if (key == "draft" and value.lower() == "true") or (
                        key == "published" and value.lower() == "false"
                    ):
                        meta["status"] = "draft"
                meta[key] = value
    return meta


def parse_date(raw: str, zone: ZoneInfo) -> datetime.datetime | None:
    m = DATE.match(" ".join(raw.split()))
    german = GERMAN_DATE.match(" ".join(raw.split()))
    if german:  # day first, as plugins/foreign_markdown reads it
        day, month, year, hour, minute, second = (int(g or 0) for g in german.groups())
        m = DATE.match(f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}")
    if not m:
        try:
            value = datetime.datetime.fromisoformat(raw.strip())
        except ValueError:
            value = _as_pelican_reads(raw)
            if value is None:
                return None
    else:
        year, month, day, hour, minute, second = (int(g or 0) for g in m.groups())
        try:
            value = datetime.datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _as_pelican_reads(raw: str) -> datetime.datetime | None:
    """pelican.utils.get_date's reading (dateutil, missing parts from today at
    midnight), or None without dateutil or for a date it cannot read."""
    try:
        from dateutil.parser import parse
    except ImportError:
        return None
    default = datetime.datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        return parse(re.sub(" +", " ", raw), default=default)
    except (ValueError, OverflowError, TypeError):
        return None


def posts(
    root: Path,
    timezone: str = "Europe/Berlin",
    default_lang: str = "de",
    articles: str = "content/articles",
) -> list[Post]:
    """Every Markdown article under root/articles with a readable date.

    Raises BadDate for a date that cannot be read (Pelican would stop on most
    of those too); a file that is not UTF-8 is left to the build's message.
    """
    zone = ZoneInfo(timezone)
    found = []
    for folder, dirs, files in os.walk(root / articles, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(MARKDOWN) or name.startswith("."):
                continue
            path = Path(folder) / name
            relpath = path.relative_to(root).as_posix()
            try:
                meta = front_matter(path)
            except (OSError, UnicodeDecodeError):
                continue
            raw = meta.get("date") or (FILENAME_DATE.match(name) or [None, ""])[1]
            if not raw:
                continue  # no date: the build reports it
            date = parse_date(raw, zone)
            if date is None and not meta.get("date"):
                # tools/build.py says the same of Pelican's message: one line.
                raise BadDate(
                    f"{relpath}: the date '{raw}' at the start of the file name is not a valid "
                    "date; rename the file (YYYY-MM-DD-name.md, a real day) or add a line "
                    "'Date: YYYY-MM-DD' to the file"
                )
            if date is None:
                raise BadDate(
                    f"{relpath}: Date: '{raw}' is not a date the schedule can read; {DATE_HELP}"
                )
            found.append(
                Post(
                    relpath,
                    meta.get("title", name),
                    date,
                    meta.get("lang") or default_lang,
                    (meta.get("status") or "published").lower(),
                    meta.get("series", ""),
                    meta.get("series_index", ""),
                )
            )
    return found


def scheduled(all_posts: list[Post], now: datetime.datetime) -> list[Post]:
    """Finished posts dated after `now`, soonest first (drafts promise nothing)."""
    return sorted(
        (p for p in all_posts if p.status == "published" and p.date > now),
        key=lambda p: (p.date, p.path),
    )


def _files(root: Path):
    for name in INPUTS:
        top = root / name
        if top.is_file():
            yield top
        elif top.is_dir():
            for folder, dirs, files in os.walk(top, followlinks=True):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
                for file in sorted(files):
                    if not file.endswith(SKIPPED_SUFFIXES):
                        yield Path(folder) / file


def fingerprint(
    root: Path, now: datetime.datetime, timezone: str = "Europe/Berlin", environ=os.environ
) -> str:
    """What a publish at `now` builds: every input file's path and bytes, the
    environment the settings read, and which posts are still held back by
    their date (the one thing that changes with time alone)."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for key in ENVIRONMENT:
        digest.update(f"{key}={environ.get(key, '')}\0".encode())
    for post in posts(root, timezone):
        if post.date > now:
            digest.update(f"future:{post.path}\0".encode())
    return "sha256:" + digest.hexdigest()
