"""Issue 19: nothing lost, nothing leaked.

Deploys into folders made for the test (the refusal of `/` and home folders is
tested on the path check, never by a real deploy there); publishes that are
interrupted by real signals, killed mid-swap, run twice at once, or hit a
full disk; the devserver's own folder; content that tries to reach outside.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sitebuild import REPO, SITEURL, digests

BUILD = REPO / "tools" / "build.py"
DEPLOY = REPO / "tools" / "deploy.py"
GOOD = "Title: Gut\nDate: 2026-01-01\nSlug: gut\nLang: de\nSummary: Ein guter Beitrag.\n\nEin guter Beitrag.\n"
ZWEI = "Title: Zwei\nDate: 2026-01-02\nSlug: zwei\nLang: de\nSummary: Noch einer.\n\nNoch ein Beitrag.\n"


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leftovers(site) -> list[str]:
    return sorted(
        p.name for p in site.root.iterdir() if p.name.startswith((".output.new-", ".output.old-"))
    )


def published(site):
    site.write("articles/gut.md", GOOD)
    build = site.build()
    assert build.returncode == 0, build.stderr
    return digests(build.output)


def build_cmd(*extra: str) -> list[str]:
    return [
        sys.executable,
        str(BUILD),
        "--settings",
        "publishconf.py",
        "--output",
        "output",
        "--strict",
        "--set",
        "STRICT_CONTENT={'require_summary': False}",
        *extra,
    ]


def build_env(**extra) -> dict:
    return {**os.environ, "SITEURL": SITEURL, **extra}


# --- 1. deploy: the target is checked before anything runs -------------------------

deploy = load_tool("deploy")


@pytest.mark.parametrize(
    "target, says",
    [
        ("", "not set"),
        ("   ", "not set"),
        (" /srv/blog", "space"),
        ("--list-only", "option"),
        ("-e", "option"),
        ("/", "root"),
        ("/srv", "root"),
        ("user@host:", "home"),
        ("host:~", "home"),
        ("host:~/", "home"),
        ("host:.", "home"),
        ("host:/", "root"),
        ("host:/var", "root"),
        ("host:/home/anna", "home"),
        ("host:/root/", "home"),
        ("host:/var/www/../../etc", ".."),
        ("rsync://host/", "home"),
        ("host::", "home"),
    ],
)
def test_deploy_refuses_dangerous_targets(target, says, tmp_path):
    with pytest.raises(deploy.Refused, match=says):
        deploy.check_target(target, tmp_path / "project")


def test_deploy_refuses_home_folders_and_the_project_with_its_parents_and_insides(tmp_path):
    project = tmp_path / "project"
    (project / "output").mkdir(parents=True)
    for target in (Path.home(), project, project / "output", project / "neu", tmp_path):
        with pytest.raises(deploy.Refused):
            deploy.check_target(str(target), project)
    with pytest.raises(deploy.Refused, match="project folder"):
        deploy.check_target(str(project / "output"), project)


@pytest.mark.parametrize(
    "target", ["user@host:/var/www/blog", "host:/srv/blog/", "host:www/blog", "host:~/www"]
)
def test_deploy_accepts_ordinary_targets(target, tmp_path):
    assert deploy.check_target(target, tmp_path / "project") == target


def test_deploy_into_the_project_folder_is_refused_before_anything_runs(site):
    """DEPLOY_TARGET=. once deleted the whole project: now nothing runs."""
    site.write("articles/gut.md", GOOD)
    before = digests(site.root / "content")
    for target in (".", "--list-only", "content"):
        proc = subprocess.run(
            [sys.executable, str(DEPLOY)],
            cwd=site.root,
            capture_output=True,
            text=True,
            env=build_env(DEPLOY_TARGET=target),
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith("deploy refused:") and "Traceback" not in proc.stderr
        assert not (site.root / "output").exists()  # not even built
    assert digests(site.root / "content") == before


def run_deploy(site, target: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(DEPLOY)],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=build_env(DEPLOY_TARGET=str(target), **env),
        timeout=300,
    )


@pytest.mark.needs("rsync")
def test_first_deploy_into_a_foreign_folder_needs_confirmation(site, tmp_path):
    site.write("articles/gut.md", GOOD)
    target = tmp_path / "webroot"
    target.mkdir()
    (target / "wichtig.txt").write_text("nicht von dieser Site", "utf-8")

    refused = run_deploy(site, target)
    assert refused.returncode == 2
    assert "DEPLOY_INIT=1" in refused.stderr and "DRY_RUN=1" in refused.stderr
    assert sorted(p.name for p in target.iterdir()) == ["wichtig.txt"]

    dry = run_deploy(site, target, DRY_RUN="1")
    assert dry.returncode == 0, dry.stderr
    assert "*deleting   wichtig.txt" in dry.stdout and "dry run: nothing was changed" in dry.stdout
    assert "a real deploy would be refused" in dry.stdout
    assert sorted(p.name for p in target.iterdir()) == ["wichtig.txt"]

    confirmed = run_deploy(site, target, DEPLOY_INIT="1")
    assert confirmed.returncode == 0, confirmed.stderr
    assert (target / "gut" / "index.html").is_file() and (target / deploy.MARKER).is_file()
    assert not (target / "wichtig.txt").exists()
    assert oct((target / "gut" / "index.html").stat().st_mode & 0o777) == "0o644"


@pytest.mark.needs("rsync")
def test_deploy_mirrors_only_where_its_marker_is_and_never_too_much_at_once(site, tmp_path):
    site.write("articles/gut.md", GOOD)
    site.write("articles/zwei.md", ZWEI)
    target = tmp_path / "webroot"
    first = run_deploy(site, target)  # a new folder: nothing to confirm
    assert first.returncode == 0, first.stderr
    assert (target / "zwei" / "index.html").is_file()

    (site.root / "content/articles/zwei.md").unlink()
    second = run_deploy(site, target)
    assert second.returncode == 0, second.stderr
    assert not (target / "zwei").exists() and (target / "gut" / "index.html").is_file()

    # Someone else's files in the site's folder: far more than a quarter would go.
    for i in range(300):
        (target / f"fremd-{i}.html").write_text("x", "utf-8")
    refused = run_deploy(site, target)
    assert refused.returncode == 2 and "DEPLOY_FORCE=1" in refused.stderr
    assert len(list(target.glob("fremd-*.html"))) == 300
    forced = run_deploy(site, target, DEPLOY_FORCE="1")
    assert forced.returncode == 0, forced.stderr
    assert not list(target.glob("fremd-*.html"))


output_folder = load_tool("output_folder")


@pytest.mark.parametrize("output", ["/", "/srv", str(Path.home())])
def test_the_root_and_home_are_never_output_folders(output, tmp_path):
    """Checked on the path only: no build ever runs against these."""
    assert output_folder.unsafe_output(Path(output), tmp_path / "project")


@pytest.mark.parametrize("output", [".", "..", "content", "content/articles"])
def test_publish_refuses_an_output_folder_it_would_replace_wrongly(site, output):
    """A publish renames the old output aside and later reuses and sweeps it:
    never the project, a folder above it or content/ (all in the test's temp folder)."""
    site.write("articles/gut.md", GOOD)
    before = digests(site.root / "content")
    proc = subprocess.run(
        build_cmd("--output", output),
        cwd=site.root,
        capture_output=True,
        text=True,
        env=build_env(),
    )
    assert proc.returncode == 2 and "a build replaces that folder" in proc.stderr, proc.stderr
    assert digests(site.root / "content") == before and leftovers(site) == []


# --- 2. a full disk never swaps in a broken site -----------------------------------

FAKE_PAGEFIND = """
import os, sys
site = sys.argv[sys.argv.index("--site") + 1]
os.makedirs(os.path.join(site, "pagefind", "fragment"), exist_ok=True)
for name in ("pagefind-ui.js", "pagefind-entry.json", "fragment/de_1.pf_fragment"):
    open(os.path.join(site, "pagefind", name), "wb").close()  # what Pagefind leaves on ENOSPC
{extra}
sys.exit(0)
"""


def fake_pagefind(tmp_path: Path, extra: str = "") -> dict:
    """A `python -m pagefind` that behaves as Pagefind 1.5.2 does on a full disk."""
    package = tmp_path / "fake" / "pagefind"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "__main__.py").write_text(
        FAKE_PAGEFIND.format(extra=textwrap.dedent(extra)), "utf-8"
    )
    return {"PYTHONPATH": str(tmp_path / "fake")}


