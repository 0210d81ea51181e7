"""The golden tree, as Pelican's own functional tests keep one: the fixture
site tests/golden/site/ published as `make publish` publishes (strict, the
project's settings, theme and plugins), and the files it must give, checked
in under tests/golden/expected/. tests/test_golden.py compares the two file
by file; `make snapshot` (this script) writes the expected tree anew after an
intended change, so the change shows up as a reviewable diff.

The build is made deterministic: a fixed SITEURL (tests/sitebuild.py), a
fixed clock (BUILD_NOW, plugins/build_clock) and no content cache. Compared
are the pages, feeds, sitemaps and robots.txt. Left out: the search index
(pagefind/, Pagefind's, not ours), theme/ (static files copied as they are),
share-card images (binary; the pages name them, with a hash of their
inputs), compressed copies (.gz/.br; PRECOMPRESS is off) and
.build-fingerprint (a hash of the whole project, so any edit changes it).

    make snapshot      # = PYTHONPATH=tests .venv/bin/python tests/golden/snapshot.py
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from sitebuild import Site

GOLDEN = Path(__file__).resolve().parent
SITE = GOLDEN / "site"
EXPECTED = GOLDEN / "expected"
BUILD_NOW = "2026-06-01 12:00"  # after every fixture post's date
COMPARED = {".html", ".xml", ".txt"}
NOT_OURS = {"pagefind", "theme"}


def build(folder: Path) -> Path:
    """Publish the fixture site in `folder`; the output folder."""
    site = Site(folder / "site")
    shutil.rmtree(site.root / "content")
    shutil.copytree(SITE / "content", site.root / "content")
    built = site.build(overrides={"BUILD_NOW": BUILD_NOW})
    if built.returncode != 0:
        raise RuntimeError(f"the golden site did not build:\n{built.stderr}")
    return built.output


def compared_files(root: Path) -> dict[str, str]:
    """The files of a tree that the golden test compares, by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_text("utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.suffix in COMPARED
        and path.relative_to(root).parts[0] not in NOT_OURS
    }


def differences(expected: dict[str, str], actual: dict[str, str], shown: int = 3) -> str:
    """A readable report of how two trees differ; empty if they do not:
    the missing and the extra files, and unified diffs of the first `shown`
    differing files (each cut at 60 lines)."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(name for name in set(expected) & set(actual) if expected[name] != actual[name])
    report = []
    if missing:
        report.append("missing (expected, not built):\n  " + "\n  ".join(missing))
    if extra:
        report.append("extra (built, not expected):\n  " + "\n  ".join(extra))
    if changed:
        report.append(f"{len(changed)} file(s) differ: " + ", ".join(changed))
    for name in changed[:shown]:
        diff = list(
            difflib.unified_diff(
                expected[name].splitlines(keepends=True),
                actual[name].splitlines(keepends=True),
                f"expected/{name}",
                f"built/{name}",
            )
        )
        cut = diff[:60] + ([f"... ({len(diff) - 60} more diff lines)\n"] if len(diff) > 60 else [])
        report.append("".join(line if line.endswith("\n") else line + "\n" for line in cut))
    return "\n\n".join(report)


def main() -> int:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        files = compared_files(build(Path(first)))
        # Built twice: an expected tree must not hold anything that changes by itself.
        again = compared_files(build(Path(second)))
        if report := differences(files, again):
            print("error: two builds of the golden site differ:\n\n" + report, file=sys.stderr)
            return 1
    before = compared_files(EXPECTED) if EXPECTED.is_dir() else {}
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for name, text in files.items():
        path = EXPECTED / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    added = len(set(files) - set(before))
    removed = len(set(before) - set(files))
    changed = sum(1 for name in set(files) & set(before) if files[name] != before[name])
    print(
        f"tests/golden/expected/: {len(files)} files ({added} new, {removed} gone, "
        f"{changed} changed); review with `git diff --stat tests/golden/expected`"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
