"""Share cards: a 1200×630 picture for posts and pages without `Image:`.

The card shows the site's name, the title as the site sets it (German
quotes and no-break spaces come from plugins/german_typography: the title
is already typeset), "Teil 2 · Serie: …" for a part of a series, and the
author, in the theme's light colours, in the page's language.

The title never overflows and no word is ever cut: lines break at spaces
and after a hyphen inside a compound (never at a no-break space); the size
goes down step by step until the title fits, and only if it does not fit at
the smallest size are words dropped from the end for "…".

Font: Noto Sans (SIL Open Font License) from the PyPI package
fontpkg-noto-sans, pinned in pyproject.toml: it installs with `make venv` on
every system (no Debian package needed, nothing copied into the repository),
it is in the theme's own UI font stack, and it has every character of German
and English titles („“‚‘–…, no-break spaces). A variable font: the weight is
set per text.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 80
# Where the title may go (top, bottom), below the site name / series line.
TITLE_TOP = 150
TITLE_TOP_SERIES = 190
TITLE_BOTTOM = 500
TITLE_SIZES = range(76, 35, -4)  # px, largest first
SMALLEST_WORD_SIZE = 22  # below 36 only to fit one very long compound
LEADING = 1.18
ELLIPSIS = "…"
VERSION = "2"
JPEG_QUALITY = 85

LABELS = {
    "de": "Teil {index} · Serie: {name}",
    "en": "Part {index} · Series: {name}",
}
# Light theme colours, read from theme/static/css/site.css.
COLOR_VARS = ("--color-bg", "--color-surface", "--color-text", "--color-muted", "--color-accent")
FALLBACK_COLORS = {
    "--color-bg": "#fbf8f3",
    "--color-surface": "#f2ece2",
    "--color-text": "#1f1c18",
    "--color-muted": "#57514a",
    "--color-accent": "#8c3413",
}


@lru_cache(maxsize=1)
def font_name() -> str:
    return Path(font_path()).name


def font_path() -> str:
    import fontpkg_noto_sans

    return str(Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf")


@lru_cache(maxsize=64)
def font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    """Noto Sans at a size and weight (its axes: Weight, Width)."""
    f = ImageFont.truetype(font_path(), size)
    values = []
    for axis in f.get_variation_axes():
        name = axis["name"].decode() if isinstance(axis["name"], bytes) else axis["name"]
        values.append(weight if name.lower() == "weight" else axis["default"])
    f.set_variation_by_axes(values)
    return f


def theme_colors(css_path: Path) -> dict:
    try:
        css = css_path.read_text("utf-8")
    except OSError:
        return dict(FALLBACK_COLORS)
    root = css[css.find(":root") :]
    root = root[: root.find("}")]
    colors = dict(FALLBACK_COLORS)
    for name in COLOR_VARS:
        m = re.search(rf"{re.escape(name)}:\s*(#[0-9a-fA-F]{{3,8}})\s*;", root)
        if m:
            colors[name] = m.group(1)
    return colors


@dataclass(frozen=True)
class Card:
    site: str
    title: str  # plain text, typeset
    series: str  # "" or "Teil 2 · Serie: …"
    author: str
    colors: tuple  # (name, value) pairs

    def key(self) -> str:
        return card_key(self)


_CARD_FIELDS = sorted(field.name for field in fields(Card))


@lru_cache(maxsize=8192)
def card_key(card: Card) -> str:
    """The card's cache key: the same JSON as json.dumps(asdict(card),
    sort_keys=True) (tuples become lists either way), without asdict's deep
    copy, and remembered: every page of every devserver run asks for it, and
    a frozen card with the same fields has the same key."""
    values = {name: getattr(card, name) for name in _CARD_FIELDS}
    data = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{VERSION}\n{font_name()}\n{data}".encode()).hexdigest()[:16]


# Break opportunities: a space (not a no-break space), or after a hyphen
# between letters (Führungskräfte-Entwicklung), kept at the line's end.
_PIECES = re.compile(r"[^ \-]+-(?=\w)|[^ ]+")


def pieces(text: str) -> list[tuple[str, bool]]:
    """(piece, space before it) for each unbreakable piece of text."""
    result = []
    for m in _PIECES.finditer(text):
        before = m.start() > 0 and text[m.start() - 1] == " "
        result.append((m.group(), before))
    return result


def wrap(parts: list[tuple[str, bool]], f, max_width: int) -> list[str] | None:
    """Lines of at most max_width, or None if one piece alone is wider."""
    lines: list[str] = []
    line = ""
    for piece, space in parts:
        candidate = (line + (" " if space else "") + piece) if line else piece
        if f.getlength(candidate) <= max_width:
            line = candidate
            continue
        if f.getlength(piece) > max_width:
            return None
        lines.append(line)
        line = piece
    if line:
        lines.append(line)
    return lines


def layout_title(title: str, width: int, height: int) -> tuple[int, list[str]]:
    """(font size, lines) of the title in a box; shrinks, then shortens with …"""
    parts = pieces(title)
    for size in TITLE_SIZES:
        f = font(size, 700)
        lines = wrap(parts, f, width)
        if lines is not None and len(lines) * size * LEADING <= height:
            return size, lines
    size = TITLE_SIZES[-1]
    # A compound longer than a line: smaller, down to SMALLEST_WORD_SIZE.
    while size > SMALLEST_WORD_SIZE and wrap(parts, font(size, 700), width) is None:
        size -= 2
    f = font(size, 700)
    if wrap(parts, f, width) is None:
        parts = split_oversized(parts, f, width)
    for count in range(len(parts), 0, -1):
        head = parts[:count]
        last, space = head[-1]
        head = head[:-1] + [
            (last.rstrip(",;:–-") + ELLIPSIS if count < len(parts) else last, space)
        ]
        lines = wrap(head, f, width)
        if lines is not None and len(lines) * size * LEADING <= height:
            return size, lines
    return size, [ELLIPSIS]


def split_oversized(parts: list[tuple[str, bool]], f, width: int) -> list[tuple[str, bool]]:
    """Last resort for a word wider than the card at the smallest size: hyphenated where it must."""
    result = []
    for piece, space in parts:
        while f.getlength(piece) > width:
            cut = len(piece) - 1
            while cut > 1 and f.getlength(piece[:cut] + "-") > width:
                cut -= 1
            result.append((piece[:cut] + "-", space))
            piece, space = piece[cut:], False
        result.append((piece, space))
    return result


def fit_line(text: str, f, width: int) -> str:
    """One line: shortened at a word with … if it is too wide."""
    if f.getlength(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:–-·") + ELLIPSIS
        if f.getlength(candidate) <= width:
            return candidate
    return ELLIPSIS


def render(card: Card) -> bytes:
    """The card as JPEG bytes (under 100 KB)."""
    colors = dict(card.colors)
    im = Image.new("RGB", SIZE, colors["--color-bg"])
    draw = ImageDraw.Draw(im)
    width = SIZE[0] - 2 * MARGIN
    draw.rectangle((0, 0, 15, SIZE[1]), fill=colors["--color-accent"])
    site_font = font(34, 600)
    draw.text(
        (MARGIN, 64),
        fit_line(card.site, site_font, width),
        font=site_font,
        fill=colors["--color-accent"],
    )
    top = TITLE_TOP
    if card.series:
        series_font = font(30, 500)
        draw.text(
            (MARGIN, 116),
            fit_line(card.series, series_font, width),
            font=series_font,
            fill=colors["--color-muted"],
        )
        top = TITLE_TOP_SERIES
    size, lines = layout_title(card.title, width, TITLE_BOTTOM - top)
    f = font(size, 700)
    y = top
    for line in lines:
        draw.text((MARGIN, y), line, font=f, fill=colors["--color-text"])
        y += round(size * LEADING)
    draw.line((MARGIN, 530, SIZE[0] - MARGIN, 530), fill=colors["--color-surface"], width=3)
    author_font = font(30, 500)
    draw.text(
        (MARGIN, 550),
        fit_line(card.author, author_font, width),
        font=author_font,
        fill=colors["--color-muted"],
    )
    # JPEG: much faster to write and smaller than a PNG of the same card
    # (zlib over megabytes of pixels), which a site pays once per post
    # (bench/README.md).
    # 4:4:4 keeps the edges of coloured text clean.
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return buf.getvalue()
