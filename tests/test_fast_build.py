"""plugins/fast_build: faster, and the output is exactly what a full build gives.

Real builds of a fixture site: a cold build with and without the plugin, and
a devserver-like session (one Pelican object, run() after each edit) whose
output after every edit must equal a fresh cold build of the edited content.
"""

import textwrap
from pathlib import Path

import pytest
from sitebuild import REPO, digests, plugins_without, run_python

ARTICLES = {
    "articles/a.md": 'Title: Erster Beitrag\nDate: 2026-01-01\nSlug: erster\nLang: de\nCategory: Führung\nTags: Mut\nSummary: Über Kund*innen.\n\nText über Kund*innen und "Führung".\n',
    "articles/b.md": "Title: Zweiter Beitrag\nDate: 2026-01-02\nSlug: zweiter\nLang: de\nCategory: Führung\nTags: Mut, Sinn\nSummary: Der zweite.\n\nNoch ein Text.\n",
    "articles/c.md": "Title: Dritter Beitrag\nDate: 2026-01-03\nSlug: dritter\nLang: de\nCategory: Wandel\nSummary: Der dritte.\n\nDritter Text.\n",
    "articles/en/b.md": "Title: Second post\nDate: 2026-01-02\nSlug: zweiter\nLang: en\nSummary: The second.\n\nAnother text.\n",
}


def tree(root: Path) -> dict[str, str]:
    """File digests below root; the search index is Pagefind's, not ours."""
    return digests(root, skip=("pagefind",))


@pytest.mark.slow
def test_cold_build_is_the_same_with_and_without_fast_build(site):
    site.add_seed()
    for path, text in ARTICLES.items():
        site.write(path, text)
    fast = site.build(output="out-fast")
    assert fast.returncode == 0, fast.stderr
    plain = site.build(output="out-plain", overrides={"PLUGINS": plugins_without("fast_build")})
    assert plain.returncode == 0, plain.stderr
    assert tree(fast.output) == tree(plain.output)
    assert (fast.output / "en" / "zweiter" / "index.html").is_file()


# Runs in its own process, like `pelican --autoreload`: one Pelican object,
# run() after each edit. Prints the files each run wrote.
SESSION = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    import build
    from pelican import Pelican
    from pelican.settings import read_settings

    edits = json.loads(sys.argv[1])
    settings = read_settings("pelicanconf.py", override={"OUTPUT_PATH": "out-session"})
    build.compile_catalogs(Path(settings["THEME"]))
    pelican = Pelican(settings)

    def stamps():
        return {str(p): p.stat().st_mtime_ns for p in Path("out-session").rglob("*.html")}

    pelican.run()
    for number, (path, text) in enumerate(edits):
        before = stamps()
        time.sleep(0.05)
        Path("content", path).write_text(text, encoding="utf-8")
        stamp = time.time() + number + 1
        os.utime(Path("content", path), (stamp, stamp))
        pelican.run()
        after = stamps()
        print(json.dumps(sorted(p for p in after if before.get(p) != after[p])), flush=True)
    """
)


def run_session(site, edits) -> list[list[str]]:
    import json

    proc = run_python(SESSION, json.dumps(edits), cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("[")]


@pytest.mark.slow
def test_devserver_rebuild_renders_only_what_changed_and_matches_a_cold_build(site):
    site.add_seed()
    for path, text in ARTICLES.items():
        site.write(path, text)
    body_edit = (
        "articles/b.md",
        ARTICLES["articles/b.md"].replace("Noch ein Text.", "Noch ein ganz neuer Text."),
    )
    title_edit = (
        "articles/c.md",
        ARTICLES["articles/c.md"].replace("Dritter Beitrag", "Dritter, neu betitelt"),
    )
    written = run_session(site, [body_edit, title_edit])

    # A body edit rewrites the pages that show it (its own page, and the
    # listings, which show its reading time) and nothing else.
    assert "out-session/zweiter/index.html" in written[0]
    assert "out-session/erster/index.html" not in written[0]
    assert "out-session/dritter/index.html" not in written[0]
    assert "out-session/kategorie/wandel/index.html" not in written[0]
    assert not any("/en/" in path for path in written[0]), written[0]
    # A title shows on other pages (index, neighbours, lists): all is rendered.
    assert "out-session/index.html" in written[1]
    assert "out-session/zweiter/index.html" in written[1]

    # What the session left is exactly what a cold build of the edited content gives.
    cold = site.build(strict=False, settings="pelicanconf.py", output="out-cold")
    assert cold.returncode == 0, cold.stderr
    assert tree(site.root / "out-session") == tree(cold.output)
    page = (site.root / "out-session" / "zweiter" / "index.html").read_text("utf-8")
    assert "Noch ein ganz neuer" in page


# --- issue 16: what a devserver session must not keep stale ------------------------

# Like SESSION, with edits anywhere below the site (content/…, theme/…); with
# "break_hooks", the writer's private hooks do not match (as after a Pelican
# upgrade that renamed them) but that is not noticed.
SESSION_ANY = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    import build
    from pelican import Pelican
    from pelican.settings import read_settings

    edits, break_hooks = json.loads(sys.argv[1]), sys.argv[2] == "1"
    settings = read_settings("pelicanconf.py", override={"OUTPUT_PATH": "out-session"})
    build.compile_catalogs(Path(settings["THEME"]))
    pelican = Pelican(settings)
    if break_hooks:
        from fast_build import fast_build
        del fast_build.SkippingWriter._open_w
        try:
            import compat
            compat.writer_hooks_match = lambda: True
        except ImportError:
            pass
    pelican.run()
    for number, (path, text, *keep_mtime) in enumerate(edits):
        time.sleep(0.05)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        before = os.stat(path) if keep_mtime else None
        Path(path).write_text(text, encoding="utf-8")
        if before is not None:  # cp -p, rsync, tar, a coarse clock
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        else:
            stamp = time.time() + number + 1
            os.utime(path, (stamp, stamp))
        pelican.run()
    print("done", flush=True)
    """
)


