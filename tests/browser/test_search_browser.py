"""Issue 7: the search page in real Chromium, under the site's own
Content-Security-Policy (read from content/extra/_headers and added to every
response, as Netlify or Cloudflare Pages would): results in each language,
a query from the address (`?q=`, as the 404 page sends it), no CSP violation."""

from __future__ import annotations

import re

import pytest
from sitebuild import REPO

pytestmark = pytest.mark.browser


def site_csp() -> str:
    text = (REPO / "content" / "extra" / "_headers").read_text("utf-8")
    return re.search(r"^\s+Content-Security-Policy:\s*(.+)$", text, re.M).group(1).strip()


def with_csp(page, origin):
    """Every response of the test server gets the site's CSP header; the
    browser reports what the policy blocks on the console."""
    csp = site_csp().replace(" upgrade-insecure-requests", "").rstrip(";")  # plain http here
    problems = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))

    def add_header(route):
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": csp}
        )

    page.route(f"{origin}/**", add_header)
    return problems


@pytest.mark.parametrize(
    "path, query, expected",
    [
        ("suche/", "Wirksamkeit", "/menschen-die-dich-inspirieren/"),
        # German stemming: the plural finds the article that says "Kundin".
        ("suche/", "Kundinnen", "/menschen-die-dich-inspirieren/"),
        ("en/search/", "inspire", "/en/work-with-the-people-who-inspire-you/"),
    ],
)
def test_search_finds_articles_under_the_sites_csp(page, origin, path, query, expected):
    problems = with_csp(page, origin)
    page.goto(f"{origin}/{path}?q={query}")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=15000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert any(h.split("#")[0].endswith(expected) for h in hrefs), hrefs
    if path.startswith("en/"):
        assert not any(
            h.split("#")[0].endswith("/menschen-die-dich-inspirieren/") and "/en/" not in h
            for h in hrefs
        )
    blocked = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert blocked == [], blocked


def test_search_page_typed_query(page, origin):
    with_csp(page, origin)
    page.goto(f"{origin}/suche/")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=15000)
    box.fill("Resonanz")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)


def test_search_page_without_javascript_offers_archive_categories_and_tags(browser, origin):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{origin}/suche/")
        links = page.locator("noscript a, main a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        text = page.locator("main").inner_text()
        assert "JavaScript" in text
        for part in ("/archiv/", "/kategorien/", "/schlagworte/"):
            assert any(h.endswith(part) for h in links), (part, links)
    finally:
        context.close()
