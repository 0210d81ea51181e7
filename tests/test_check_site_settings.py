"""tools/check_site.py reads the site's addresses from the settings (issue 16, defect 7).

It used to know `entwurf/` and `drafts/` as draft folders and German sample
paths (`impressum/`, `archiv/`, `kategorien/`, …) for the a11y gate: a site
whose settings name other folders had its drafts linked unnoticed and
templates left unchecked. Also here: no unused import in tools/ and plugins/,
no template variable that nothing reads (search.html set one).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import check_site
from sitebuild import REPO

PAGE = (
    '<!doctype html><html lang="de"><head><title>x</title>{head}</head><body>{body}</body></html>'
)


def settings(**overrides) -> dict:
    return {**check_site.read_site_settings(), **overrides}


def write(root: Path, rel: str, body: str = "", head: str = "") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(head=head, body=body), "utf-8")


def test_draft_folders_come_from_the_settings(tmp_path):
    own = settings(
        DRAFT_URL="vorschau/{slug}/",
        DRAFT_LANG_URL="vorschau/{slug}/",
        I18N_SUBSITES={"en": {"DRAFT_URL": "preview/{slug}.html"}},
    )
    write(tmp_path, "vorschau/geheim/index.html")
    write(tmp_path, "en/preview/secret.html")
    write(
        tmp_path,
        "index.html",
        '<a href="/vorschau/geheim/">a</a> <a href="/en/preview/secret.html">b</a>',
    )
    site = check_site.Site(tmp_path, "https://example.org", settings=own)
    found = check_site.check_links(site).findings
    assert any("/vorschau/geheim/" in f and "draft" in f for f in found), found
    assert any("/en/preview/secret.html" in f and "draft" in f for f in found), found


def test_a_folder_that_is_no_draft_folder_in_the_settings_is_a_page(tmp_path):
    # `drafts/` was taken for a draft folder whatever the settings said.
    own = settings(
        DRAFT_URL="entwurf/{slug}/",
        DRAFT_LANG_URL="entwurf/{slug}/",
        DRAFT_PAGE_URL="entwurf/seite/{slug}/",
        DRAFT_PAGE_LANG_URL="entwurf/seite/{slug}/",
        I18N_SUBSITES={},
    )
    write(tmp_path, "drafts/index.html")
    write(tmp_path, "index.html", '<a href="/drafts/">Über Entwürfe</a>')
    site = check_site.Site(tmp_path, "https://example.org", settings=own)
    assert check_site.check_links(site).findings == []


def test_the_a11y_samples_follow_the_settings(tmp_path):
    own = settings(
        ARCHIVES_SAVE_AS="archive/index.html",
        CATEGORY_SAVE_AS="topic/{slug}.html",
        SEARCH_SAVE_AS="find/index.html",
        I18N_SUBSITES={"fr": {}},
    )
    write(tmp_path, "index.html")
    write(tmp_path, "archive/index.html")
    write(tmp_path, "topic/fuehrung.html")
    write(tmp_path, "find/index.html")
    write(tmp_path, "kontakt/index.html", '<article class="page"><h1>Kontakt</h1></article>')
    write(tmp_path, "fr/index.html")
    samples = check_site.template_samples(
        check_site.Site(tmp_path, "https://example.org", settings=own)
    )
    assert samples["archives"] == "archive/"
    assert samples["category"] == "topic/fuehrung.html"
    assert samples["search"] == "find/"
    assert samples["page"] == "kontakt/"
    assert samples["index (fr)"] == "fr/"


def test_the_site_settings_give_the_sites_own_folders():
    site = check_site.read_site_settings()
    assert "entwurf/" in check_site.draft_prefixes(site)
    assert "en/entwurf/" in check_site.draft_prefixes(site)
    globs = dict(check_site.sample_globs(site))
    assert globs["archives"] == ["archiv/index.html"]
    assert globs["series"] == ["serie/*/index.html"]
    assert globs["article (en)"] == ["en/*/index.html"]


def _unused_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    lines = path.read_text("utf-8").splitlines()
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    exported = {
        e.value
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name) and t.id == "__all__"
        for e in getattr(n.value, "elts", [])
    }
    found = []
    for node in tree.body:
        if (
            not isinstance(node, (ast.Import, ast.ImportFrom))
            or getattr(node, "module", "") == "__future__"
        ):
            continue
        if "noqa" in lines[node.lineno - 1]:
            continue  # imported for its effect or to re-export, and says so
        for alias in node.names:
            name = (alias.asname or alias.name).split(".")[0]
            if name not in used and name not in exported:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    return found


def test_no_unused_imports_in_tools_and_plugins():
    files = sorted([*(REPO / "tools").glob("*.py"), *(REPO / "plugins").rglob("*.py")])
    assert [u for f in files for u in _unused_imports(f)] == []


def test_every_template_variable_is_read_somewhere():
    templates = {p: p.read_text("utf-8") for p in (REPO / "theme" / "templates").rglob("*.html")}
    everything = "\n".join(templates.values())
    unread = []
    for path, text in templates.items():
        # `_name`: set for a call's side effect (jsonld.html's `ld.update(…)`).
        for name in re.findall(r"{%-?\s*set\s+([a-zA-Z]\w*)\s*=", text):
            reads = len(re.findall(rf"\b{name}\b", everything)) - len(
                re.findall(rf"{{%-?\s*set\s+{name}\s*=", everything)
            )
            if reads == 0:
                unread.append(f"{path.relative_to(REPO)}: {name}")
    assert unread == []
