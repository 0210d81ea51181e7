"""Build real sites for tests: the project's settings, theme and plugins over
fixture content, in a temporary folder, through tools/build.py as `make` runs it.

What several test files share lives here, once: the SITEURL builds publish
with, the seed article's pages, fixture posts (`article()`), built sites
(`Site`, `published()`), tree digests, the site's PLUGINS less one, and
running the project's scripts (`Site.run`) and Pelican sessions
(`run_python()`) in processes of their own. pyproject.toml's pytest
`pythonpath` makes this module, the plugins and the tools importable."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Every test build publishes with this SITEURL (publishconf.py reads it).
SITEURL = "https://blog.example.org"
SEED_ARTICLE = REPO / "content" / "articles" / "2026" / "menschen-die-dich-inspirieren.md"
# The seed article's pages in a build of the repo's content (seed_build).
SEED = "menschen-die-dich-inspirieren/index.html"
SEED_EN = "en/work-with-the-people-who-inspire-you/index.html"


def article(title, date, body="Text.", **meta) -> str:
    """A fixture post: Title and Date, then `Key: value` lines, then the body."""
    lines = [f"Title: {title}", f"Date: {date}"]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


def digests(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file below a folder with its SHA-256, by relative path; files
    below a top-level folder named in `skip` (e.g. Pagefind's) left out."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in skip
    }


def plugins_without(name: str) -> list[str]:
    """The site's PLUGINS (pelicanconf.py) less one: the same site without it."""
    from pelican.settings import read_settings

    plugins = read_settings(str(REPO / "pelicanconf.py"))["PLUGINS"]
    assert name in plugins, f"{name} is not enabled in pelicanconf.py"
    return [p for p in plugins if p != name]


def run_python(script: str, *args: str, cwd: Path, env: dict | None = None, timeout: int = 600):
    """Run a Python script (source text) in its own process, as `pelican
    --autoreload` or the devserver run, in `cwd` (a site folder). The
    project's tools/ are importable there (`import build`); its plugins are
    found as Pelican finds them, through the settings file's PLUGIN_PATHS."""
    env = {**os.environ, "SITEURL": SITEURL, **(env or {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "tools"), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def problems(self) -> list[str]:
        """The build's error and warning lines, as tools/build.py prints them."""
        return [
            line for line in self.stderr.splitlines() if line.startswith(("error:", "warning:"))
        ]

    def html(self, relpath: str) -> str:
        return (self.output / relpath).read_text(encoding="utf-8")

    def soup(self, relpath: str):
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.html(relpath), "html.parser")


class Site:
    """A site folder: symlinks to the repo's theme and plugins, copies of the
    settings, and content written by the test."""

    def __init__(self, root: Path, with_repo_content: bool = False):
        self.root = root
        # Fixture articles are minimal: the publish lint's "every article and
        # page needs a Summary" applies to the real content only, unless a
        # test sets this (tests/test_content_lint.py does).
        self.require_summary = with_repo_content
        root.mkdir(parents=True, exist_ok=True)
        for name in ("theme", "plugins"):
            os.symlink(REPO / name, root / name)
        for name in ("pelicanconf.py", "publishconf.py"):
            shutil.copy(REPO / name, root / name)
        if with_repo_content:
            shutil.copytree(REPO / "content", root / "content")
        else:
            for sub in ("articles", "pages", "extra"):
                (root / "content" / sub).mkdir(parents=True, exist_ok=True)

    def write(self, relpath: str, text: str | bytes) -> Path:
        path = self.root / "content" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def write_all(self, files: dict) -> None:
        for relpath, text in files.items():
            self.write(relpath, text)

    def add_seed(self) -> None:
        self.write("articles/2026/" + SEED_ARTICLE.name, SEED_ARTICLE.read_text("utf-8"))
        for page in (REPO / "content" / "pages").glob("*.md"):
            self.write("pages/" + page.name, page.read_text("utf-8"))

    def run(self, script: Path, *args: str, env: dict | None = None, timeout: int = 600):
        """Run one of the project's scripts (tools/…) in the site's folder, as
        `make` runs it there."""
        return subprocess.run(
            [sys.executable, str(script), *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, "SITEURL": SITEURL, **(env or {})},
            timeout=timeout,
        )

    def build(
        self,
        strict: bool = True,
        settings: str = "publishconf.py",
        output: str = "output",
        overrides: dict | None = None,
        env: dict | None = None,
    ) -> Build:
        cmd = [
            sys.executable,
            str(REPO / "tools" / "build.py"),
            "--settings",
            settings,
            "--output",
            output,
        ]
        if strict:
            cmd.append("--strict")
        overrides = dict(overrides or {})
        if not self.require_summary:
            overrides.setdefault("STRICT_CONTENT", {"require_summary": False})
        for key, value in overrides.items():
            cmd += ["--set", f"{key}={value!r}"]
        env = {**os.environ, "SITEURL": SITEURL, **(env or {})}
        proc = subprocess.run(
            cmd, cwd=self.root, capture_output=True, text=True, env=env, timeout=600
        )
        return Build(proc.returncode, proc.stdout, proc.stderr, self.root / output)


def published(root: Path, files: dict, seed: bool = False, **build_args) -> Build:
    """A site of these content files (with the seed article and pages if
    `seed`), built; the test stops here if the build failed."""
    site = Site(root)
    if seed:
        site.add_seed()
    site.write_all(files)
    build = site.build(**build_args)
    assert build.returncode == 0, build.stderr
    return build
