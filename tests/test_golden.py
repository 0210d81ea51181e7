"""The golden tree: the fixture site tests/golden/site/ published, compared
file by file with tests/golden/expected/ (tests/golden/snapshot.py says what
is compared and what is left out, and why).

A difference fails with the missing and extra files and unified diffs of the
first differing ones. If the change is intended, `make snapshot` writes the
expected tree anew: review its diff and commit it with the change."""

import pytest
from golden.snapshot import EXPECTED, build, compared_files, differences


def test_the_built_site_is_the_expected_tree(tmp_path):
    report = differences(compared_files(EXPECTED), compared_files(build(tmp_path)))
    if report:
        pytest.fail(
            "the golden site's output changed (tests/golden/expected/):\n\n"
            + report
            + "\n\nIntended? `make snapshot`, then review and commit the diff of tests/golden/expected/.",
            pytrace=False,
        )
