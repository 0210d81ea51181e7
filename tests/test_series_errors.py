"""Series (issue 4): bad series metadata stops a strict publish with a message
naming the file (and the value, the series, the missing part) and the fix;
a lenient build prints the same and still builds."""

import pytest
from test_series import article

PART_1 = article("Eins", "2026-01-01", "Eins.", Slug="eins", Series="Reihe", Series_index="1")
PART_2 = article("Zwei", "2026-01-02", "Zwei.", Slug="zwei", Series="Reihe", Series_index="2")
PART_3 = article("Drei", "2026-01-03", "Drei.", Slug="drei", Series="Reihe", Series_index="3")

BAD_INPUTS = {
    "index is a word": (
        {
            "articles/eins.md": PART_1,
            "articles/zwei.md": PART_2.replace("Series_index: 2", "Series_index: zwei"),
        },
        "error:",
        ["content/articles/zwei.md", "Series_index", "'zwei'", "positive whole number"],
    ),
    "index is zero": (
        {"articles/eins.md": PART_1.replace("Series_index: 1", "Series_index: 0")},
        "error:",
        ["content/articles/eins.md", "Series_index", "'0'"],
    ),
    "index is negative": (
        {"articles/eins.md": PART_1.replace("Series_index: 1", "Series_index: -1")},
        "error:",
        ["content/articles/eins.md", "'-1'"],
    ),
    "index is not whole": (
        {"articles/eins.md": PART_1.replace("Series_index: 1", "Series_index: 1.5")},
        "error:",
        ["content/articles/eins.md", "'1.5'"],
    ),
    "index missing": (
        {"articles/eins.md": PART_1.replace("Series_index: 1\n", "")},
        "error:",
        ["content/articles/eins.md", "Series_index:", "Reihe"],
    ),
    "two parts with one index": (
        {
            "articles/eins.md": PART_1,
            "articles/auch-eins.md": PART_2.replace("Series_index: 2", "Series_index: 1"),
        },
        "error:",
        ["content/articles/eins.md", "content/articles/auch-eins.md", "part 1", "'Reihe'"],
    ),
    "a gap": (
        {"articles/eins.md": PART_1, "articles/drei.md": PART_3},
        "warning:",
        ["content/articles/drei.md", "'Reihe'", "part 2"],
    ),
    "a gap left by a draft": (
        {
            "articles/eins.md": PART_1,
            "articles/zwei.md": PART_2.replace("Series: Reihe", "Status: draft\nSeries: Reihe"),
            "articles/drei.md": PART_3,
        },
        "warning:",
        ["content/articles/drei.md", "'Reihe'", "part 2"],
    ),
    "Series_next without Series": (
        {"articles/solo.md": article("Solo", "2026-01-01", "Text.", Series_next="Bald mehr.")},
        "warning:",
        ["content/articles/solo.md", "Series_next", "Series:"],
    ),
    "teaser heading without Series": (
        {
            "articles/solo.md": article(
                "Solo", "2026-01-01", "Text.\n\n## Im nächsten Beitrag\n\nBald mehr."
            )
        },
        "warning:",
        ["content/articles/solo.md", "Im nächsten Beitrag", "Series:"],
    ),
    "Series_index without Series": (
        {"articles/solo.md": article("Solo", "2026-01-01", "Text.", Series_index="1")},
        "warning:",
        ["content/articles/solo.md", "Series_index", "Series:"],
    ),
    "Series_next and a teaser section": (
        {
            "articles/eins.md": article(
                "Eins",
                "2026-01-01",
                "Eins.\n\n## Im nächsten Beitrag\n\nAbschnitt.",
                Series="Reihe",
                Series_index="1",
                Series_next="Feld.",
            )
        },
        "warning:",
        ["content/articles/eins.md", "Series_next", "Im nächsten Beitrag"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_series_input_fails_a_strict_publish(site, case):
    files, level, needles = BAD_INPUTS[case]
    for relpath, text in files.items():
        site.write(relpath, text)
    build = site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.stderr + build.stdout
    lines = [line for line in build.stderr.splitlines() if line.startswith(level)]
    assert any(all(needle in line for needle in needles) for line in lines), build.stderr


def test_the_same_files_in_order_publish_cleanly(site):
    for name, text in (("eins", PART_1), ("zwei", PART_2), ("drei", PART_3)):
        site.write(f"articles/{name}.md", text)
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert "Teil 3 von 3" in build.soup("drei/index.html").select_one(".series-box").get_text(" ")


def test_lenient_build_reports_and_keeps_the_good_parts(site):
    site.write("articles/eins.md", PART_1)
    site.write("articles/zwei.md", PART_2.replace("Series_index: 2", "Series_index: zwei"))
    site.write(
        "articles/solo.md",
        article("Solo", "2026-01-01", "Text.\n\n## Im nächsten Beitrag\n\nBald mehr."),
    )
    build = site.build(strict=False, settings="pelicanconf.py")
    assert build.returncode == 0
    assert "content/articles/zwei.md" in build.stderr
    # The part with the bad number is published, outside the series.
    assert build.soup("zwei/index.html").select_one(".series-box") is None
    assert "Teil 1 von 1" in build.soup("eins/index.html").select_one(".series-box").get_text(" ")
    # Without a series the teaser section stays where the author wrote it.
    solo = build.soup("solo/index.html")
    assert solo.select_one("aside.series-teaser") is None
    assert "Bald mehr." in " ".join(solo.select_one("main").get_text(" ").split())


def test_same_series_slug_for_two_names_is_an_error(site):
    site.write("articles/eins.md", PART_1.replace("Series: Reihe", "Series: Die Reihe!"))
    site.write(
        "articles/zwei.md",
        PART_2.replace("Series: Reihe", "Series: Die Reihe?").replace(
            "Series_index: 2", "Series_index: 1"
        ),
    )
    build = site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.stderr
    lines = [line for line in build.stderr.splitlines() if line.startswith("error:")]
    assert any(
        "content/articles/eins.md" in line
        and "content/articles/zwei.md" in line
        and "serie/die-reihe/" in line
        for line in lines
    ), build.stderr