def test_empty_search_files_fail_the_publish_and_keep_the_old_site(site, tmp_path):
    before = published(site)
    site.write("articles/zwei.md", ZWEI)
    build = site.build(env=fake_pagefind(tmp_path))
    assert build.returncode == 1
    assert "pagefind-ui.js is empty" in build.stderr and "disk full" in build.stderr
    assert "Traceback" not in build.stderr
    assert digests(site.root / "output") == before and leftovers(site) == []


def mount_tmpfs(folder: Path, size: str, readonly: bool = False) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if readonly else "")
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )


@pytest.mark.needs("tmpfs")
def test_a_real_full_disk_fails_the_publish_and_keeps_the_old_site(site, tmp_path):
    before = published(site)
    used = sum(p.stat().st_size for p in (site.root / "output").rglob("*") if p.is_file())
    disk = tmp_path / "disk"
    assert mount_tmpfs(disk, f"{int(used * 1.4) // 1024}k"), "mount failed"
    try:
        shutil.copytree(site.root / "output", disk / "output")
        for i in range(40):  # a new site larger than the space left
            site.write(
                f"articles/n{i}.md", ZWEI.replace("zwei", f"n{i}").replace("Zwei", f"Neu {i}")
            )
        proc = subprocess.run(
            build_cmd("--output", str(disk / "output")),
            cwd=site.root,
            capture_output=True,
            text=True,
            env=build_env(),
            timeout=300,
        )
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "disk is full" in proc.stderr or "disk full" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
        assert digests(disk / "output") == before
        assert sorted(p.name for p in disk.iterdir()) == [".output.lock", "output"]
    finally:
        subprocess.run(["umount", str(disk)])


