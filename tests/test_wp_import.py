"""`make import` (issue 14): WordPress exports of our own making (WXR 1.1 and
1.2, classic and block editor, German text, shortcodes, drafts, a scheduled
post, pages, attachments, umlauts) imported into temp sites, then published
for real through tools/build.py --strict, and the built site read: every post
and page at its new address, drafts absent, images linked, every old address
redirected to an existing page as a _redirects line, an .htaccess rule and a
page at the old path. Pelican's own test export imports and publishes too.
Nothing here writes into the real content/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import check_site
import pytest
import wp_import
import wxr_fixtures as fx
from bs4 import BeautifulSoup
from sitebuild import REPO, SITEURL, Site

PELICAN_WXR = (
    Path(__import__("pelican").__file__).parent / "tests" / "content" / "wordpressexport.xml"
)
UPLOADS = [
    "2019/05/team.jpg",
    "2019/05/team-300x200.jpg",
    "2019/05/leitfaden.pdf",
    "2019/06/ausblick-1024x683.jpg",
    "2019/05/unbenutzt.jpg",
]


def run_import(
    site: Site, wxr_text: str | None = None, *args: str, wxr_path: Path | None = None, capsys=None
):
    """The import as `make import` runs it, into the temp site's content/."""
    if wxr_path is None:
        wxr_path = site.root / "export.xml"
        wxr_path.write_text(wxr_text, encoding="utf-8")
    argv = [
        "--wxr",
        str(wxr_path),
        "--content",
        str(site.root / "content"),
        "--settings",
        str(site.root / "pelicanconf.py"),
        *args,
    ]
    code = wp_import.main(argv)
    out = capsys.readouterr() if capsys else None
    return code, out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_uploads(root: Path) -> Path:
    uploads = root / "uploads"
    for rel in UPLOADS:
        (uploads / rel).parent.mkdir(parents=True, exist_ok=True)
        (uploads / rel).write_bytes(fx.upload_bytes(rel))
    return uploads


def text_of(build, relpath: str) -> str:
    soup = build.soup(relpath)
    return (soup.find("div", class_="prose") or soup.find("article")).get_text()


def words(build, relpath: str) -> str:
    """The text with typogrify's widont (a no-break space before the last
    word of a paragraph) read as a space."""
    return text_of(build, relpath).replace("\u00a0", " ")


