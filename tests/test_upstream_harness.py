"""`make upstream-tests` cannot pass vacuously: it really switches our code on.

tools/upstream_tests.py runs the pinned Pelican's and Python-Markdown's own
suites with some of our plugins and Markdown extensions active. A harness
that silently activated nothing would pass for ever, so:

- with german_typography (whose point is to change Markdown's output) added,
  Python-Markdown's suite must fail, and the summary must name it as active;
- Pelican's end-to-end test runs with every plugin the harness switches on
  loaded (the summary counts the runs per plugin); with german_typography
  added it must fail;
- every plugin and extension of pelicanconf.py is judged in the harness's
  tables (a new one makes `make upstream-tests` stop until it is).

The sdists are downloaded once into cache/upstream/ (as `make
upstream-tests` does); without the package index the tests skip, naming it,
except with CI=true.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import upstream_harness
import upstream_tests
from sitebuild import REPO

# Pelican's end-to-end test: builds its sample site and compares it with the
# expected output tree.
PELICAN_E2E = "test_basic_generation_works"


@pytest.fixture(scope="module")
def sdists():
    pins = upstream_tests.pinned_versions()
    try:
        for suite in upstream_tests.SUITES:
            upstream_tests.fetch(suite, pins[suite.name], REPO / "cache" / "upstream")
    except subprocess.CalledProcessError as exc:
        reason = f"needs the package index (pip download failed: {exc})"
        if os.environ.get("CI") == "true":  # as tests/conftest.py: CI runs every test
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def harness(*args: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "upstream_tests.py"), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return proc.returncode, proc.stdout + proc.stderr


def summary_line(output: str, label: str) -> str:
    lines = [line for line in output.splitlines() if line.strip().startswith(label)]
    assert lines, output[-3000:]
    return lines[-1]


def test_every_plugin_and_extension_is_judged():
    _markdown_on, _pelican_on, unjudged = upstream_harness.plan()
    assert unjudged == [], (
        "tools/upstream_harness.py: say whether these are active in upstream's suites, and why: "
        + ", ".join(unjudged)
    )


@pytest.mark.slow
def test_markdown_suite_fails_with_an_extension_that_changes_output(sdists):
    code, output = harness(
        "--only", "markdown", "--markdown-extensions", "inline_triggers,german_typography"
    )
    line = summary_line(output, "Python-Markdown")
    assert code == 1, output[-3000:]
    assert re.search(r"german_typography ×[1-9]", line), line
    failed = int(re.search(r"(\d+) failed", line).group(1))
    assert failed > 10, line  # 36 with Markdown 3.11.3: quotes, dashes, apostrophes


@pytest.mark.slow
def test_markdown_suite_passes_with_the_harness_choice(sdists):
    # The smarty tests: quotes and dashes, where inline patterns do most work.
    code, output = harness("--only", "markdown", "-k", "test_smarty")
    line = summary_line(output, "Python-Markdown")
    assert code == 0, output[-3000:]
    assert re.search(r"inline_triggers ×[1-9]", line), line


@pytest.mark.slow
def test_pelican_end_to_end_runs_with_our_plugins_loaded(sdists):
    code, output = harness("--only", "pelican", "-n", "0", "-k", PELICAN_E2E)
    line = summary_line(output, "Pelican")
    assert code == 0, output[-3000:]
    _markdown_on, pelican_on, _ = upstream_harness.plan()
    assert "fast_build" in pelican_on
    for plugin in pelican_on:
        assert re.search(rf"\b{plugin} ×[1-9]", line), f"{plugin} never loaded: {line}"


@pytest.mark.slow
def test_pelican_end_to_end_fails_with_a_plugin_that_changes_output(sdists):
    code, output = harness(
        "--only",
        "pelican",
        "-n",
        "0",
        "-k",
        PELICAN_E2E,
        "--pelican-plugins",
        "read_pipeline,german_typography",
    )
    line = summary_line(output, "Pelican")
    assert code == 1, output[-3000:]
    assert re.search(r"german_typography ×[1-9]", line), line
    assert re.search(r"[1-9]\d* failed", line), line
