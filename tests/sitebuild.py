"""Build real sites for tests: the project's settings, theme and plugins over
fixture content, in a temporary folder, through tools/build.py as `make` runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO / "content" / "articles" / "2026" / "menschen-die-dich-inspirieren.md"


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

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

    def add_seed(self) -> None:
        self.write("articles/2026/" + SEED_ARTICLE.name, SEED_ARTICLE.read_text("utf-8"))
        for page in (REPO / "content" / "pages").glob("*.md"):
            self.write("pages/" + page.name, page.read_text("utf-8"))

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
        env = {**os.environ, "SITEURL": "https://blog.example.org", **(env or {})}
        proc = subprocess.run(
            cmd, cwd=self.root, capture_output=True, text=True, env=env, timeout=600
        )
        return Build(proc.returncode, proc.stdout, proc.stderr, self.root / output)
