"""Run the pinned Pelican's and Python-Markdown's own test suites with our code active.

    make upstream-tests            (or: .venv/bin/python tools/upstream_tests.py)

For each pinned library (pyproject.toml: pelican, markdown):

1. download its sdist from the package index once
   (`pip download --no-binary :all: --no-deps`, into cache/upstream/) and
   unpack it; the sdists carry the full test suites, the wheels of
   Python-Markdown do not;
2. check that the sdist's package is the code the site runs: every file the
   installed distribution lists in its RECORD must have the same SHA-256 in
   the sdist (the suites import the library from the unpacked sdist, so
   they must test the very same code);
3. run the suite in the sdist's folder in a child process that loads
   tools/upstream_harness.py first: Pelican's with pytest
   (`-p upstream_harness`), Markdown's with unittest discovery, as their
   projects do. What of ours is active, and why, is in that module's
   docstring.

Prints one summary line per suite and exits non-zero if a suite had a
failure or an error, ran no test, or never switched on one of the plugins
and extensions it should have.

Pelican's suite, the larger one, runs on pytest-xdist workers; the first run
also downloads the sdists. Tests that need what the machine lacks skip, as
upstream's own do:
pandoc (Pelican's importer; Debian 12's pandoc 2.17 makes its
test_code_in_list fail with or without our code, so CI installs none) and
the French and Turkish locales.

Options: --only pelican|markdown, --cache DIR, -n N (pytest-xdist workers
for Pelican's suite; 0: none), -k EXPR (only matching tests), and for the
harness's own tests (tests/test_upstream_harness.py) --markdown-extensions
and --pelican-plugins, which replace the harness's choice.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
sys.path.insert(0, str(TOOLS))
import upstream_harness  # noqa: E402


@dataclass
class Suite:
    name: str  # distribution name on the index
    label: str
    package: str  # the import package inside the sdist

    def command(self, workers: int, select: str | None) -> list[str]:
        if self.name == "markdown":
            return [
                sys.executable,
                "-c",
                "import sys, upstream_harness; sys.exit(upstream_harness.run_markdown_suite())",
            ]
        # Pelican's own pytest settings (tox.ini of its repository, which the
        # sdist leaves out): a warning raised in Pelican's code is an error.
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "upstream_harness",
            "-p",
            "no:cacheprovider",
            "-q",
            "-r",
            "a",
            "-o",
            "filterwarnings=default::DeprecationWarning\nerror:.*:Warning:pelican",
            "pelican/tests",
        ]
        return cmd + (["-n", str(workers)] if workers else []) + (["-k", select] if select else [])


SUITES = [Suite("pelican", "Pelican", "pelican"), Suite("markdown", "Python-Markdown", "markdown")]


def pinned_versions() -> dict[str, str]:
    """{name: version} of the `name==version` pins in pyproject.toml."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        deps = tomllib.load(f)["project"]["dependencies"]
    pins = {}
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^;\s]+)", dep.strip())
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def fetch(suite: Suite, version: str, cache: Path) -> Path:
    """The unpacked sdist of suite==version, downloaded on first use.

    Several processes may ask at once (the harness's tests run in parallel):
    each works in a folder of its own and moves the result into place with
    one rename; whoever comes second uses the first one's.
    """
    folder = cache / f"{suite.name}-{version}"
    if (folder / ".unpacked").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / f"{suite.name}-{version}.tar.gz"
    with tempfile.TemporaryDirectory(dir=cache, prefix=".fetch-") as tmp:
        if not archive.exists():
            print(f"downloading the sdist of {suite.name}=={version} ...", flush=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-binary",
                    ":all:",
                    "--no-deps",
                    "--dest",
                    tmp,
                    f"{suite.name}=={version}",
                ],
                check=True,
            )
            got = [p for p in Path(tmp).iterdir() if p.name.endswith(".tar.gz")]
            if len(got) != 1:
                raise SystemExit(
                    f"error: pip download of {suite.name}=={version} gave {got}, not one .tar.gz"
                )
            got[0].replace(archive)
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")
        (top,) = unpacked.iterdir()
        (top / ".unpacked").touch()
        if not (folder / ".unpacked").exists():
            shutil.rmtree(folder, ignore_errors=True)  # an unpacking cut short
            try:
                top.rename(folder)
            except OSError:
                if not (folder / ".unpacked").exists():
                    raise
    return folder