# --- 3. the devserver never writes into output/ -------------------------------------


def test_devserver_refuses_to_write_into_output(site):
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "devserver.py"), "--output", "output"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "never writes into output/" in proc.stderr
    assert not (site.root / "output").exists()


@pytest.mark.parametrize("target", ["content", "content/articles", ".", ".."])
def test_devserver_refuses_an_output_folder_it_would_damage(site, target):
    site.write("articles/a.md", "Title: A\nDate: 2026-01-01\nLang: de\n\nText.\n")
    before = digests(site.root / "content")
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "devserver.py"), "--output", target],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"--output {target}:" in proc.stderr and "leave out --output" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert digests(site.root / "content") == before
    assert not (site.root / "content" / "index.html").exists()


def clean_project(tmp_path: Path) -> Path:
    """A project folder with the Makefile, tools/, content/ and a built output/."""
    project = tmp_path / "blog"
    (project / "content").mkdir(parents=True)
    (project / "content" / "post.md").write_text("Title: A\n\nText.\n", "utf-8")
    (project / "output").mkdir()
    (project / "output" / "index.html").write_text("<p>site</p>", "utf-8")
    shutil.copy(REPO / "Makefile", project / "Makefile")
    os.symlink(REPO / "tools", project / "tools")
    (tmp_path / "beside.txt").write_text("keep", "utf-8")
    return project


