"""The theme in real headless Chromium: accessibility (axe-core), narrow
screens, dark mode, print, keyboard. Screenshots go to test-artifacts/."""

import pytest
from check_a11y import axe_violations, format_violation
from site_server import serve
from sitebuild import SEED as SEED_PAGE
from sitebuild import Site

pytestmark = pytest.mark.browser

SEED = SEED_PAGE.removesuffix("index.html")  # its address

# Pages of each template of the seed site that axe must pass without findings.
AXE_PAGES = {
    "article": SEED,
    "index": "",
    "404": "404.html",
    "page": "impressum/",
    "archives": "archiv/",
    "month archive": "archiv/2026/10/",
    "category": "kategorie/*/",
    "tag": "schlagwort/*/",
    "tags": "schlagworte/",
    "search": "suche/",
    "search (English)": "en/search/",
}

LONG_TITLE = "Verantwortungsübernahmebereitschaftsentwicklung für Führungskräfteentwicklungsprogrammverantwortliche"
LONG_HEADING = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenverleihung"


def assert_no_violations(page, url, label):
    violations = axe_violations(page, url)
    assert violations == [], "\n".join(format_violation(label, v) for v in violations)


def first_page(build, pattern):
    """`kategorie/*/` -> the first such page of the build, as a URL path."""
    if "*" not in pattern:
        return pattern
    found = sorted(build.output.glob(pattern + "index.html"))
    assert found, f"no page {pattern} in the build"
    return found[0].parent.relative_to(build.output).as_posix() + "/"


@pytest.mark.needs("axe-core")
@pytest.mark.parametrize("pattern", AXE_PAGES.values(), ids=list(AXE_PAGES))
def test_axe_finds_no_violations(page, origin, seed_build, pattern):
    path = first_page(seed_build, pattern)
    assert_no_violations(page, f"{origin}/{path}", path or "index")


@pytest.mark.needs("axe-core")
def test_axe_finds_no_violations_in_dark_mode(browser, origin):
    context = browser.new_context(color_scheme="dark")
    try:
        assert_no_violations(context.new_page(), f"{origin}/{SEED}", SEED + " (dark)")
    finally:
        context.close()


@pytest.mark.needs("axe-core")
@pytest.mark.parametrize("pattern", ["serie/*/", "serie/"], ids=["series", "series list"])
def test_axe_on_series_pages(page, origin, seed_build, pattern):
    path = first_page(seed_build, pattern)
    assert_no_violations(page, f"{origin}/{path}", path)


def test_the_seed_article_does_not_scroll_sideways_at_320px(browser, origin, artifacts):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"{origin}/{SEED}")
        page.screenshot(path=str(artifacts / "article-320.png"), full_page=True)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert client == 320
        assert scroll <= client, f"the page is {scroll}px wide at a 320px viewport"
    finally:
        context.close()


@pytest.fixture(scope="session")
def long_words_origin(tmp_path_factory):
    """A site whose title, heading and tag are single German compounds wider
    than a phone screen at heading size."""
    site = Site(tmp_path_factory.mktemp("long-words") / "site")
    site.add_seed()
    site.write(
        "articles/lang.md",
        f"Title: {LONG_TITLE}\nSlug: lange-woerter\nDate: 2026-02-01\nLang: de\nCategory: Führungskräfteentwicklung\n"
        f"Tags: Organisationsentwicklungsberatungsgespräch\nSummary: Lange Wörter.\n\n"
        f"## {LONG_HEADING}\n\nText mit {LONG_HEADING} im Absatz.\n",
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    with serve(build.output) as url:
        yield url


@pytest.mark.parametrize("path", ["lange-woerter/", ""], ids=["article", "index"])
def test_long_german_words_never_overflow_at_320px(browser, long_words_origin, artifacts, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        response = page.goto(f"{long_words_origin}/{path}")
        assert response.status == 200
        page.screenshot(
            path=str(artifacts / f"long-words-320{'-index' if not path else ''}.png"),
            full_page=True,
        )
        assert LONG_HEADING in page.content() or not path
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll("h1, h2, h3, a, p, li")]
                .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                .map(el => el.tagName + ": " + el.textContent.trim().slice(0, 40))"""
        )
        assert overflowing == []
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 320
    finally:
        context.close()


def test_dark_mode_changes_the_colours(browser, origin, artifacts):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 800, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{origin}/{SEED}")
            page.screenshot(path=str(artifacts / f"article-{scheme}.png"))
            colours[scheme] = page.evaluate(
                """() => { const s = getComputedStyle(document.body);
                           return [s.backgroundColor, s.color]; }"""
            )
        finally:
            context.close()
    assert colours["light"][0] != colours["dark"][0], colours
    assert colours["light"][1] != colours["dark"][1], colours


def test_print_hides_navigation_and_spells_out_link_targets(page, origin, artifacts):
    page.goto(f"{origin}/{SEED}")
    page.emulate_media(media="print")
    nav_display = page.evaluate("getComputedStyle(document.querySelector('.site-nav')).display")
    assert nav_display == "none"
    link = page.locator(
        ".prose a[href]"
    ).first  # /kontakt/: root-relative like every link of the site
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    page.pdf(path=str(artifacts / "article-print.pdf"))


def test_keyboard_first_tab_shows_the_skip_link_with_a_focus_ring(page, origin):
    page.goto(f"{origin}/{SEED}")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement, r = el.getBoundingClientRect(),
                          s = getComputedStyle(el);
                   return {cls: el.className, href: el.getAttribute("href"), top: r.top,
                           bottom: r.bottom, outline: s.outlineStyle, width: s.outlineWidth}; }"""
    )
    assert focused["cls"] == "skip-link" and focused["href"] == "#inhalt"
    assert focused["top"] >= 0 and focused["bottom"] > 0, "the focused skip link is off screen"
    assert focused["outline"] != "none" and focused["width"] != "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_article_screenshot_wide(page, origin, artifacts):
    """A wide screenshot for review; the text column keeps its measure."""
    page.goto(f"{origin}/{SEED}")
    page.screenshot(path=str(artifacts / "article-1280.png"), full_page=True)
    width = page.evaluate("document.querySelector('.prose p').getBoundingClientRect().width")
    font = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize)"
    )
    # About 60–75 characters a line: between 28 and 40 em, whatever the serif.
    assert 28 <= width / font <= 40, (width, font)
