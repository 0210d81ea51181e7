import pytest

from sitebuild import Site


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
