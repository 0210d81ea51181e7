"""Fixtures of the browser tests: one built site, one server and one Chromium
per test session (per xdist worker), shared by every test in this folder.
Without Chromium they skip, except with CI=true (tests/conftest.py, `browser` marker)."""

import pytest
from check_a11y import launch_browser
from site_server import serve
from sitebuild import REPO

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def origin(seed_build):
    """The published seed site, served on 127.0.0.1 with compression."""
    with serve(seed_build.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_browser(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