def make_clean(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "clean", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("target", ["..", ".", "content", "content/.."])
def test_make_clean_refuses_an_output_it_must_not_remove(tmp_path, target):
    project = clean_project(tmp_path)
    before = digests(tmp_path)
    proc = make_clean(project, f"OUTPUT={target}")
    assert proc.returncode != 0, proc.stdout
    assert f"OUTPUT={target}:" in proc.stderr and "nothing was removed" in proc.stderr
    assert digests(tmp_path) == before


def test_make_clean_removes_the_output_folder(tmp_path):
    project = clean_project(tmp_path)
    proc = make_clean(project)
    assert proc.returncode == 0, proc.stderr
    assert not (project / "output").exists()
    assert (project / "content" / "post.md").is_file()
    assert (tmp_path / "beside.txt").read_text("utf-8") == "keep"


@pytest.mark.slow
def test_devserver_builds_into_its_own_folder_and_output_stays_as_published(site):
    before = published(site)
    site.write(
        "articles/entwurf.md",
        "Title: Entwurf\nDate: 2026-01-02\nSlug: entwurf\nStatus: draft\n\nText\n",
    )
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tools" / "devserver.py"), "--port", "0"],
        cwd=site.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        draft = site.root / ".devserver" / "entwurf" / "entwurf" / "index.html"
        deadline = time.monotonic() + 90
        while not draft.is_file() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert draft.is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert digests(site.root / "output") == before


# --- 4. content cannot reach outside content/ -----------------------------------------


def test_symlinks_out_of_content_stop_the_build_and_publish_nothing(site, tmp_path):
    before = published(site)
    secret = tmp_path / "geheim"
    secret.mkdir()
    (secret / "passwort.txt").write_text("geheim", "utf-8")
    os.symlink("/etc/passwd", site.root / "content/extra/passwd")
    os.symlink(secret, site.root / "content/extra/ordner")
    for strict in (True, False):
        build = site.build(strict=strict, output="output" if strict else "dev")
        assert build.returncode == 1
        assert "content/extra/passwd: a link to /etc/passwd, outside content/" in build.stderr
        assert "content/extra/ordner: a link to" in build.stderr
    assert digests(site.root / "output") == before
    assert not (site.root / "dev" / "extra").exists()


def test_symlinks_inside_content_are_fine(site):
    site.write("articles/gut.md", GOOD)
    os.symlink("../articles/gut.md", site.root / "content/extra/gut.txt")
    build = site.build()
    assert build.returncode == 0, build.stderr


# --- 5. only links a reader can trust -----------------------------------------------


def test_javascript_links_are_dropped_to_text_and_named(site):
    site.write(
        "articles/js.md",
        GOOD.replace(
            "Summary: Ein guter Beitrag.",
            "Summary: [Klick](javascript:alert(1)) und [gut](https://example.org/)",
        )
        + '\n[Tab](java&#x09;script:alert(2)) <a href="JaVaScRiPt:alert(3)">roh</a> [Mail](mailto:a@b.de)\n',
    )
    strict = site.build()
    assert strict.returncode == 1
    assert strict.stderr.count("content/articles/js.md: the link to") == 3, strict.stderr
    lenient = site.build(strict=False, settings="publishconf.py", output="dev")
    everything = "".join(
        p.read_text("utf-8", errors="replace").lower()
        for p in lenient.output.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml")
    )
    assert "javascript:" not in everything and "java\tscript" not in everything
    page = lenient.html("gut/index.html")
    assert ">Klick<" not in page and "Klick" in page and 'href="mailto:a@b.de"' in page
    assert 'href="https://example.org/"' in page


def test_url_must_be_a_path_of_the_site(site):
    site.write("articles/gut.md", GOOD.replace("Slug: gut", "Slug: gut\nURL: javascript:alert(1)"))
    build = site.build()
    assert build.returncode == 1
    assert (
        "content/articles/gut.md: 'URL: javascript:alert(1)' must be a path of this site"
        in build.stderr
    )
    lenient = site.build(strict=False, output="dev")
    feeds = "".join(p.read_text("utf-8") for p in lenient.output.rglob("*.xml"))
    assert "javascript" not in feeds and "javascript" not in lenient.html("index.html")


# --- 6. and 7. interruptions, concurrency, leftovers ------------------------------------


def test_a_kill_between_the_renames_of_the_swap_loses_nothing(site):
    before = published(site)
    site.write("articles/zwei.md", ZWEI)
    killed = subprocess.run(
        build_cmd(),
        cwd=site.root,
        capture_output=True,
        text=True,
        env=build_env(BUILD_TEST_HOOK="kill-mid-swap"),
    )
    assert killed.returncode == -signal.SIGKILL
    # Killed mid-swap indeed: the old site aside, the new one not yet in place.
    assert not (site.root / "output").exists()
    assert [name.split("-")[0] for name in leftovers(site)] == [".output.new", ".output.old"]
    # The next publish puts the old site back first; this one fails, so it stays.
    site.write("articles/kaputt.md", "Title: Kaputt\nDate: gestern\n\nText\n")
    failed = site.build()
    assert failed.returncode == 1 and "put back" in failed.stderr
    assert digests(site.root / "output") == before and leftovers(site) == []


def test_the_swap_replaces_the_site_in_one_step_and_leaves_nothing(site):
    published(site)
    site.write("articles/zwei.md", ZWEI)
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert (build.output / "zwei" / "index.html").is_file() and leftovers(site) == []


def test_stale_leftovers_of_earlier_runs_are_removed(site):
    """In a container Python always gets the same PID: a stale `.output.old-3`
    must not break the next publish."""
    before = published(site)
    for name in (".output.old-3", ".output.new-abc123"):
        (site.root / name / "sub").mkdir(parents=True)
        (site.root / name / "sub" / "page.html").write_text("alt", "utf-8")
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert (
        leftovers(site) == []
        and digests(build.output)["gut/index.html"] == before["gut/index.html"]
    )


def test_two_publishes_at_once_never_clash(site):
    published(site)
    site.write("articles/zwei.md", ZWEI)
    first = subprocess.Popen(
        build_cmd(),
        cwd=site.root,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(BUILD_TEST_HOOK="pause-at-swap"),
    )
    assert "paused at swap" in first.stderr.readline()
    second = subprocess.run(
        build_cmd(), cwd=site.root, capture_output=True, text=True, env=build_env()
    )
    assert second.returncode == 1
    assert "in use by another build" in second.stderr and "Traceback" not in second.stderr
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=30)
    after = subprocess.run(
        build_cmd(), cwd=site.root, capture_output=True, text=True, env=build_env()
    )
    assert after.returncode == 0, after.stderr
    assert (site.root / "output" / "zwei" / "index.html").is_file() and leftovers(site) == []


