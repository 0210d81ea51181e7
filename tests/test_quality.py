"""The quality gates of tools/check_site.py over the real site, and proof that
each gate finds what it is there to find.

The real site (the repo's content/) is published once per session; every gate
must report 0 findings on it. Then a copy of that output is damaged in one
way per test, and the gate must name the file and the problem.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import check_site
import pytest
from sitebuild import REPO


@pytest.fixture(scope="module")
def real_site(seed_build):
    return check_site.Site(seed_build.output)


@pytest.fixture
def damaged(seed_build, tmp_path):
    """A copy of the real site's output, to be broken by the test."""
    copy = tmp_path / "out"
    shutil.copytree(seed_build.output, copy)
    return copy


def findings(gate_name: str, site: check_site.Site) -> list[str]:
    return check_site.GATES[gate_name](site).findings


def seed_page(root: Path) -> Path:
    return root / "menschen-die-dich-inspirieren" / "index.html"


def insert_before_body_end(page: Path, html: str) -> None:
    text = page.read_text("utf-8")
    page.write_text(text.replace("</body>", html + "</body>", 1), encoding="utf-8")


# --- the real site: 0 findings per gate ----------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("gate", ["links", "feeds", "privacy", "csp"])
def test_real_site_passes_gate(real_site, gate):
    assert findings(gate, real_site) == []


@pytest.mark.slow
@pytest.mark.needs("java", "vnu.jar")
def test_real_site_passes_the_html_checker(real_site):
    assert findings("html", real_site) == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.needs("axe-core")
def test_real_site_has_no_axe_violations_on_a_page_of_each_template(real_site):
    gate = check_site.check_a11y_gate(real_site)
    # One page per template, both languages, or the gate proves little.
    for template in (
        "index",
        "article",
        "page",
        "archives",
        "category",
        "tag",
        "404",
        "index (en)",
        "article (en)",
    ):
        assert template in gate.checked, gate.checked
    assert gate.findings == []


def test_the_feeds_the_gate_checks_include_both_languages(real_site):
    feeds = [real_site.rel(p) for p in check_site.feed_files(real_site)]
    assert any(f.startswith("en/") for f in feeds), feeds
    assert any(not f.startswith("en/") for f in feeds), feeds


# --- each gate finds what it is for ------------------------------------------------


def test_links_gate_names_file_and_broken_link(damaged):
    insert_before_body_end(
        seed_page(damaged), '<a href="/gibt-es-nicht/">x</a><img src="../bild.png" alt="x">'
    )
    found = findings("links", check_site.Site(damaged))
    assert any(
        "menschen-die-dich-inspirieren/index.html" in f and "/gibt-es-nicht/" in f for f in found
    ), found
    assert any("../bild.png" in f and "bild.png" in f for f in found), found


def test_links_gate_finds_a_missing_fragment_and_a_link_to_a_draft(damaged):
    (damaged / "entwurf" / "geheim").mkdir(parents=True)
    (damaged / "entwurf" / "geheim" / "index.html").write_text(
        "<!doctype html><title>x</title>", "utf-8"
    )
    insert_before_body_end(
        seed_page(damaged), '<a href="/entwurf/geheim/">d</a><a href="#nirgends">f</a>'
    )
    found = findings("links", check_site.Site(damaged))
    assert any("/entwurf/geheim/" in f and "draft" in f for f in found), found
    assert any("#nirgends" in f and "nirgends" in f for f in found), found


def test_links_gate_checks_links_inside_feed_entries(damaged, real_site):
    feed = next(
        p for p in check_site.feed_files(real_site) if not real_site.rel(p).startswith("en/")
    )
    target = damaged / real_site.rel(feed)
    text = target.read_text("utf-8")
    broken = f"{real_site.url}/kaputt/"
    # An entry's HTML is escaped inside the XML.
    target.write_text(
        text.replace("&lt;/p&gt;", f'&lt;a href="{broken}"&gt;k&lt;/a&gt;&lt;/p&gt;', 1), "utf-8"
    )
    found = findings("links", check_site.Site(damaged))
    assert any(real_site.rel(feed) in f and broken in f for f in found), found


