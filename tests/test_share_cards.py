"""Issue 18: share cards (plugins/images/cards.py). The title fits for the
shortest and longest real titles, the seed article's and a 120-character
German compound title: no word cut, nothing drawn outside the card's margins."""

from __future__ import annotations

import html
import re
from io import BytesIO

import pytest
from german_typography.rules import typeset_text
from images import cards
from PIL import Image, ImageChops
from sitebuild import REPO, SEED_ARTICLE

COMPOUND = (
    "Mitarbeiterführungsverantwortung und Unternehmenskulturentwicklung: Warum "
    "Veränderungsbereitschaftsförderung Geduld braucht"
)
COLORS = tuple(sorted(cards.theme_colors(REPO / "theme" / "static" / "css" / "site.css").items()))
BOX = (cards.SIZE[0] - 2 * cards.MARGIN, cards.TITLE_BOTTOM - cards.TITLE_TOP)


def real_titles() -> list[str]:
    titles = []
    for path in sorted((REPO / "content").rglob("*.md")):
        m = re.search(r"^Title:\s*(.+)$", path.read_text("utf-8"), re.M)
        if m:
            titles.append(m.group(1).strip())
    return titles


def seed_title() -> str:
    return re.search(r"^Title:\s*(.+)$", SEED_ARTICLE.read_text("utf-8"), re.M).group(1).strip()


TITLES = {
    "shortest": min(real_titles(), key=len),
    "longest": max(real_titles(), key=len),
    "seed": seed_title(),
    "compound-120": COMPOUND,
    "quotes": "Warum „gut gemeint“ nicht reicht – und was z. B. 5 Minuten ändern",
}


def test_the_compound_title_is_120_characters():
    assert len(COMPOUND) >= 120


@pytest.mark.parametrize("name", sorted(TITLES))
def test_title_fits_without_cutting_a_word(name):
    title = typeset_text(TITLES[name], "de")
    size, lines = cards.layout_title(title, *BOX)
    f = cards.font(size, 700)
    assert all(f.getlength(line) <= BOX[0] for line in lines)
    assert len(lines) * size * cards.LEADING <= BOX[1]
    # Every word is there, whole: the lines give the title back.
    joined = ""
    for line in lines:
        joined += line if (not joined or joined.endswith("-")) else " " + line
    assert joined == title
    assert size >= 36


def test_no_break_spaces_keep_their_words_together():
    title = typeset_text(
        "Was z. B. 5 Minuten am Tag für Ihre Führung ändern können, wenn Sie es zulassen", "de"
    )
    assert "\u00a0" in title or "\u202f" in title
    _size, lines = cards.layout_title(title, 600, 1000)
    for line in lines:
        assert not line.endswith("z."), lines
    assert any("z.\u202fB." in line for line in lines), lines


def test_too_long_title_is_shortened_with_ellipsis():
    title = " ".join(["Führungsverantwortung"] * 40)
    size, lines = cards.layout_title(title, *BOX)
    assert lines[-1].endswith("…") and size == min(cards.TITLE_SIZES)
    assert all(cards.font(size, 700).getlength(line) <= BOX[0] for line in lines)


@pytest.mark.parametrize("name", sorted(TITLES))
def test_card_pixels_stay_inside_the_margins(name):
    card = cards.Card(
        "Resonanz statt Reichweite",
        typeset_text(TITLES[name], "de"),
        "Teil 2 · Serie: Führung, die trägt" if name == "seed" else "",
        "Vorname Nachname",
        COLORS,
    )
    data = cards.render(card)
    assert len(data) < 100_000
    im = Image.open(BytesIO(data)).convert("RGB")
    assert im.size == (1200, 630)
    background = Image.new("RGB", im.size, dict(COLORS)["--color-bg"])
    inked = ImageChops.difference(im, background).convert("L").point(lambda v: 255 if v > 24 else 0)
    # Left of the text: only the accent bar (16 px); right margin, top and bottom empty.
    left, top, right, bottom = inked.crop((16, 0, 1200, 630)).getbbox()
    assert left + 16 >= cards.MARGIN - 8, left
    assert right + 16 <= 1200 - cards.MARGIN + 8, right
    assert top >= 40 and bottom <= 630 - 30


def test_english_pages_get_english_labels():
    assert cards.LABELS["en"].format(index=2, name="Leading") == "Part 2 · Series: Leading"
    assert cards.LABELS["de"].format(index=2, name="Führung") == "Teil 2 · Serie: Führung"


def test_titles_are_unescaped_plain_text():
    assert html.unescape("&bdquo;Ja&ldquo;") == "„Ja“"