@pytest.mark.parametrize(
    "stage, signum, code",
    [
        ("pelican", signal.SIGINT, 130),
        ("pelican", signal.SIGTERM, 143),
        ("swap", signal.SIGINT, 130),
        ("swap", signal.SIGTERM, 143),
    ],
)
def test_signals_at_every_stage_keep_the_old_site_and_leave_nothing(site, stage, signum, code):
    before = published(site)
    site.write("articles/zwei.md", ZWEI)
    proc = subprocess.Popen(
        build_cmd(),
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(BUILD_TEST_HOOK=f"pause-at-{stage}"),
    )
    assert f"paused at {stage}" in proc.stderr.readline()
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "build interrupted" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert digests(site.root / "output") == before and leftovers(site) == []


def test_sigterm_while_indexing_ends_pagefind_too(site, tmp_path):
    before = published(site)
    pid_file = tmp_path / "pagefind.pid"
    env = fake_pagefind(
        tmp_path,
        f"""
        open({str(pid_file)!r}, "w").write(str(os.getpid()))
        import time; time.sleep(120)
    """,
    )
    proc = subprocess.Popen(
        build_cmd(),
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(**env),
    )
    deadline = time.monotonic() + 60
    while not pid_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.2)
    pagefind = int(pid_file.read_text())
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "build interrupted" in err
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(pagefind, 0)
    assert digests(site.root / "output") == before and leftovers(site) == []


# --- publishing back to back: the replaced site is reused, the result the same ------


def normalised(folder: Path) -> dict[str, str]:
    """The folder's files, with the one field that depends on the clock (the
    <updated> of a feed without entries) blanked."""
    import re

    files = digests(folder)
    for name in files:
        if name.endswith(".xml"):
            text = re.sub(
                r"<updated>[^<]*</updated>", "<updated/>", (folder / name).read_text("utf-8")
            )
            files[name] = hashlib.sha256(text.encode()).hexdigest()
    return files


