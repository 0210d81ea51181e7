"""Scheduled parts (issue 20): the living teaser knows the date.

A fixture site whose series has a part 2 dated ahead, published twice
through tools/build.py --strict: with the real clock (part 2 is announced by
number and date, nothing else of it is anywhere in the output) and with the
build's clock moved past that date (`BUILD_NOW`: part 2 is published and
part 1 links it).
"""

import datetime
import gzip

import feedparser
import pytest
from sitebuild import SITEURL, Site, article

DUE = "2099-12-06 09:00"
# Words only part 2 has: none may leak before its date.
SECRETS = (
    "Zukunftstitel",
    "Zukunftsgeheimnis",
    "Zukunftszusammenfassung",
    "plan-zwei",
    "Futuretitle",
    "futuresecret",
)


CONTENT = {
    "articles/plan1.md": article(
        "Plan eins",
        "2026-11-01 09:00",
        "Eins Text.\n\n## Im nächsten Beitrag\n\nzeigen wir, wie **Anja** plant.",
        Slug="plan-eins",
        Lang="de",
        Series="Der Plan",
        Series_index="1",
        Summary="Eins kurz.",
    ),
    "articles/plan2.md": article(
        "Zukunftstitel",
        DUE,
        "Zukunftsgeheimnis steht hier.",
        Slug="plan-zwei",
        Lang="de",
        Series="Der Plan",
        Series_index="2",
        Summary="Zukunftszusammenfassung.",
        Tags="Zukunftsgeheimnis",
    ),
    "articles/en/plan1.md": article(
        "Plan one",
        "2026-11-01 10:00",
        "One text.\n\n## In the next post\n\nwe show how Anja plans.",
        Slug="plan-eins",
        Lang="en",
        Series="The Plan",
        Series_index="1",
        Summary="One short.",
    ),
    "articles/en/plan2.md": article(
        "Futuretitle",
        DUE,
        "A futuresecret lives here.",
        Slug="plan-zwei",
        Lang="en",
        Series="The Plan",
        Series_index="2",
        Summary="Futuresecret summary.",
    ),
    # A draft promises no date, and a part dated ahead behind it is not "next".
    "articles/entwurf1.md": article(
        "Entwurf eins",
        "2026-11-02",
        "E eins.",
        Slug="entwurf-eins",
        Lang="de",
        Series="Reihe Entwurf",
        Series_index="1",
        Series_next="Bald mehr.",
    ),
    "articles/entwurf2.md": article(
        "Entwurf zwei",
        DUE,
        "E zwei.",
        Slug="entwurf-zwei",
        Lang="de",
        Status="draft",
        Series="Reihe Entwurf",
        Series_index="2",
    ),
    "articles/entwurf3.md": article(
        "Entwurf drei",
        "2199-01-01",
        "E drei.",
        Slug="entwurf-drei",
        Lang="de",
        Series="Reihe Entwurf",
        Series_index="3",
    ),
    # Hidden and dated ahead: not announced either.
    "articles/versteckt1.md": article(
        "Versteckt eins",
        "2026-11-03",
        "V eins.",
        Slug="versteckt-eins",
        Lang="de",
        Series="Reihe Versteckt",
        Series_index="1",
        Series_next="Vielleicht.",
    ),
    "articles/versteckt2.md": article(
        "Versteckt zwei",
        DUE,
        "V zwei.",
        Slug="versteckt-zwei",
        Lang="de",
        Status="hidden",
        Series="Reihe Versteckt",
        Series_index="2",
    ),
}


def make_site(root):
    site = Site(root)
    for relpath, text in CONTENT.items():
        site.write(relpath, text)
    return site


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    """The real clock: part 2 lies decades ahead."""
    build = make_site(tmp_path_factory.mktemp("schedule") / "site").build(
        overrides={"SITEURL": SITEURL}
    )
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def after(tmp_path_factory):
    """The build's clock moved to the minute part 2 is due."""
    site = make_site(tmp_path_factory.mktemp("schedule-after") / "site")
    build = site.build(overrides={"SITEURL": SITEURL, "BUILD_NOW": DUE})
    assert build.returncode == 0, build.stderr
    return build


def teaser(build, path):
    return build.soup(path).select_one("aside.series-teaser")


def text(node):
    return " ".join(node.get_text().split()) if node else ""


def paths(node):
    """Link targets as site paths: absolute or root-relative alike."""
    return [a["href"].removeprefix(SITEURL) for a in node.select("a[href]")] if node else []


def path(link):
    return link["href"].removeprefix(SITEURL)