def test_feeds_gate_wants_a_correct_self_link_and_absolute_links(damaged, real_site):
    feed = next(iter(check_site.feed_files(real_site)))
    target = damaged / real_site.rel(feed)
    text = target.read_text("utf-8")
    text = text.replace('rel="self"', 'rel="related"', 1).replace(
        f'href="{real_site.url}/', 'href="/', 1
    )
    target.write_text(text, "utf-8")
    found = findings("feeds", check_site.Site(damaged))
    assert any("self" in f and real_site.rel(feed) in f for f in found), found
    assert any("absolute" in f for f in found), found


def test_feeds_gate_rejects_a_feed_that_is_not_atom(damaged):
    (damaged / "feeds" / "kaputt.atom.xml").write_text("<feed><title>x</titl></feed>", "utf-8")
    found = findings("feeds", check_site.Site(damaged))
    assert any("feeds/kaputt.atom.xml" in f for f in found), found


def test_privacy_gate_finds_requests_to_other_hosts(damaged):
    insert_before_body_end(
        seed_page(damaged),
        '<link rel="preconnect" href="https://fonts.gstatic.com">'
        '<img src="https://cdn.example.net/a.png" alt="a">'
        '<img srcset="/x.png 1x, https://cdn.example.net/b.png 2x" src="/x.png" alt="b">',
    )
    css = next(damaged.rglob("*.css"))
    css.write_text(
        css.read_text("utf-8") + "\n@import url(https://fonts.googleapis.com/css2?family=Inter);\n",
        "utf-8",
    )
    found = findings("privacy", check_site.Site(damaged))
    page = "menschen-die-dich-inspirieren/index.html"
    for url in (
        "https://fonts.gstatic.com",
        "https://cdn.example.net/a.png",
        "https://cdn.example.net/b.png",
    ):
        assert any(page in f and url in f for f in found), (url, found)
    assert any(
        "fonts.googleapis.com" in f and f.startswith(str(css.relative_to(damaged))) for f in found
    ), found


def test_privacy_gate_allows_plain_links_to_other_sites(damaged):
    insert_before_body_end(
        seed_page(damaged), '<a href="https://de.wikipedia.org/wiki/F%C3%BChrung">W</a>'
    )
    assert findings("privacy", check_site.Site(damaged)) == []


def test_csp_gate_rejects_inline_script_in_policy_and_pages(damaged):
    headers = damaged / "_headers"
    text = headers.read_text("utf-8")
    assert "script-src" in text or "default-src" in text
    headers.write_text(
        text.replace("script-src", "script-src 'unsafe-inline'", 1)
        if "script-src" in text
        else text.replace("default-src", "default-src 'unsafe-inline'", 1),
        "utf-8",
    )
    insert_before_body_end(
        seed_page(damaged), '<script>alert(1)</script><button onclick="x()">b</button>'
    )
    found = findings("csp", check_site.Site(damaged))
    assert any(f.startswith("_headers") and "unsafe-inline" in f for f in found), found
    assert any("inline <script>" in f for f in found), found
    assert any("onclick" in f for f in found), found


@pytest.mark.parametrize(
    "link",
    [
        'href="java&#x09;script:alert(1)"',
        'href=" JaVaScRiPt:alert(1)"',
        'href="java&#10;script:alert(1)"',
    ],
)
def test_csp_gate_reads_script_links_as_a_browser_does(damaged, link):
    """Browsers drop tabs and line breaks from a URL before reading its scheme."""
    insert_before_body_end(seed_page(damaged), f"<a {link}>x</a>")
    assert any("javascript:" in f for f in findings("csp", check_site.Site(damaged)))


def test_check_site_exits_non_zero_with_a_report(damaged):
    insert_before_body_end(seed_page(damaged), '<a href="/fehlt/">x</a>')
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "check_site.py"),
            str(damaged),
            "--only",
            "links,privacy",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "menschen-die-dich-inspirieren/index.html" in proc.stdout and "/fehlt/" in proc.stdout
    assert "1 finding(s)" in proc.stdout
