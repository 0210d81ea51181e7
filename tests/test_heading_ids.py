"""plugins/heading_ids: an id on every heading, German slugs, unique on the page."""

import re

import markdown
import pytest
from german_typography.slugs import SLUG_REGEX_SUBSTITUTIONS
from heading_ids.heading_ids import german_slug
from sitebuild import REPO, SEED, SEED_EN


def render(text, **config):
    return markdown.markdown(
        text,
        extensions=["extra", "heading_ids", "german_typography"],
        extension_configs={"heading_ids": config},
    )


def ids(html):
    return re.findall(r'<h\d id="([^"]*)"', html)


def test_german_slugs_spell_umlauts_out():
    assert ids(render("## Führung & Vertrauen\n\n### Größe, Maß und Übung")) == [
        "fuehrung-vertrauen",
        "groesse-mass-und-uebung",
    ]


def test_gender_star_code_and_inline_html_are_read_as_text():
    html = render("## Für Kund*innen\n\n## Mit `code` und <b>fett</b>\n\n## Café \\*wirklich\\*")
    assert ids(html) == ["fuer-kundinnen", "mit-code-und-fett", "cafe-wirklich"]
    assert "Kund*innen</h2>" in html


def test_ids_are_unique_and_reserved_ids_count_as_taken():
    html = render("## Fazit\n\n## Fazit\n\n## Inhalt\n\n## Fazit", reserved_ids=["inhalt"])
    assert ids(html) == ["fazit", "fazit_1", "inhalt_1", "fazit_2"]


def test_own_id_from_attr_list_is_kept_and_taken():
    html = render("## Eins {: #zwei }\n\n## Zwei\n\n## !!!")
    assert ids(html) == ["zwei", "zwei_1", "h2"]


def test_slug_is_the_one_the_site_uses_for_addresses():
    """Same spelling as Pelican's slugify with the site's substitutions."""
    from pelican.utils import slugify

    for text in [
        "Führung ist Beziehung – und mehr",
        "Straße, Maß & Größe",
        "Œuvre à la Café",
        "Ärger über Öl",
        "  Viel   Raum  ",
        "30 % mehr",
        "Kund*innen: jede*r",
    ]:
        expected = slugify(text, regex_subs=SLUG_REGEX_SUBSTITUTIONS, use_unicode=True)
        assert german_slug(text) == expected, text


def test_theme_ids_are_reserved_in_the_settings():
    """Every literal id in the theme's templates is in the settings'
    `reserved_ids`, so no heading can take it (a duplicate id is invalid HTML)."""
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "pelicanconf.py"))
    reserved = set(settings["MARKDOWN"]["extension_configs"]["heading_ids"]["reserved_ids"])
    literal = set()
    for template in (REPO / "theme" / "templates").rglob("*.html"):
        literal |= set(re.findall(r'\bid="([^"{]+)"', template.read_text("utf-8")))
    assert literal and literal <= reserved, literal - reserved


@pytest.mark.parametrize("relpath", [SEED, SEED_EN])
def test_seed_article_headings_have_ids(seed_build, relpath):
    page = seed_build.soup(relpath)
    headings = page.select(".prose h2")
    assert len(headings) >= 3
    assert all(h.get("id") for h in headings)
    if not relpath.startswith("en/"):
        assert headings[1]["id"].startswith("fuehrung-ist-beziehung")
