"""Issue 15: the published output/, served on localhost by `make serve`'s
server (tools/site_server.py, with the site's `_headers` CSP), works in real
Chromium although it was published for another domain: the stylesheet
applies, links and search stay on this host, and no request fails."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from sitebuild import REPO

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "menschen-die-dich-inspirieren/",
    "serie/",
    "archiv/",
    "en/",
    "en/work-with-the-people-who-inspire-you/",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(seed_build):
    """`make serve` over the published seed site: the server as a process."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tools" / "site_server.py"),
            str(seed_build.output),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(origin + "/", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    server.stderr.read() if server.poll() is not None else "no answer"
                )
                time.sleep(0.2)
        yield origin
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def watched(browser, served):
    """A page that records every request that fails or leaves this host,
    every response >= 400 and every console error (CSP violations are)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((served + "/", "data:"))
            else problems.append(f"left the host: {r.url}")
        ),
    )
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield page, problems
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_published_pages_have_their_stylesheet_and_no_failed_request(watched, served, path):
    page, problems = watched
    page.goto(f"{served}/{path}", wait_until="load")
    style = page.evaluate(
        """() => ({
            measure: getComputedStyle(document.documentElement).getPropertyValue("--measure").trim(),
            wrap: getComputedStyle(document.querySelector("main.wrap")).maxWidth,
            skip: getComputedStyle(document.querySelector(".skip-link")).position,
        })"""
    )
    assert style["measure"] == "55ch", style  # theme/static/css/site.css applied
    assert style["wrap"] != "none" and style["skip"] == "absolute", style
    page.wait_for_load_state("networkidle")
    assert problems == [], problems


def test_links_and_the_language_switch_stay_on_this_host(watched, served):
    page, problems = watched
    # Each page is left only once its requests are done: a click during a
    # request (the favicon comes after "load") cancels it (net::ERR_ABORTED),
    # which is the browser leaving, not the site failing.
    page.goto(f"{served}/", wait_until="networkidle")
    page.locator(".site-nav a", has_text="Archiv").click()
    page.wait_for_url(f"{served}/archiv/", wait_until="networkidle")
    page.locator("a[data-language-switch]").click()
    page.wait_for_url(f"{served}/en/archive/", wait_until="networkidle")
    page.locator("a.site-title").click()
    page.wait_for_url(f"{served}/en/", wait_until="networkidle")
    assert problems == [], problems


@pytest.mark.parametrize(
    "path, query, expected",
    [
        ("suche/", "Wirksamkeit", "/menschen-die-dich-inspirieren/"),
        ("en/search/", "inspire", "/en/work-with-the-people-who-inspire-you/"),
    ],
)
def test_search_works_under_the_sites_csp(watched, served, path, query, expected):
    page, problems = watched
    page.goto(f"{served}/{path}", wait_until="load")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=15000)
    box.fill(query)
    result = page.locator(f'.pagefind-ui__result-link[href^="{expected}"]').first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url(f"{served}{expected}*")
    assert problems == [], problems


def test_a_missing_page_gets_the_404_page_with_its_style(watched, served):
    page, problems = watched
    response = page.goto(f"{served}/gibt-es-nicht/", wait_until="load")
    assert response.status == 404
    assert (
        page.evaluate(
            'getComputedStyle(document.documentElement).getPropertyValue("--measure").trim()'
        )
        == "55ch"
    )
    page.wait_for_load_state("networkidle")
    # The page's own 404 (Chromium logs it without its address), nothing else.
    assert problems == [
        f"404: {served}/gibt-es-nicht/",
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ], problems
