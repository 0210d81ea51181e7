import os
import shutil

import pytest
from check_a11y import AXE_JS, chromium_path
from check_html import VNU_JAR
from sitebuild import Site

# --- Tools besides Python ----------------------------------------------------------
# `make test` needs only Python and make. A test that needs more says so with
# `@pytest.mark.needs("rsync")` (browser tests need "chromium" by their
# `browser` marker); without the tool it is skipped, naming the tool and how
# to install it. With CI=true it fails instead: CI must run every test.

IN_CI = os.environ.get("CI") == "true"

# name: (is it there?, how to get it)
TOOLS = {
    "chromium": (
        lambda: chromium_path() is not None,
        "Debian/Ubuntu: apt-get install chromium; Fedora: dnf install chromium",
    ),
    "java": (
        lambda: shutil.which("java") is not None,
        "Debian/Ubuntu: apt-get install default-jre-headless; Fedora: dnf install java-latest-openjdk-headless; macOS: brew install openjdk",
    ),
    "rsync": (
        lambda: shutil.which("rsync") is not None,
        "Debian/Ubuntu: apt-get install rsync; Fedora: dnf install rsync; macOS: brew install rsync",
    ),
    "apache2": (
        lambda: os.path.exists("/usr/lib/apache2/modules/mod_rewrite.so"),
        "Debian/Ubuntu: apt-get install apache2; Fedora: dnf install httpd",
    ),
    "nginx": (
        lambda: os.path.exists("/usr/sbin/nginx"),
        "Debian/Ubuntu: apt-get install nginx; Fedora: dnf install nginx; macOS: brew install nginx",
    ),
    "systemd-analyze": (
        lambda: shutil.which("systemd-analyze") is not None,
        "Debian/Ubuntu: apt-get install systemd (nothing is started)",
    ),
    # Faults made for real (tests/test_safety.py): a full or read-only disk, an immutable folder.
    "tmpfs": (
        lambda: os.geteuid() == 0 and shutil.which("mount") is not None,
        "root, to mount a small tmpfs (run the tests as root, e.g. in a container)",
    ),
    "chattr": (
        lambda: os.geteuid() == 0 and shutil.which("chattr") is not None,
        "root and chattr (Debian/Ubuntu: apt-get install e2fsprogs)",
    ),
    "axe-core": (
        AXE_JS.is_file,
        "a Node tool: install Node.js (npm), then `make test` runs npm ci",
    ),
    "vnu.jar": (
        VNU_JAR.is_file,
        "a Node tool: install Node.js (npm), then `make test` runs npm ci",
    ),
}


def require_tools(*names: str) -> None:
    """Skip the running test unless every named tool is there (CI=true: fail)."""
    unknown = [name for name in names if name not in TOOLS]
    if unknown:
        raise ValueError(f"needs(): unknown tool(s) {unknown}; known: {sorted(TOOLS)}")
    missing = [
        f"{name} ({TOOLS[name][1]})" for name in dict.fromkeys(names) if not TOOLS[name][0]()
    ]
    if not missing:
        return
    reason = "needs " + "; ".join(missing)
    if IN_CI:
        pytest.fail(f"{reason}; CI=true runs every test", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "needs(*tools): the test needs these tools besides Python (tests/conftest.py TOOLS)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures: no site is built for a test that cannot run.
    names = [name for mark in item.iter_markers("needs") for name in mark.args]
    if item.get_closest_marker("browser"):
        names.insert(0, "chromium")
    if names:
        require_tools(*names)


@pytest.fixture
def site(tmp_path):
    """An empty site with the project's settings, theme and plugins."""
    return Site(tmp_path / "site")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The real site (the repo's content/) published once for the session."""
    site = Site(tmp_path_factory.mktemp("seed") / "site", with_repo_content=True)
    build = site.build()
    assert build.returncode == 0, build.stderr
    return build