def test_teaser_says_when_the_next_part_appears_without_its_title(before):
    aside = teaser(before, "plan-eins/index.html")
    assert "Teil 2 erscheint am 6. Dezember 2099." in text(aside)
    assert aside.select_one(".series-teaser__date time")["datetime"] == "2099-12-06T09:00:00+01:00"
    assert "zeigen wir, wie Anja plant." in text(aside)  # the author's teaser stays
    assert paths(aside) == ["/feeds/serie/der-plan.atom.xml"]
    assert "Teil 1 von 1" in text(before.soup("plan-eins/index.html").select_one(".series-box"))


def test_english_teaser_says_it_in_english(before):
    aside = teaser(before, "en/plan-eins/index.html")
    assert "Part 2 appears on December 6, 2099." in text(aside)
    assert "erscheint" not in text(aside)
    assert paths(aside) == ["/en/feeds/series/the-plan.atom.xml"]


def test_series_page_lists_the_announced_part_with_its_date(before):
    page = before.soup("serie/der-plan/index.html")
    items = page.select(".series-parts > li")
    assert [li.get("value") for li in items] == ["1", "2"]
    announced = items[1]
    assert "series-parts__announced" in announced["class"]
    assert text(announced) == "Teil 2 Erscheint am 6. Dezember 2099"
    assert announced.select("a") == []
    en = before.soup("en/series/the-plan/index.html")
    assert text(en.select_one(".series-parts__announced")) == "Part 2 Appears on December 6, 2099"


def test_nothing_of_the_scheduled_part_is_in_the_output(before):
    """Pages, feeds, sitemaps and Pagefind's (gzip-compressed) index files."""
    assert not (before.output / "plan-zwei").exists()
    checked = 0
    for path in before.output.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        data = data.lower()
        for secret in SECRETS:
            assert secret.lower().encode() not in data, (
                f"{secret!r} in {path.relative_to(before.output)}"
            )
        checked += 1
    assert list(before.output.glob("pagefind/fragment/*")), "Pagefind's index was searched too"
    assert (before.output / "sitemap-de.xml").is_file() and checked > 50


def test_drafts_and_hidden_parts_promise_no_date(before):
    for path in ("entwurf-eins/index.html", "versteckt-eins/index.html"):
        aside = teaser(before, path)
        assert aside is not None and "erscheint" not in text(aside), path
        assert aside.select("time") == [], path
    for path in ("serie/reihe-entwurf/index.html", "serie/reihe-versteckt/index.html"):
        assert before.soup(path).select(".series-parts__announced") == [], path


def test_with_the_clock_moved_past_the_part_is_published_and_linked(after):
    aside = teaser(after, "plan-eins/index.html")
    assert path(aside.select_one(".series-teaser__link a")) == "/plan-zwei/"
    assert text(aside.select_one(".series-teaser__link a")) == "Zukunftstitel"
    assert "erscheint" not in text(aside)
    assert "Zukunftsgeheimnis steht hier." in text(after.soup("plan-zwei/index.html"))
    page = after.soup("serie/der-plan/index.html")
    assert page.select(".series-parts__announced") == []
    assert [path(a) for a in page.select(".series-parts .teaser__title a")] == [
        "/plan-eins/",
        "/plan-zwei/",
    ]
    feed = feedparser.parse(after.html("feeds/serie/der-plan.atom.xml"))
    assert sorted(entry.link for entry in feed.entries) == [
        f"{SITEURL}/plan-eins/",
        f"{SITEURL}/plan-zwei/",
    ]
    assert (
        path(teaser(after, "en/plan-eins/index.html").select_one(".series-teaser__link a"))
        == "/en/plan-zwei/"
    )
    assert not (after.output / "entwurf-zwei").exists()  # a draft stays one


def test_a_clock_that_is_no_date_stops_the_build_naming_the_setting(tmp_path):
    site = make_site(tmp_path / "site")
    build = site.build(overrides={"BUILD_NOW": "übermorgen"})
    assert build.returncode != 0
    assert (
        "BUILD_NOW: 'übermorgen' is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM"
        in build.stderr
    )
    assert "Traceback" not in build.stderr


def test_pelican_sends_content_object_init_before_its_future_date_check():
    """plugins/build_clock marks future posts itself on this signal when
    BUILD_NOW is set: it must come before Pelican's own check (Pelican 4.12:
    Content.__init__ sends it, then Article.__init__ checks)."""
    from pelican import signals
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    seen = []

    def receiver(content):
        seen.append(content.status)

    signals.content_object_init.connect(receiver)
    try:
        article = Article(
            "Text",
            metadata={"title": "T", "date": datetime.datetime(2999, 1, 1)},
            settings={**DEFAULT_CONFIG, "WITH_FUTURE_DATES": False},
        )
    finally:
        signals.content_object_init.disconnect(receiver)
    assert (seen, article.status) == (["published"], "draft"), (
        "Pelican changed where it holds future posts back; plugins/build_clock must follow"
    )
