"""tools/build.py's last look before the swap: a full disk does not always
fail loudly (Pagefind 1.5 exits 0 on ENOSPC, leaving 0-byte files), so the
files of the new site are looked at."""

from __future__ import annotations

import build


def test_empty_missing_and_whole_files_of_a_new_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>A</p>", "utf-8")
    (site / "b.html").write_text("", "utf-8")
    (site / "pagefind" / "pagefind-entry.json").write_text('{"version": "1"}', "utf-8")
    (site / "pagefind" / "fragment" / "de_1.pf_fragment").write_bytes(b"")
    (site / "pagefind" / "fragment" / "de_2.pf_fragment").write_bytes(b"x")
    written = [str(site / "a" / "index.html"), str(site / "b.html"), str(site / "gone.html")]
    monkeypatch.setattr(build, "WRITTEN", written)
    problems = build.verify_site(site)
    assert [p.split(": ", 1)[1].split(";")[0] for p in problems] == [
        f"{site / 'b.html'} is missing or empty",
        f"{site / 'gone.html'} is missing or empty",
        "the search index file pagefind/fragment/de_1.pf_fragment is empty",
    ]
    assert all(p.endswith("is the disk full (df -h)?") for p in problems)


def test_a_whole_site_passes(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "index.html").write_text("<p>A</p>", "utf-8")
    (site / "pagefind" / "pagefind-entry.json").write_text("{}", "utf-8")
    monkeypatch.setattr(build, "WRITTEN", [str(site / "index.html")])
    assert build.verify_site(site) == []