def old_addresses(built: Path):
    """The three forms of every redirect in a built site."""
    netlify = {}
    for line in (built / "_redirects").read_text("utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            key = (parts[0], parts[1]) if len(parts) == 4 else (parts[0], "")
            netlify[key] = parts[-2]
    apache = (built / ".htaccess").read_text("utf-8")
    return netlify, apache


# --- the German site, WXR 1.2: imported once, published once ------------------------


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    root = tmp_path_factory.mktemp("wp-de")
    site = Site(root / "site")
    # What the site's content/extra already holds must survive the merge.
    site.write("extra/.htaccess", (REPO / "content" / "extra" / ".htaccess").read_text("utf-8"))
    site.write("extra/_redirects", "# eigene Weiterleitungen\n/alt/  /ueber-uns/  301\n")
    uploads = make_uploads(root)
    wxr_path = root / "export.xml"
    wxr_path.write_text(fx.german_site("1.2"), encoding="utf-8")
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        code = wp_import.main(
            [
                "--wxr",
                str(wxr_path),
                "--uploads",
                str(uploads),
                "--content",
                str(site.root / "content"),
                "--settings",
                str(site.root / "pelicanconf.py"),
            ]
        )
    assert code == 0, out.getvalue()
    build = site.build()
    assert build.returncode == 0, build.stderr
    return site, build, out.getvalue(), wxr_path, uploads


def test_posts_and_pages_at_their_new_addresses(german):
    site, build, report, *_ = german
    out = build.output
    for path in ("fuehrung-im-team", "ausblick", "teamarbeit", "ueber-uns"):
        assert (out / path / "index.html").is_file(), path
    meta = (site.root / "content/articles/2019/fuehrung-im-team.md").read_text("utf-8")
    assert meta.startswith(
        "Title: Führung im Team\nDate: 2019-05-03 10:15\nModified: 2019-06-01 08:00\n"
        "Slug: fuehrung-im-team\nLang: de\nCategory: Führung\nTags: Größe, Zusammenarbeit\n"
    )
    assert "Summary: Warum *Resonanz* zählt" in meta
    assert (site.root / "content/pages/ueber-uns.md").is_file()
    # "Allgemein" is WordPress' "no category": the site's default instead.
    assert "Category: Allgemein" in (site.root / "content/articles/2019/ausblick.md").read_text(
        "utf-8"
    )
    assert "Category: Teams & Gruppen" in (
        site.root / "content/articles/2019/teamarbeit.md"
    ).read_text("utf-8")
    assert (out / "kategorie" / "fuehrung" / "index.html").is_file()
    assert (out / "schlagwort" / "groesse" / "index.html").is_file()


def test_drafts_private_pending_future_and_trash_stay_off_the_site(german):
    site, build, report, *_ = german
    content = site.root / "content"
    for rel in (
        "articles/2019/ein-entwurf.md",
        "articles/2019/wartet.md",
        "articles/2019/privat.md",
    ):
        assert "Status: draft" in (content / rel).read_text("utf-8"), rel
    future = (content / "articles/2099/kommt-noch.md").read_text("utf-8")
    assert "Date: 2099-01-01 09:00" in future and "Status" not in future
    assert not list(content.rglob("papierkorb*")) and not list(content.rglob("*revision*"))
    for slug in ("ein-entwurf", "wartet", "privat", "kommt-noch", "papierkorb"):
        assert not (build.output / slug).exists(), slug
        assert slug not in (build.output / "index.html").read_text("utf-8")
    assert not list(build.output.rglob("entwurf"))


def test_german_text_reads_as_it_did_on_wordpress(german):
    site, build, *_ = german
    text = text_of(build, "fuehrung-im-team/index.html")
    # Straight quotes curled once, typed and entity quotes left as they were.
    assert (
        "Die „Kund*innen“ und Partner*innen wissen es: „Resonanz statt Reichweite“ ist kein Slogan."
        in text
    )
    assert "„Wirksamkeit“ und 30\u00a0% mehr Zeit." in text
    assert "Größe & Wirkung, jede*r\u00a0zählt." in text  # widont: the last two words together
    assert "„„" not in text and "““" not in text and "&amp;" not in text and "&#" not in text
    page = build.html("fuehrung-im-team/index.html")
    assert "<em>innen" not in page and "&amp;amp;" not in page and "&amp;nbsp;" not in page
    # The classic editor's single newline is a line break, as wpautop made it.
    assert re.search(r"Slogan\.<br ?/?>\s*Eine zweite Zeile", page)
    blocks = text_of(build, "ausblick/index.html")
    assert "Ein Text mit Betonung, „Anführungszeichen“ und\u00a0Mitarbeiter*innen." in blocks
    assert "wp:paragraph" not in build.html("ausblick/index.html")
    assert "Liebe Kund<i>innen</i>: betont" in build.html("ausblick/index.html")


def test_shortcodes_and_embeds_converted(german):
    site, build, report, *_ = german
    soup = build.soup("fuehrung-im-team/index.html")
    figures = soup.find_all("figure")
    assert [f.figcaption.get_text() for f in figures] == ["Das „Team“ im Gespräch", "Das Team"]
    assert figures[0].img["alt"] == "Ein Team am Tisch"
    youtube = soup.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert youtube is not None and youtube.get_text() == "Video auf YouTube\u00a0ansehen"  # widont
    assert (
        not soup.find("iframe")
        and "[caption" not in soup.get_text()
        and "[gallery" not in soup.get_text()
    )
    blocks = build.soup("ausblick/index.html")
    assert (
        blocks.find("a", href="https://vimeo.com/123456").get_text()
        == "Video auf Vimeo\u00a0ansehen"
    )
    assert blocks.find("figure").figcaption.get_text() == "Der „Ausblick“ am Morgen"
    assert "| shortcodes and embeds converted                 |     4 |" in report
    assert "| shortcodes left (publish stops)                 |     0 |" in report


def test_images_copied_once_and_linked(german):
    site, build, report, wxr_path, uploads = german
    images = site.root / "content" / "images"
    copied = sorted(p.relative_to(images).as_posix() for p in images.rglob("*") if p.is_file())
    # Resized variants point to the original; unused uploads are not copied.
    assert copied == ["2019/05/leitfaden.pdf", "2019/05/team.jpg", "2019/06/ausblick.jpg"]
    soup = build.soup("fuehrung-im-team/index.html")
    for img in soup.select(".prose img"):
        assert (build.output / img["src"].lstrip("/")).is_file(), img["src"]
        assert img["alt"]
    assert "Leitfaden" in soup.find("a", href="/images/2019/05/leitfaden.pdf").get_text()
    # A link to another imported post or page points to its new address.
    assert soup.find("a", string="Porträt")["href"] == "/ueber-uns/"
    assert (
        build.soup("ausblick/index.html").find("a", string="ersten Beitrag")["href"]
        == "/fuehrung-im-team/"
    )
    assert "Image: {static}/images/2019/05/team.jpg" in (
        site.root / "content/articles/2019/fuehrung-im-team.md"
    ).read_text("utf-8")


OLD_ADDRESSES = {
    # old path or ?query -> new address
    "/2019/05/führung-im-team/": "/fuehrung-im-team/",
    "/2019/06/ausblick/": "/ausblick/",
    "/2019/07/teamarbeit/": "/teamarbeit/",
    "/über-uns/": "/ueber-uns/",
    "/category/führung/": "/kategorie/fuehrung/",
    "/category/führung/teams/": "/kategorie/teams-gruppen/",
    "/category/allgemein/": "/kategorie/allgemein/",
    "/tag/größe/": "/schlagwort/groesse/",
    "/tag/zusammenarbeit/": "/schlagwort/zusammenarbeit/",
    "?p=101": "/fuehrung-im-team/",
    "?p=102": "/ausblick/",
    "?page_id=110": "/ueber-uns/",
    "?cat=3": "/kategorie/fuehrung/",
}


def test_every_old_address_redirected_in_all_three_forms(german):
    site, build, *_ = german
    out = build.output
    netlify, apache = old_addresses(out)
    for old, new in OLD_ADDRESSES.items():
        assert (out / new.strip("/") / "index.html").is_file(), new
        if old.startswith("?"):
            key, value = old[1:].split("=")
            assert netlify[("/", f"{key}={value}")] == new, old
            assert (
                f"RewriteCond %{{QUERY_STRING}} (^|&){key}={value}(&|$) [NC]\n  RewriteRule ^$ {new}? [R=301,L]"
                in apache
            )
            continue
        assert netlify[(quote(old), "")] == new, old
        assert f'Redirect 301 "{old}" "{new}"' in apache, old
        page = out / old.strip("/") / "index.html"
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"
        assert soup.find("link", rel="canonical")["href"] == new
    # Drafts and the scheduled post had no public address: no redirect to them.
    assert "kommt-noch" not in (out / "_redirects").read_text("utf-8")
    assert "?p=105" not in str(netlify) and "p=105" not in apache
    # What the files held before is still there, outside the import's block.
    assert "/alt/  /ueber-uns/  301" in (out / "_redirects").read_text("utf-8")
    assert "Content-Security-Policy" in apache and apache.count("# BEGIN wordpress-import") == 1


def test_make_check_redirect_gate(german):
    site, build, *_ = german
    gate = check_site.check_redirects(check_site.Site(build.output, SITEURL))
    assert gate.findings == []
    assert "13 pages" in gate.checked or "pages" in gate.checked
    # A rule to a page that does not exist, and a loop, are findings.
    broken = build.output / "_redirects"
    original = broken.read_text("utf-8")
    try:
        broken.write_text(
            original + "/weg/  /gibt-es-nicht/  301\n/kreis/  /kreis/  301\n", "utf-8"
        )
        findings = check_site.check_redirects(check_site.Site(build.output, SITEURL)).findings
        assert any("/gibt-es-nicht/: no such page" in f for f in findings)
        assert any("/kreis/ redirects to itself" in f for f in findings)
    finally:
        broken.write_text(original, "utf-8")


def test_report_table(german):
    site, build, report, *_ = german
    for row in (
        "| posts (published)                               |     3 |",
        "| pages (published)                               |     1 |",
        "| drafts (draft, pending, private)                |     3 |",
        "| future posts (appear on their date)             |     1 |",
        "|   copied from UPLOADS                           |     3 |",
        "| comments skipped                                |     3 |",
        "| redirects (each as _redirects, .htaccess, page) |    19 |",
    ):
        assert row in report, row
    assert "content/articles/2019/fuehrung-im-team.md: 2 / 1" in report


def test_second_run_changes_nothing(german, capsys):
    site, build, report, wxr_path, uploads = german
    before = snapshot(site.root / "content")
    code, out = run_import(site, None, "--uploads", str(uploads), wxr_path=wxr_path, capsys=capsys)
    assert code == 0
    assert "nothing changed" in out.out
    assert snapshot(site.root / "content") == before


def test_refuses_to_overwrite_a_changed_file_unless_forced(german, capsys):
    site, build, report, wxr_path, uploads = german
    post = site.root / "content/articles/2019/teamarbeit.md"
    post.write_text(post.read_text("utf-8") + "\nVon Hand ergänzt.\n", "utf-8")
    before = snapshot(site.root / "content")
    code, out = run_import(site, None, "--uploads", str(uploads), wxr_path=wxr_path, capsys=capsys)
    assert code == 1
    assert (
        "content/articles/2019/teamarbeit.md: exists already and would change; nothing was written"
        in out.err
    )
    assert "FORCE=1" in out.err and "Traceback" not in out.err
    assert snapshot(site.root / "content") == before
    code, out = run_import(
        site, None, "--uploads", str(uploads), "--force", wxr_path=wxr_path, capsys=capsys
    )
    assert code == 0
    assert "Von Hand" not in post.read_text("utf-8")


# --- WXR 1.1, classic editor, no UPLOADS ---------------------------------------------


def test_wxr_11_classic_imports_and_publishes(tmp_path, capsys):
    site = Site(tmp_path / "site")
    code, out = run_import(site, fx.classic_site_11(), capsys=capsys)
    assert code == 0, out.err
    post = (site.root / "content/articles/2012/hallo-welt.md").read_text("utf-8")
    assert "Category: Allgemein" in post and "Tags: Grüße" in post and "Lang: de" in post
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert "Der erste Beitrag. „Willkommen“, liebe Leser*innen!" in words(
        build, "hallo-welt/index.html"
    )
    assert (build.output / "impressionen" / "index.html").is_file()
    netlify, apache = old_addresses(build.output)
    # /hallo-welt/ is the same address on both sites: no redirect, no loop.
    assert ("/hallo-welt/", "") not in netlify and "hallo-welt/index.html" not in str(
        list((site.root / "content").rglob("redirects/**/*"))
    )
    assert netlify[("/", "page_id=6")] == "/impressionen/"
    assert netlify[("/tag/gr%C3%BC%C3%9Fe/", "")] == "/schlagwort/gruesse/"
    assert check_site.check_redirects(check_site.Site(build.output, SITEURL)).findings == []


def test_without_uploads_the_report_lists_the_files_to_copy(tmp_path, capsys):
    site = Site(tmp_path / "site")
    code, out = run_import(site, fx.german_site("1.1"), capsys=capsys)
    assert code == 0, out.err
    assert "Copy these files from wp-content/uploads/ to content/images/" in out.out
    listed = out.out.split("Copy these files", 1)[1].split("\n\n")[0]
    assert [line.strip() for line in listed.splitlines()[1:]] == [
        "2019/05/leitfaden.pdf",
        "2019/05/team.jpg",
        "2019/06/ausblick.jpg",
    ]
    assert not (site.root / "content" / "images").exists()


def test_lang_override_and_english_addresses(tmp_path, capsys):
    site = Site(tmp_path / "site")
    code, out = run_import(site, fx.classic_site_11(), "--lang", "en", capsys=capsys)
    assert code == 0, out.err
    post = site.root / "content/articles/2012/en/hallo-welt.md"
    assert "Lang: en" in post.read_text("utf-8")
    redirects = (site.root / "content/extra/_redirects").read_text("utf-8")
    assert "/hallo-welt/  /en/hallo-welt/  301!" in redirects


# --- shortcodes the import does not know stop the publish ----------------------------


def test_unknown_shortcode_stops_the_publish_naming_file_and_shortcode(tmp_path, capsys):
    site = Site(tmp_path / "site")
    export = fx.wxr(
        [
            fx.item(
                7,
                "Kontakt",
                type="page",
                name="kontakt",
                link=f"{fx.OLD}/kontakt/",
                content='Schreib mir: [contact-form-7 id="5" title="Kontakt"]\n\n[sic] bleibt Text.',
            )
        ]
    )
    code, out = run_import(site, export, capsys=capsys)
    assert code == 0
    assert "content/pages/kontakt.md: [contact-form-7] x1" in out.out
    page = (site.root / "content/pages/kontakt.md").read_text("utf-8")
    assert '<!-- wp-shortcode: [contact-form-7 id="5" title="Kontakt"] -->' in page
    build = site.build()
    assert build.returncode != 0
    assert (
        "content/pages/kontakt.md: the WordPress shortcode [contact-form-7] is still in the text"
        in build.stderr
    )
    # A lenient build shows nothing of it, and "[sic]" is text.
    dev = site.build(strict=False, settings="pelicanconf.py", output="dev")
    page_html = (dev.output / "kontakt" / "index.html").read_text("utf-8")
    assert "[contact-form-7" not in BeautifulSoup(page_html, "html.parser").get_text()
    assert "[sic] bleibt Text." in BeautifulSoup(page_html, "html.parser").get_text().replace(
        "\u00a0", " "
    )


# --- bad input: a clear message, nothing written -------------------------------------


BAD = {
    "not-xml": ("Hallo, ich bin keine Datei aus WordPress.", "is not an XML file"),
    "truncated": (fx.german_site()[:3000], "the export ends early"),
    "not-wxr": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>',
        "is XML but not a WordPress export",
    ),
    "version": (
        fx.german_site("1.2").replace("<wp:wxr_version>1.2<", "<wp:wxr_version>1.9<"),
        "WXR version 1.9 is unknown",
    ),
    "no-title": (
        fx.wxr([fx.item(44, "", name="ohne")]),
        "post '(ohne Titel)' (WordPress ID 44): has no title",
    ),
    "no-date": (
        fx.wxr([fx.item(45, "Ohne Datum", date="")]),
        "post 'Ohne Datum' (WordPress ID 45): has no valid date",
    ),
    "empty": ("", "the file is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_the_problem_and_writes_nothing(tmp_path, case):
    site = Site(tmp_path / "site")
    text, expected = BAD[case]
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    before = snapshot(site.root / "content")
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "wp_import.py"),
            "--wxr",
            str(export),
            "--content",
            str(site.root / "content"),
            "--settings",
            str(site.root / "pelicanconf.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr and "nothing was written" in proc.stderr
    assert snapshot(site.root / "content") == before


def test_unknown_language_asks_for_lang(tmp_path, capsys):
    site = Site(tmp_path / "site")
    code, out = run_import(site, fx.wxr([fx.item(1, "Bonjour")], language="fr-FR"), capsys=capsys)
    assert code == 1 and "run again with LANG=de or LANG=en" in out.err


def test_existing_page_is_never_shadowed(tmp_path, capsys):
    site = Site(tmp_path / "site")
    site.write("pages/ueber-mich.md", "Title: Über mich\nSlug: ueber-mich\n\nIch.\n")
    # A post whose address is that of a page already on the site.
    export = fx.wxr(
        [fx.item(9, "Über mich", name="ueber-mich", link=f"{fx.OLD}/2019/05/ueber-mich/")]
    )
    code, out = run_import(site, export, capsys=capsys)
    assert code == 1
    assert "its address /ueber-mich/ belongs to content/pages/ueber-mich.md already" in out.err
    assert "SKIP=9" in out.err
    code, out = run_import(site, export, "--skip", "9", capsys=capsys)
    assert code == 0


# --- Pelican's own test export ----------------------------------------------------------


def test_pelicans_test_export_imports_and_publishes(tmp_path, capsys):
    site = Site(tmp_path / "site")
    code, out = run_import(site, None, wxr_path=PELICAN_WXR, capsys=capsys)
    assert code == 0, out.err
    assert "| posts (published)                               |     7 |" in out.out
    assert "Images without alt text" in out.out
    # What the report asks of the author: describe the three images.
    post = site.root / "content/articles/2012/en/caption-on-image.md"
    post.write_text(post.read_text("utf-8").replace("![](", "![A pelican]("), "utf-8")
    build = site.build()
    assert build.returncode == 0, build.stderr
    for slug in (
        "with-excerpt",
        "with-tags",
        "with-comments",
        "post-with-raw-data",
        "html-entity-test",
        "code-in-list-test",
        "caption-on-image",
        "contact",
        "empty",
    ):
        assert (build.output / "en" / slug / "index.html").is_file(), slug
    assert not (build.output / "en" / "complete-draft").exists()
    raw = build.soup("en/post-with-raw-data/index.html")
    assert raw.find("a", href="https://www.youtube.com/watch?v=QNNl_uWmQXE") is not None
    assert not raw.find("iframe")
    prose = words(build, "en/post-with-raw-data/index.html")
    assert "“That’s a ‘wonderful’ shoe.”" in prose and "“That’s a ‘magic’ sock.”" in prose
    assert check_site.check_redirects(check_site.Site(build.output, SITEURL)).findings == []


def test_a_second_export_adds_its_redirects(tmp_path, capsys):
    site = Site(tmp_path / "site")
    assert run_import(site, fx.classic_site_11(), capsys=capsys)[0] == 0
    second = fx.wxr(
        [fx.item(77, "Noch ein Blog", name="noch-einer", link=f"{fx.OLD}/alt/noch-einer/")]
    )
    code, out = run_import(site, second, capsys=capsys)
    assert code == 0, out.err
    redirects = (site.root / "content/extra/_redirects").read_text("utf-8")
    assert "/  page_id=6  /impressionen/  301!" in redirects  # from the first export
    assert "/alt/noch-einer/  /noch-einer/  301!" in redirects
    assert redirects.count("# BEGIN wordpress-import") == 1


def test_paths_from_the_export_never_leave_content(tmp_path, capsys):
    site = Site(tmp_path / "site")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (tmp_path / "geheim.txt").write_text("nicht kopieren")
    export = fx.wxr(
        [
            fx.item(
                3,
                "Pfade",
                name="pfade",
                link=f"{fx.OLD}/../../../ausserhalb/",
                content=f'<p><img src="{fx.UP}/../../geheim.txt" alt="x"> <a href="{fx.UP}/2019/../../../geheim.txt">y</a></p>',
            )
        ]
    )
    code, out = run_import(site, export, "--uploads", str(uploads), capsys=capsys)
    assert code == 0, out.err
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert all(p.startswith("site/") or p in ("geheim.txt", "export.xml") for p in written), written
    assert not (site.root / "content" / "images").exists()
    assert not list((site.root / "content").rglob("ausserhalb"))


# --- the rules at real servers (where Apache and nginx are installed) ---------------------

APACHE = Path("/usr/sbin/apache2")
NGINX = Path("/usr/sbin/nginx")
APACHE_MODULES = Path("/usr/lib/apache2/modules")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served_copy(output: Path, where: Path) -> Path:
    """The built site where a server's worker user can read it (pytest's
    temp folders are 0700)."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="wp-served-", dir=where))
    site = root / "site"
    shutil.copytree(output, site)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return root


def ask(port: int, target: str):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", target)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location") or ""


def wait_for(port: int, proc) -> None:
    import time

    for _ in range(100):
        if proc.poll() is not None:
            raise AssertionError(f"the server stopped: {proc.stderr.read() if proc.stderr else ''}")
        try:
            ask(port, "/")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not answer")


def check_server(port: int) -> None:
    for old, new in OLD_ADDRESSES.items():
        target = "/" + old if old.startswith("?") else quote(old)
        status, location = ask(port, target)
        assert status == 301 and location.endswith(new) and "?" not in location, (
            old,
            status,
            location,
        )
        assert ask(port, new)[0] == 200, new


@pytest.fixture
def served(german):
    import shutil

    root = served_copy(german[1].output, Path("/tmp"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.needs("apache2")
def test_htaccess_rules_at_apache(served):
    port = free_port()
    modules = "\n".join(
        f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
        for name in ("mpm_event", "authz_core", "dir", "mime", "alias", "rewrite", "headers")
    )
    conf = served / "apache.conf"
    conf.write_text(f"""ServerRoot {served}
ServerName localhost
Listen 127.0.0.1:{port}
{modules}
User nobody
Group nogroup
PidFile {served}/apache.pid
ErrorLog {served}/error.log
DefaultRuntimeDir {served}
Mutex file:{served}
TypesConfig /etc/mime.types
DocumentRoot {served}/site
<Directory {served}/site>
  AllowOverride All
  Require all granted
</Directory>
""")
    proc = subprocess.Popen(
        [str(APACHE), "-f", str(conf), "-DFOREGROUND"], stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(port, proc)
        check_server(port)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.needs("nginx")
def test_nginx_config_from_the_import(served, german, capsys):
    site = german[0]
    assert (
        wp_import.main(
            [
                "--nginx",
                "--content",
                str(site.root / "content"),
                "--settings",
                str(site.root / "pelicanconf.py"),
            ]
        )
        == 0
    )
    rules = capsys.readouterr().out
    maps, server_lines = rules.split("# In the server { } block of the site:")
    port = free_port()
    conf = served / "nginx.conf"
    conf.write_text(f"""daemon off;
pid {served}/nginx.pid;
error_log {served}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {served}/body; proxy_temp_path {served}/proxy; fastcgi_temp_path {served}/fcgi;
  uwsgi_temp_path {served}/uwsgi; scgi_temp_path {served}/scgi;
{maps}
  server {{
    listen 127.0.0.1:{port};
    root {served}/site;
{server_lines}
  }}
}}
""")
    proc = subprocess.Popen([str(NGINX), "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    try:
        wait_for(port, proc)
        check_server(port)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# --- the body conversion on its own ------------------------------------------------------

from wordpress import body as wp_body  # noqa: E402


def convert(html_text: str, lang: str = "de") -> str:
    ctx = wp_body.Context(lang, {"alt.example.de"}, {}, {}, lambda url: None)
    return wp_body.to_markdown(html_text, "1", ctx)[0]


@pytest.mark.parametrize(
    "source, expected",
    [
        # Markup characters in text stay text; gender stars stay literal and bare.
        ("<p>Kund*innen und 2 * 3 = 6</p>", "Kund*innen und 2 \\* 3 = 6"),
        ("<p>snake_case bleibt, _betont_ nicht</p>", "snake_case bleibt, \\_betont\\_ nicht"),
        (
            "<p>Ein &lt;tag&gt; als Text und &amp;nbsp; als Wort</p>",
            "Ein &lt;tag> als Text und &amp;nbsp; als Wort",
        ),
        ("<p>1. Oktober 2026 war ein Donnerstag.</p>", "1\\. Oktober 2026 war ein Donnerstag."),
        ("<p># kein Titel</p>", "\\# kein Titel"),
        ("<p>30&nbsp;% sicher</p>", "30&nbsp;% sicher"),
        # Shortcodes: [[escaped]] is WordPress' literal, [sic] is text.
        ("<p>Schreib [[gallery]] und [sic] so.</p>", "Schreib [gallery] und [sic] so."),
        ("<p>[x] erledigt</p>", "[x] erledigt"),
        # Emphasis inside a word stays HTML (stars there would be gender stars).
        (
            "<p>Kund<em>innen</em> und <strong>Chef</strong>in, <em>ganz</em> betont</p>",
            "Kund<i>innen</i> und <strong>Chef</strong>in, *ganz* betont",
        ),
        (
            '<p>Davor [foo_bar x="1"] danach</p>',
            'Davor <!-- wp-shortcode: [foo_bar x="1"] --> danach',
        ),
        # Classic editor: paragraphs from blank lines, <pre> left alone.
        ("Eins\nzwei\n\n<pre>a\n\nb</pre>\n\nDrei", "Eins  \nzwei\n\n```\na\n\nb\n```\n\nDrei"),
        ("<p>Eins</p><p>&nbsp;</p><p>Zwei</p>", "Eins\n\nZwei"),
        # Block editor comments vanish.
        ("<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->", "Hi"),
    ],
)
def test_body_conversion(source, expected):
    assert convert(source) == expected


def test_video_cards_link_the_video_without_embedding():
    assert (
        convert('<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>', "en")
        == "[Watch the video on YouTube](https://www.youtube.com/watch?v=abc123)"
    )
    assert (
        convert("[embed]https://youtu.be/xyz[/embed]")
        == "[Video auf YouTube ansehen](https://www.youtube.com/watch?v=xyz)"
    )
    assert (
        convert('<iframe src="https://player.vimeo.com/video/42?h=1"></iframe>')
        == "[Video auf Vimeo ansehen](https://vimeo.com/42)"
    )
    assert (
        convert('<iframe src="https://www.google.com/maps/embed?pb=1"></iframe>')
        == "[Inhalt auf google.com ansehen](https://www.google.com/maps/embed?pb=1)"
    )


def test_no_redirect_inside_the_sites_own_folders(tmp_path, capsys):
    site = Site(tmp_path / "site")
    export = fx.wxr(
        [fx.item(8, "Archiv alt", type="page", name="alt-archiv", link=f"{fx.OLD}/archiv/alt/")]
    )
    code, out = run_import(site, export, capsys=capsys)
    assert code == 0, out.err
    assert "old address /archiv/alt/ is inside /archiv/, which the site uses itself" in out.out
    assert not (site.root / "content" / "redirects" / "archiv").exists()
    assert "/archiv/" not in (site.root / "content/extra/_redirects").read_text("utf-8")
    assert site.build().returncode == 0
