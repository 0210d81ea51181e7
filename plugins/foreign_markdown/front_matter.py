"""YAML front matter of Hugo, Jekyll, Eleventy and Decap CMS, read for Pelican.

A post written for another generator starts with

    ---
    title: "Neue Karte: Der „Meshviewer”"
    date: 2015-04-03T10:00:00+02:00
    tags: [freifunk, karte]

    draft: true
    ---

Python-Markdown's `meta` extension (Pelican's reader) knows the `---` lines
but not YAML: a blank line ends the metadata and the rest becomes body text,
quotes stay part of the title, lists and booleans are strings. Here the block
is parsed with PyYAML (`safe_load`, no custom tags) and its keys mapped to
Pelican's fields (`MAPPING`); every other key is kept under its own name as
metadata (a template may use it), never shown as text.

Why PyYAML and not pelican-yaml-metadata: that plugin is a reader of its own
for `.md` files and would replace the project's one read pipeline
(plugins/read_pipeline) instead of adding a stage to it; PyYAML is the
library it uses underneath, already pinned here, and parses the block only.

Dates (also `Date:` lines of Pelican's own format) are read the German way:
`03.04.2015` is 3 April; a form that could be either (`03/04/2015`) is an
error quoting the value and the ISO form to write.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

# Opening and closing lines of a front matter block (Jekyll/Hugo: `---`,
# YAML's document end `...` closes too).
OPEN = re.compile(r"^---\s*$")
CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
# A line Python-Markdown's `meta` extension reads (`Key: value`) or continues
# (indented): a `---` block of Pelican's own fields that is no valid YAML
# (`Title: Neue Karte: Der Meshviewer`) is left to `meta`, as before.
META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*.*$|^[ ]{4,}\S")

# Front matter key -> Pelican field. Values are strings as in a Pelican
# `Key: value` line; lists become comma-separated (`tags`) or their first
# item (`categories`).
MAPPING = {
    "title": "title",
    "date": "date",
    "lastmod": "modified",
    "updated": "modified",
    "modified": "modified",
    "tags": "tags",
    "keywords": "keywords",
    "category": "category",
    "categories": "category",
    "description": "summary",
    "summary": "summary",
    "excerpt": "summary",
    "slug": "slug",
    "lang": "lang",
    "language": "lang",
    "author": "author",
    "authors": "authors",
    "image": "image",
    "featured_image": "image",
}
# Fields made of several names: commas separate them in Pelican's syntax.
LIST_FIELDS = {"tags", "keywords", "authors"}


class FrontMatterError(ValueError):
    """A post that cannot be read as it is; the message says where and why.

    A ValueError: Pelican reports "Could not process <file>" and leaves the
    post out; tools/build.py prints the message (for_author) with the file."""

    for_author = True


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates and times as written: Pelican reads them
    (with the site's time zone), and a German date is no YAML timestamp."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """(front matter lines, body lines) if the text starts with a `---` block."""
    if not lines or not OPEN.match(lines[0]):
        return None
    for index in range(1, len(lines)):
        if CLOSE.match(lines[index]):
            return lines[1:index], lines[index + 1 :]
    raise FrontMatterError(
        "its front matter starts with '---' in line 1 but has no closing '---' line; "
        "add one after the last field"
    )


def is_pelican_meta(block: list[str]) -> bool:
    """Pelican's own `Key: value` lines between `---` (capitalised keys, as
    Pelican documents them; other generators write `title:`), no blank line."""
    return bool(block) and block[0][:1].isupper() and all(META_LINE.match(line) for line in block)


def parse(block: list[str]) -> dict:
    """The front matter as a dict; a YAML error names its line in the file."""
    try:
        data = yaml.load("\n".join(block), Loader=_Loader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        # Where the broken construct starts (a list's "["), else where it broke.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the '---', +1 one-based
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(
            f"its YAML front matter does not parse (line {line}: {problem}); "
            "put values with ':' or '#' in quotes, e.g. title: \"Neue Karte: Der Meshviewer\""
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            "its front matter (line 2 on) is no list of 'key: value' lines; write one field per line"
        )
    return data


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def to_meta(data: dict) -> dict[str, list[str]]:
    """Front matter -> `md.Meta` as the `meta` extension makes it (lower-case
    keys, lists of lines), with the mapped Pelican fields."""
    meta: dict[str, list[str]] = {}
    draft = False
    for key, value in data.items():
        key = str(key).strip().lower()
        if key == "draft":
            draft = draft or _text(value).lower() in ("true", "yes", "1")
            continue
        if key == "published":
            draft = draft or _text(value).lower() in ("false", "no", "0")
            continue
        field = MAPPING.get(key, key)
        if field in meta and key != field:
            continue  # `title` wins over an alias given as well
        if field == "category" and isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
        text = _text(value)
        if field == "summary":
            meta[field] = text.splitlines() or [""]
        else:
            meta[field] = [" ".join(text.split())]
    if draft:
        meta["status"] = ["draft"]
    return meta


# --- languages and dates -----------------------------------------------------

LANG_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def language(value: str) -> str:
    """`en_US`, `en-GB`, `EN` -> `en`; anything else unchanged."""
    m = LANG_TAG.match(value.strip())
    return m.group(1).lower() if m else value


# Day first, the German way: 03.04.2015, 3.4.2015, with a time of day.
GERMAN_DATE = re.compile(
    r"^(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})(?:,?\s+(?P<t>\d{1,2}[:.]\d{2}(?::\d{2})?)(?:\s*Uhr)?)?$"
)
# Numbers that could be day-month or month-day: 03/04/2015, 3-4-2015, 03.04.15.
AMBIGUOUS_DATE = re.compile(
    r"^(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{2}|\d{4})(?P<rest>(?:[ T].*)?)$"
)


def _iso(year: int, month: int, day: int, time: str | None) -> str:
    dt.date(year, month, day)  # raises ValueError for 31.02.
    return f"{year:04d}-{month:02d}-{day:02d}" + (f" {time}" if time else "")


def german_date(value: str, field: str = "Date") -> str:
    """A date as Pelican reads it unambiguously (ISO), or the value unchanged."""
    text = value.strip()
    m = GERMAN_DATE.match(text)
    if m:
        time = (m.group("t") or "").replace(".", ":") or None
        if time and len(time.split(":")[0]) == 1:
            time = "0" + time
        try:
            return _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")), time)
        except ValueError:
            raise FrontMatterError(
                f"{field}: '{value}' is no date of the calendar; write it as YYYY-MM-DD, "
                "e.g. '2015-04-03' for 3 April 2015"
            ) from None
    m = AMBIGUOUS_DATE.match(text)
    if m:
        a, b, year = int(m.group("a")), int(m.group("b")), m.group("y")
        rest = m.group("rest").strip()
        if len(year) == 2:
            hint = f"the year '{year}' could be 19{year} or 20{year}"
            year = "20" + year
        else:
            hint = f"'{value}' could be day first or month first"
        forms = []
        for day, month in ((a, b), (b, a)):
            try:
                forms.append(_iso(int(year), month, day, None) + (f" {rest}" if rest else ""))
            except ValueError:
                pass
        iso = " or ".join(dict.fromkeys(forms)) or "YYYY-MM-DD"
        raise FrontMatterError(
            f"{field}: '{value}' is ambiguous ({hint}); write it as YYYY-MM-DD: {iso}"
        )
    return value