def test_a_publish_into_the_kept_site_equals_a_clean_build(site, tmp_path):
    site.write("articles/gut.md", GOOD)
    site.write("articles/zwei.md", ZWEI)
    site.write("articles/alt.md", ZWEI.replace("zwei", "alt").replace("Zwei", "Alt"))
    assert site.build().returncode == 0
    site.write(
        "articles/zwei.md", ZWEI.replace("Noch ein Beitrag.", "Noch ein geänderter Beitrag.")
    )
    assert site.build().returncode == 0
    spare = site.root / ".output.spare"
    assert (spare / "alt" / "index.html").is_file()  # the first site, kept
    (site.root / "content/articles/alt.md").unlink()
    site.write("articles/neu.md", ZWEI.replace("zwei", "neu").replace("Zwei", "Neu"))
    reused = site.build()
    assert reused.returncode == 0, reused.stderr
    assert (spare / "zwei" / "index.html").is_file()  # the second site is the spare now
    clean = site.build(output="clean")
    assert clean.returncode == 0, clean.stderr
    assert normalised(reused.output) == normalised(clean.output)
    assert not (reused.output / "alt").exists() and leftovers(site) == []


def fragment_of(folder: Path, url: str) -> Path:
    """The search index file of the page at `url`."""
    found = [
        p
        for p in (folder / "pagefind" / "fragment").iterdir()
        if f'"url":"{url}"'.encode() in gzip.decompress(p.read_bytes())
    ]
    assert len(found) == 1, found
    return found[0]


def test_a_publish_into_a_new_folder_links_the_live_search_files_and_leaves_them_be(site):
    site.write("articles/gut.md", GOOD)
    site.write("articles/zwei.md", ZWEI)
    site.write("articles/alt.md", ZWEI.replace("zwei", "alt").replace("Zwei", "Alt"))
    first = site.build()
    assert first.returncode == 0, first.stderr
    live = digests(first.output)
    site.write(
        "articles/zwei.md", ZWEI.replace("Noch ein Beitrag.", "Noch ein geänderter Beitrag.")
    )
    (site.root / "content/articles/alt.md").unlink()
    second = site.build()  # no kept site yet: a new folder
    assert second.returncode == 0, second.stderr
    spare = site.root / ".output.spare"
    # The unchanged page's index file was linked, not written again ...
    kept = fragment_of(second.output, "/gut/")
    assert kept.stat().st_ino == (spare / kept.relative_to(second.output)).stat().st_ino
    # ... and the site it came from, live during the publish, is unchanged.
    assert digests(spare) == live
    clean = site.build(output="clean")
    assert clean.returncode == 0, clean.stderr
    assert normalised(second.output) == normalised(clean.output)


@pytest.mark.parametrize(
    "where, damaged, damage",
    [
        ("live site", "meta", b"not a search index"),
        ("kept site", "meta", b"not a search index"),
        ("live site", "fragment", b""),  # as a crash can leave it
        ("kept site", "fragment", b"\x1f\x8b not gzip after all"),
    ],
)
def test_a_damaged_search_index_is_not_carried_over(site, where, damaged, damage):
    site.write("articles/gut.md", GOOD)
    site.write("articles/zwei.md", ZWEI)
    for _ in range(2 if where == "kept site" else 1):
        assert site.build().returncode == 0
    folder = site.root / ("output" if where == "live site" else ".output.spare")
    if damaged == "meta":
        files = list((folder / "pagefind").glob("pagefind.de_*.pf_meta"))
    else:
        files = [fragment_of(folder, "/gut/")]
    for file in files:
        file.unlink()  # not written to: in a kept site it may be a link to the live one
        file.write_bytes(damage)
    again = site.build()
    assert again.returncode == 0, again.stderr
    clean = site.build(output="clean")
    assert clean.returncode == 0, clean.stderr
    assert normalised(again.output) == normalised(clean.output)


def test_precompressed_copies_are_made_again_in_the_kept_site(site):
    import brotli

    for i in range(3):  # the third publish builds into the kept first site
        site.write("articles/gut.md", GOOD.replace("Ein guter", f"Ein {i}. guter"))
        build = site.build(env={"PRECOMPRESS": "1"})
        assert build.returncode == 0, build.stderr
    pages = [p for p in build.output.rglob("*.html") if "pagefind" not in p.parts]
    assert pages and (site.root / ".output.spare").is_dir()
    for page in pages:
        gz, br = page.with_name(page.name + ".gz"), page.with_name(page.name + ".br")
        assert gz.is_file() and br.is_file(), page
        assert gzip.decompress(gz.read_bytes()) == page.read_bytes(), gz
        assert brotli.decompress(br.read_bytes()) == page.read_bytes(), br
    script = build.output / "pagefind" / "pagefind-ui.js"
    assert (
        gzip.decompress(script.with_name("pagefind-ui.js.gz").read_bytes()) == script.read_bytes()
    )


