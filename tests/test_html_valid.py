"""Every page of the published seed site is valid HTML (Nu HTML Checker)."""

import pytest
from check_html import check_html

pytestmark = [pytest.mark.slow, pytest.mark.needs("java", "vnu.jar")]


def test_every_page_of_the_site_is_valid_html(seed_build):
    pages = list(seed_build.output.rglob("*.html"))
    assert len(pages) > 10, "the build wrote suspiciously few pages"
    problems = check_html(seed_build.output)
    assert problems == [], "\n".join(map(str, problems))


def test_the_checker_reports_an_invalid_page_with_file_and_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html>\n<html lang="de">\n<head><title>x</title></head>\n<body>\n<p><div>x</p>\n</body></html>\n'
    )
    problems = check_html(tmp_path)
    assert problems and all(p.file == "a/index.html" and p.kind == "error" for p in problems)
    assert any(p.line == 5 for p in problems), problems