def run_session_any(site, edits, break_hooks=False) -> None:
    import json

    proc = run_python(SESSION_ANY, json.dumps(edits), "1" if break_hooks else "0", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    assert "done" in proc.stdout


def assert_same_as_cold(site):
    cold = site.build(strict=False, settings="pelicanconf.py", output="out-cold")
    assert cold.returncode == 0, cold.stderr
    assert tree(site.root / "out-session") == tree(cold.output)


LINKS_A_FILE = ARTICLES["articles/a.md"].replace(
    "Text über", "Die [Unterlagen]({filename}/images/unterlagen.pdf) zu Kund*innen. Text über"
)


@pytest.mark.slow
def test_devserver_resolves_a_link_once_the_linked_file_is_added(site):
    site.add_seed()
    for path, text in {**ARTICLES, "articles/a.md": LINKS_A_FILE}.items():
        site.write(path, text)
    run_session_any(site, [("content/images/unterlagen.pdf", "%PDF-1.4 Unterlagen\n")])
    page = (site.root / "out-session" / "erster" / "index.html").read_text("utf-8")
    assert "{filename}" not in page
    assert 'href="/images/unterlagen.pdf"' in page
    assert_same_as_cold(site)


@pytest.mark.slow
def test_devserver_shows_an_edited_catalog(site):
    import shutil

    site.add_seed()
    for path, text in ARTICLES.items():
        site.write(path, text)
    # The site's own copy of the theme: the test edits its English catalog.
    (site.root / "theme").unlink()
    shutil.copytree(REPO / "theme", site.root / "theme", ignore=shutil.ignore_patterns("*.mo"))
    po = site.root / "theme" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    assert 'msgstr "Main navigation"' in text
    run_session_any(
        site,
        [
            (
                str(po.relative_to(site.root)),
                text.replace('msgstr "Main navigation"', 'msgstr "Site sections"'),
            )
        ],
    )
    page = (site.root / "out-session" / "en" / "zweiter" / "index.html").read_text("utf-8")
    assert 'aria-label="Site sections"' in page
    assert_same_as_cold(site)


@pytest.mark.slow
def test_a_kept_page_is_never_written_empty_when_the_writer_hooks_do_not_match(site):
    site.add_seed()
    for path, text in ARTICLES.items():
        site.write(path, text)
    body_edit = (
        "content/articles/b.md",
        ARTICLES["articles/b.md"].replace("Noch ein Text.", "Noch ein neuer Text."),
    )
    run_session_any(site, [body_edit], break_hooks=True)
    empty = [str(p) for p in (site.root / "out-session").rglob("*.html") if p.stat().st_size == 0]
    assert empty == []
    assert_same_as_cold(site)


@pytest.mark.slow
def test_devserver_sees_a_same_size_edit_with_the_old_mtime(site):
    site.add_seed()
    for path, text in ARTICLES.items():
        site.write(path, text)
    edited = ARTICLES["articles/b.md"].replace("Noch ein Text.", "Noch ein Test.")
    assert len(edited.encode()) == len(ARTICLES["articles/b.md"].encode())
    run_session_any(site, [("content/articles/b.md", edited, True)])
    page = (site.root / "out-session" / "zweiter" / "index.html").read_text("utf-8")
    assert "Noch ein&nbsp;Test." in page.replace("\xa0", "&nbsp;")  # widont's no-break space
    assert_same_as_cold(site)