# --- 8. clear messages, no tracebacks --------------------------------------------------


@pytest.mark.parametrize(
    "name, text, says",
    [
        (
            "nul.md",
            GOOD.replace("Ein guter Beitrag.\n", "Ein\x00guter Beitrag.\n"),
            "content/articles/nul.md: holds the invisible control character U+0000 in line 5",
        ),
        (
            "kategorie.md",
            GOOD.replace("Lang: de", "Lang: de\nCategory: .."),
            "content/articles/kategorie.md: 'Category: ..' gives no web address",
        ),
        (
            "schlagwort.md",
            GOOD.replace("Lang: de", "Lang: de\nTags: gut, 🎉"),
            "content/articles/schlagwort.md: 'Tags: 🎉' gives no web address",
        ),
        (
            "serie.md",
            GOOD.replace("Lang: de", "Lang: de\nSeries: 🎉\nSeries_index: 1"),
            "content/articles/serie.md: 'Series: 🎉' gives no web address",
        ),
        (
            "lang.md",
            GOOD.replace("Title: Gut", "Title: " + "Führungskräfteentwicklung " * 12).replace(
                "Slug: gut\n", ""
            ),
            "content/articles/lang.md: the Title gives a file name of",
        ),
        (
            "bild.md",
            GOOD + "\n![Ein Bild]({static}/images/fehlt.jpg)\n",
            "content/articles/bild.md: the link {static}/images/fehlt.jpg leads nowhere",
        ),
    ],
)
def test_bad_names_and_characters_are_named_without_a_traceback(site, name, text, says):
    before = published(site)
    site.write(f"articles/{name}", text.replace("Slug: gut", "Slug: " + name.removesuffix(".md")))
    build = site.build()
    assert build.returncode == 1
    assert says in build.stderr, build.stderr
    assert "Traceback" not in build.stderr and "the build stopped" not in build.stderr
    assert "Unable to generate" not in build.stderr and "modification stamp" not in build.stderr
    assert digests(site.root / "output") == before
    lenient = site.build(strict=False, output="dev")  # a development build goes on
    assert (
        "the build stopped" not in lenient.stderr
        and (lenient.output / "gut" / "index.html").is_file()
    )


@pytest.mark.needs("chattr")
def test_an_immutable_output_folder_is_named_and_the_old_site_stays_live(site):
    before = published(site)
    site.write("articles/zwei.md", ZWEI)
    output = site.root / "output"
    subprocess.run(["chattr", "+i", str(output)], check=True)
    try:
        build = site.build()
    finally:
        subprocess.run(["chattr", "-i", str(output)], check=True)
    assert build.returncode == 1
    assert "output/ cannot be replaced" in build.stderr and "immutable" in build.stderr
    assert "Traceback" not in build.stderr
    assert digests(output) == before and leftovers(site) == []


@pytest.mark.needs("chattr")
def test_a_kept_site_that_cannot_be_overwritten_is_reported_and_the_new_one_goes_live(site):
    published(site)
    site.write("articles/zwei.md", ZWEI)
    assert site.build().returncode == 0  # the first site is kept aside as the spare
    stuck = site.root / ".output.spare" / "gut" / "index.html"
    subprocess.run(["chattr", "+i", str(stuck)], check=True)
    try:
        site.write("articles/drei.md", ZWEI.replace("zwei", "drei").replace("Zwei", "Drei"))
        build = site.build()
        assert build.returncode == 0, build.stderr
        assert (site.root / "output" / "drei" / "index.html").is_file()
        [old] = leftovers(site)  # the spare could not be removed
        again = site.build()
        assert again.returncode == 0 and f"could not remove the leftover {old}/" in again.stderr
        assert "Traceback" not in build.stderr + again.stderr
    finally:
        for path in site.root.glob(".output.*/gut/index.html"):
            subprocess.run(["chattr", "-i", str(path)])


