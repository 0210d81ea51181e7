"""One hreflang answer for page heads and sitemaps (issue 16, defect 6).

The sitemaps computed their alternates with an algorithm of their own (only
articles and pages with translations) and their own `x_default` setting, so
home, archives and series pages had alternates in their heads but none in
the sitemap, and the two settings could name different x-defaults. Now the
sitemap lists, for every page, exactly the links of the page's head
(`i18n_extras.alternates.hreflang_links`), and `I18N_EXTRAS["x_default"]` is
the one setting.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sitebuild import SITEURL, Site, published

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}

SERIES_PARTS = {
    "articles/teil-1.md": "Title: Zuhören, Teil 1\nDate: 2026-05-01\nSlug: zuhoeren-1\nLang: de\nSeries: Zuhören\nSeries_index: 1\n"
    "Category: Führung\nSummary: Eins.\n\nText eins.\n",
    "articles/teil-1-en.md": "Title: Listening, part 1\nDate: 2026-05-02\nSlug: listening-1\nLang: en\n"
    "Translation_of: zuhoeren-1\nSeries: Listening\nSeries_index: 1\nCategory: Leadership\n"
    "Summary: One.\n\nText one.\n",
}


def sitemap(output: Path, rel: str) -> dict[str, dict[str, str]]:
    tree = etree.parse(str(output / rel))
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in tree.getroot().findall("sm:url", NS)
    }


def head_alternates(output: Path, url: str) -> dict[str, str]:
    path = urlsplit(url).path.lstrip("/")
    file = output / path / "index.html" if path == "" or path.endswith("/") else output / path
    soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
    return {
        link["hreflang"]: link["href"]
        for link in soup.select('head link[rel="alternate"][hreflang]')
    }


@pytest.fixture(scope="module")
def series_build(tmp_path_factory):
    return published(
        tmp_path_factory.mktemp("hreflang") / "site",
        SERIES_PARTS,
        seed=True,
        overrides={"I18N_EXTRAS": {"x_default": "en"}},
    )


@pytest.mark.slow
def test_every_sitemap_entry_has_the_alternates_of_its_page_head(seed_build):
    entries = {
        **sitemap(seed_build.output, "sitemap-de.xml"),
        **sitemap(seed_build.output, "en/sitemap-en.xml"),
    }
    differ = {
        url: (links, head_alternates(seed_build.output, url))
        for url, links in entries.items()
        if links != head_alternates(seed_build.output, url)
    }
    assert differ == {}


@pytest.mark.slow
def test_home_and_archives_have_alternates_in_the_sitemap(seed_build):
    german = sitemap(seed_build.output, "sitemap-de.xml")
    english = sitemap(seed_build.output, "en/sitemap-en.xml")
    home = {"de": f"{SITEURL}/", "en": f"{SITEURL}/en/", "x-default": f"{SITEURL}/"}
    assert german[f"{SITEURL}/"] == home
    assert english[f"{SITEURL}/en/"] == home
    archives = {
        "de": f"{SITEURL}/archiv/",
        "en": f"{SITEURL}/en/archive/",
        "x-default": f"{SITEURL}/archiv/",
    }
    assert german[f"{SITEURL}/archiv/"] == archives
    assert english[f"{SITEURL}/en/archive/"] == archives


@pytest.mark.slow
def test_series_pages_and_x_default_follow_the_one_setting(series_build):
    german = sitemap(series_build.output, "sitemap-de.xml")
    english = sitemap(series_build.output, "en/sitemap-en.xml")
    series = {
        "de": f"{SITEURL}/serie/zuhoeren/",
        "en": f"{SITEURL}/en/series/listening/",
        "x-default": f"{SITEURL}/en/series/listening/",
    }
    assert german[f"{SITEURL}/serie/zuhoeren/"] == series
    assert english[f"{SITEURL}/en/series/listening/"] == series
    # I18N_EXTRAS["x_default"] = "en": the English version, in heads and sitemaps alike.
    assert german[f"{SITEURL}/zuhoeren-1/"]["x-default"] == f"{SITEURL}/en/listening-1/"
    assert german[f"{SITEURL}/"]["x-default"] == f"{SITEURL}/en/"
    for url in (f"{SITEURL}/zuhoeren-1/", f"{SITEURL}/serie/zuhoeren/", f"{SITEURL}/"):
        assert head_alternates(series_build.output, url) == german[url]


@pytest.mark.slow
def test_the_sitemaps_own_x_default_setting_is_refused(tmp_path):
    site = Site(tmp_path / "site")
    site.add_seed()
    build = site.build(overrides={"SITEMAP_HREFLANG": {"exclude": [r"^suche/"], "x_default": "en"}})
    assert build.returncode != 0
    assert "I18N_EXTRAS" in build.stderr + build.stdout, build.stderr
