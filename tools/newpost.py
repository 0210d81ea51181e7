"""Start a new article as a draft: `make newpost TITLE="…" [SERIES="…"]`.

Writes content/articles/<year>/<slug>.md with the complete German front
matter (Status: draft, so nothing is published until the author says so) and
prints the path. The slug is made exactly as Pelican makes it from the title,
with the project's slug settings, so the file name and the address agree.
With a series, Series_index is the next free number among the German
articles of that series. An existing file or slug is never overwritten.

    python tools/newpost.py "Mein Titel" [--series "Name"] [--category …] [--tags …]
    TITLE="Mein Titel" SERIES="Name" python tools/newpost.py   (how make calls it)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

FALLBACK_CATEGORY = "Allgemein"
SUMMARY_PLACEHOLDER = "TODO: Ein, zwei Sätze für die Übersicht, Feeds und Suchmaschinen."
META_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


def read_front_matter(path: Path) -> dict[str, str]:
    """The `Key: value` lines at the top of a Markdown file, keys lower-cased.

    Enough to find slugs and series of existing articles without running
    Pelican's readers (which would need the whole site's settings and plugins).
    """
    meta: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return meta
    for line in lines:
        if not line.strip():
            break
        m = META_LINE.match(line)
        if m:
            meta[m.group(1).lower()] = m.group(2).strip()
    return meta


def make_slug(title: str, settings: dict) -> str:
    from pelican.utils import slugify

    return slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def next_series_index(articles: list[dict], series: str, default_lang: str) -> int:
    """One more than the highest Series_index of the series' articles in German."""
    used = []
    for meta in articles:
        if meta.get("series") != series or meta.get("lang", default_lang) != default_lang:
            continue
        try:
            used.append(int(meta.get("series_index", "")))
        except ValueError:
            used.append(0)  # a part without a number still takes a place
    if not used:
        return 1
    numbered = [n for n in used if n > 0]
    return max(max(numbered, default=0), len(used)) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("title", nargs="?", default=os.environ.get("TITLE", ""))
    parser.add_argument("--series", default=os.environ.get("SERIES", ""))
    parser.add_argument("--category", default=os.environ.get("CATEGORY", ""))
    parser.add_argument("--tags", default=os.environ.get("TAGS", ""), help="comma-separated")
    parser.add_argument("--settings", default="pelicanconf.py", type=Path)
    args = parser.parse_args(argv)

    title = " ".join(args.title.split())
    if not title:
        print('error: no title; run  make newpost TITLE="Titel des Beitrags"', file=sys.stderr)
        return 2

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    from pelican.settings import read_settings

    settings = read_settings(str(args.settings))
    content = Path(settings["PATH"])
    articles_dir = content / settings["ARTICLE_PATHS"][0]
    default_lang = settings["DEFAULT_LANG"]

    slug = make_slug(title, settings)
    if not slug:
        print(
            f"error: the title {title!r} gives no address (slug); use letters or digits",
            file=sys.stderr,
        )
        return 2

    now = datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Europe/Berlin"))
    path = articles_dir / str(now.year) / f"{slug}.md"
    shown = os.path.relpath(path)
    if path.exists():
        print(
            f"error: {shown} exists already; nothing was changed. Choose another title.",
            file=sys.stderr,
        )
        return 1

    existing = {p: read_front_matter(p) for p in sorted(articles_dir.rglob("*.md"))}
    for other, meta in existing.items():
        if meta.get("slug") == slug or (not meta.get("slug") and other.stem == slug):
            if meta.get("lang", default_lang) == default_lang:
                print(
                    f"error: {os.path.relpath(other)} already has the slug '{slug}'; "
                    "nothing was changed. Choose another title.",
                    file=sys.stderr,
                )
                return 1

    category = args.category.strip()
    if not category:
        # The site's most used category among posts in its own language.
        counts = Counter(
            m["category"]
            for m in existing.values()
            if m.get("category") and m.get("lang", default_lang) == default_lang
        )
        category = counts.most_common(1)[0][0] if counts else FALLBACK_CATEGORY

    lines = [
        f"Title: {title}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Slug: {slug}",
        f"Lang: {default_lang}",
        f"Category: {category}",
        f"Tags: {args.tags.strip()}".rstrip(),
        f"Summary: {SUMMARY_PLACEHOLDER}",
        "Status: draft",
    ]
    series = " ".join(args.series.split())
    if series:
        index = next_series_index(list(existing.values()), series, default_lang)
        lines += [f"Series: {series}", f"Series_index: {index}"]

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write("\n".join(lines) + "\n\n## Erste Zwischenüberschrift\n\nText …\n")
    print(shown)
    draft_url = settings["DRAFT_URL"].format(slug=slug, lang=default_lang)
    print(f"Vorschau: make devserver, dann http://localhost:8000/{draft_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
