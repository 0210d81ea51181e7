"""Pelican's own "Unable to find" warnings name a link, not the file that has
it; the strict publish names the file (issue 13: "Pelican's own warnings
name no file")."""

from __future__ import annotations

HEAD = "Title: {title}\nDate: 2026-01-0{day}\nLang: de\n"


def test_a_dead_link_in_a_summary_names_its_file(site):
    # A `Summary:` line is Markdown too; plugins/strict_content reads only the
    # text, so Pelican's own warning is the one that reports this link.
    site.write(
        "articles/a.md",
        HEAD.format(title="A", day=1)
        + "Summary: Siehe [den alten Beitrag]({filename}/gibt-es-nicht.md).\n\nText.\n",
    )
    site.write("articles/b.md", HEAD.format(title="B", day=2) + "\nText.\n")
    build = site.build()
    assert build.returncode != 0, build.stdout
    lines = build.problems
    assert any(
        "content/articles/a.md: the link to '/gibt-es-nicht.md' points to no article" in line
        for line in lines
    ), build.stderr
    assert not any("b.md" in line for line in lines), build.stderr


def test_more_dead_links_than_pelican_names_say_what_to_do(site):
    summary = " ".join(f"[Teil {i}]({{filename}}/fehlt-{i}.md)" for i in range(8))
    site.write("articles/a.md", HEAD.format(title="A", day=1) + f"Summary: {summary}\n\nText.\n")
    build = site.build()
    assert build.returncode != 0, build.stdout
    lines = build.problems
    assert any("content/articles/a.md: the link to '/fehlt-0.md'" in line for line in lines)
    assert not any("Other resources were not found" in line for line in lines), build.stderr
    assert any("more links point to nothing" in line and "build again" in line for line in lines), (
        build.stderr
    )
