"""Validate every HTML file of a built site with the Nu HTML Checker (vnu).

Runs `node_modules/vnu-jar/build/dist/vnu.jar` (pinned in package.json) with
Java once over the whole folder, prints each error as `file:line: message`
(paths relative to the site folder) and exits non-zero when there is any.

    .venv/bin/python tools/check_html.py output
    .venv/bin/python tools/check_html.py output --warnings   # show warnings too

Importable: `check_html(Path("output"))` returns the list of problems.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class CheckerMissing(RuntimeError):
    """Java or vnu.jar is not installed; the message says how to get them."""


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the site folder
    line: int
    kind: str  # "error", "warning" or "info"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message}"


def _relative(url: str, root: Path) -> str:
    path = Path(unquote(urlparse(url).path))
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def check_html(root: Path, warnings: bool = False) -> list[Problem]:
    """All errors (and warnings, if asked) of the HTML files under `root`."""
    root = Path(root).resolve()
    java = shutil.which("java")
    if java is None:
        raise CheckerMissing(
            "java not found: install a Java runtime (apt-get install default-jre-headless)"
        )
    if not VNU_JAR.is_file():
        raise CheckerMissing(
            f"{VNU_JAR.relative_to(REPO)} not found: run `npm ci` (or `make test`)"
        )
    cmd = [java, "-Xss1024k", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html"]
    if not warnings:
        cmd.append("--errors-only")
    proc = subprocess.run(cmd + [str(root)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(proc.stderr or "{}").get("messages", [])
    except json.JSONDecodeError:
        # Not JSON: Java or the checker itself failed; show what it said.
        raise CheckerMissing(
            f"vnu failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}"
        ) from None
    problems = []
    for msg in messages:
        kind = msg.get("type", "error")
        if kind == "info" and msg.get("subType") == "warning":
            kind = "warning"
        if kind == "non-document-error":
            kind = "error"
        if kind == "info" or (kind == "warning" and not warnings):
            continue
        problems.append(
            Problem(
                file=_relative(msg.get("url", ""), root),
                line=int(msg.get("lastLine", msg.get("firstLine", 0)) or 0),
                kind=kind,
                message=msg.get("message", "").strip(),
            )
        )
    return sorted(problems, key=lambda p: (p.file, p.line, p.message))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "site", nargs="?", default="output", type=Path, help="built site folder (default: output)"
    )
    parser.add_argument("--warnings", action="store_true", help="also print (and fail on) warnings")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(
            f"error: {args.site}/ does not exist; build the site first (make html)", file=sys.stderr
        )
        return 2
    try:
        problems = check_html(args.site, warnings=args.warnings)
    except CheckerMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pages = len(list(args.site.rglob("*.html")))
    for problem in problems:
        print(f"{args.site}/{problem}")
    print(f"Nu HTML Checker: {len(problems)} problem(s) in {pages} HTML file(s) under {args.site}/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