def differences(suite: Suite, version: str, sdist: Path) -> list[str]:
    """Files of the installed distribution that differ from the sdist's."""
    dist = metadata.distribution(suite.name)
    if dist.version != version:
        return [
            f"installed {suite.name} is {dist.version}, pyproject.toml pins {version}: run make venv"
        ]
    found = []
    for entry in dist.files or ():
        if (
            not entry.hash
            or entry.hash.mode != "sha256"
            or not entry.parts
            or entry.parts[0] != suite.package
        ):
            continue
        path = sdist.joinpath(*entry.parts)
        if not path.exists():
            found.append(f"{entry} is installed but not in the sdist")
            continue
        digest = (
            base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest())
            .rstrip(b"=")
            .decode()
        )
        if digest != entry.hash.value:
            found.append(f"{entry} differs between the installed package and the sdist")
    return found


def run(
    suite: Suite, sdist: Path, workers: int, select: str | None, markdown_on: list, pelican_on: list
) -> dict:
    """Run one suite; its counts, the evidence that ours was on, time, exit code."""
    with tempfile.TemporaryDirectory() as evidence:
        env = {
            **os.environ,
            "UPSTREAM_EVIDENCE_DIR": evidence,
            "UPSTREAM_MARKDOWN_EXTENSIONS": ",".join(markdown_on),
            "UPSTREAM_PELICAN_PLUGINS": ",".join(pelican_on),
            "UPSTREAM_SELECT": select or "",
            "PYTHONPATH": os.pathsep.join(
                [str(TOOLS), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }
        env.pop("PYTHONSAFEPATH", None)  # the sdist's folder must come first on sys.path
        print(
            f"=== {suite.label}: {' '.join(suite.command(workers, select)[1:])}   (in {sdist})",
            flush=True,
        )
        start = time.monotonic()
        code = subprocess.run(suite.command(workers, select), cwd=sdist, env=env).returncode
        seconds = time.monotonic() - start
        results, active = {}, {}
        for path in Path(evidence).glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            results.update(data["results"])
            for key, n in data["active"].items():
                active[key] = active.get(key, 0) + n
    return {"code": code, "seconds": seconds, "results": results, "active": active}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=[s.name for s in SUITES])
    parser.add_argument("--cache", type=Path, default=ROOT / "cache" / "upstream")
    parser.add_argument(
        "--markdown-extensions",
        metavar="A,B",
        help="the Markdown extensions to switch on instead of the harness's choice",
    )
    parser.add_argument(
        "--pelican-plugins",
        metavar="A,B",
        help="the Pelican plugins to switch on instead of the harness's choice",
    )
    parser.add_argument(
        "-k", metavar="EXPR", help="only the tests whose names match (pytest/unittest -k)"
    )
    parser.add_argument("-n", type=int, default=2, help="pytest-xdist workers for Pelican's suite")
    args = parser.parse_args(argv)

    markdown_on, pelican_on, missing = upstream_harness.plan()
    if args.markdown_extensions is not None:
        markdown_on = [e for e in args.markdown_extensions.split(",") if e]
    if args.pelican_plugins is not None:
        pelican_on = [p for p in args.pelican_plugins.split(",") if p]
    if missing:
        print(
            "error: tools/upstream_harness.py does not say whether these are active in upstream's "
            "suites: " + ", ".join(missing) + "; add each to its table, with the reason",
            file=sys.stderr,
        )
        return 2
    pins = pinned_versions()
    lines, failed = [], False
    for suite in SUITES:
        if args.only and suite.name != args.only:
            continue
        version = pins[suite.name]
        sdist = fetch(suite, version, args.cache)
        wrong = differences(suite, version, sdist)
        if wrong:
            print(
                f"error: the {suite.name} sdist is not the code the site runs:\n  "
                + "\n  ".join(wrong),
                file=sys.stderr,
            )
            return 2
        outcome = run(suite, sdist, args.n, args.k, markdown_on, pelican_on)
        r, active = outcome["results"], outcome["active"]
        on = ", ".join(f"{k.split(':', 1)[1]} ×{n}" for k, n in sorted(active.items())) or "nothing"
        problems = []
        if outcome["code"]:
            problems.append(f"exit code {outcome['code']}")
        if not r.get("run"):
            problems.append("no test ran")
        expected = [f"markdown:{e}" for e in markdown_on]
        if suite.name == "pelican":
            expected += [f"pelican:{p}" for p in pelican_on]
        never = [key.split(":", 1)[1] for key in expected if not active.get(key)]
        if never:
            problems.append("never switched on: " + ", ".join(never))
        failed |= bool(problems)
        lines.append(
            f"{suite.label} {version}: {r.get('run', 0)} tests, {r.get('failed', 0)} failed, "
            f"{r.get('errors', 0)} errors, {r.get('skipped', 0)} skipped, {outcome['seconds']:.0f} s; "
            f"active: {on}" + (f"  -> FAILED ({'; '.join(problems)})" if problems else "")
        )
    print("\n=== upstream test suites with our code active (tools/upstream_harness.py)")
    for line in lines:
        print("  " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