@pytest.mark.needs("tmpfs")
def test_a_read_only_folder_is_named_in_one_line(site, tmp_path):
    site.write("articles/gut.md", GOOD)
    readonly = tmp_path / "ro"
    assert mount_tmpfs(readonly, "1m", readonly=True)
    try:
        proc = subprocess.run(
            build_cmd("--output", str(readonly / "output")),
            cwd=site.root,
            capture_output=True,
            text=True,
            env=build_env(),
        )
    finally:
        subprocess.run(["umount", str(readonly)])
    assert proc.returncode == 1
    assert "read-only" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


# --- 9. metadata that leads nowhere ---------------------------------------------------------


@pytest.mark.parametrize(
    "lines, says",
    [
        (
            "URL: woanders/",
            "its links lead to 'woanders/' (URL: woanders/), but it is saved as 'gut/index.html'",
        ),
        ("URL: /gut/\nSave_as: gut/index.html", "'URL: /gut/' must be a path of this site"),
        (
            "Save_as: ../../etc/x.html",
            "it would be written to '../../etc/x.html', outside the site",
        ),
        ("Image: {static}/images/fehlt.jpg", "'Image: {static}/images/fehlt.jpg' leads nowhere"),
        ("Image: /etc/passwd", "'Image: /etc/passwd' leads nowhere"),
        ("Image: ../../../../etc/passwd", "leads nowhere"),
        ("Image: http://example.org/bild.jpg", "use its https:// address"),
    ],
)
def test_metadata_that_leads_nowhere_is_an_error(site, lines, says):
    site.write("articles/gut.md", GOOD.replace("Lang: de", "Lang: de\n" + lines))
    build = site.build()
    assert build.returncode == 1
    assert any(
        line.startswith("error: content/articles/gut.md: ") and says in line
        for line in build.stderr.splitlines()
    ), build.stderr


def test_agreeing_url_and_save_as_and_a_real_image_are_fine(site):
    site.write(
        "extra/bild.png",
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633c5111c0c0c0c0c4c0c0c0c0c0000013620194d203f2850000000049454e44ae426082"
        ),
    )  # a whole PNG: plugins/images reads it
    site.write(
        "articles/gut.md",
        GOOD.replace(
            "Lang: de",
            "Lang: de\nURL: mein-text/\nSave_as: mein-text/index.html\n"
            "Image: {static}/extra/bild.png\nImage_alt: Ein Bild",
        ),
    )
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert (build.output / "mein-text" / "index.html").is_file()


# --- 10. permissions a web server can read ------------------------------------------------


def test_published_folders_are_0755_and_files_0644_whatever_the_umask(site):
    site.write("articles/gut.md", GOOD)
    proc = subprocess.run(
        build_cmd(),
        cwd=site.root,
        capture_output=True,
        text=True,
        env=build_env(),
        preexec_fn=lambda: os.umask(0o077),
    )
    assert proc.returncode == 0, proc.stderr
    output = site.root / "output"
    modes = {oct(p.stat().st_mode & 0o777) for p in [output, *output.rglob("*")] if p.is_dir()}
    assert modes == {"0o755"}
    modes = {oct(p.stat().st_mode & 0o777) for p in output.rglob("*") if p.is_file()}
    assert modes == {"0o644"}


# --- 11. a time limit per file -------------------------------------------------------------


def test_pathologically_nested_markdown_stops_with_a_message(site):
    nested = "".join("  " * i + "- x\n" for i in range(3000))
    site.write("articles/gut.md", GOOD)
    site.write("articles/tief.md", "Title: Tief\nDate: 2026-01-03\n\n" + nested)
    started = time.monotonic()
    build = site.build(overrides={"MARKDOWN_TIME_LIMIT": 2})
    assert time.monotonic() - started < 60
    assert build.returncode == 1
    assert "content/articles/tief.md: its Markdown took longer than 2 s" in build.stderr
