"""Issue 18 in `make devserver`: a picture replaced under the same file name.

A real devserver session (tools/devserver.py in its own process, over HTTP):
the post is not saved again, only its image is replaced, once through a
`{static}` path and once through a path under content/images/ (copied with
the old file's size and mtime). The reload the server sends after that
rebuild must lead to the new picture: new derived files (their names carry
the image's content hash), the new width/height, and none of the old files
left."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from PIL import Image
from sitebuild import REPO, Site
from test_images import photo

DEVSERVER = REPO / "tools" / "devserver.py"
ARTICLE = (
    "Title: Zwei Bilder\nDate: 2026-03-01 09:00\nSlug: zwei-bilder\nLang: de\n"
    "Summary: Ein Beitrag mit zwei Bildern.\n\nEinleitung.\n\n"
    '![Die Gruppe am Flipchart]({static}/images/foto.jpg "Der Workshop")\n\n'
    "Mehr Text.\n\n![Der Raumplan](images/plan.png)\n"
)
PICTURE = re.compile(r"<picture>.*?</picture>", re.S)


def png(size, colour) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=150) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def pictures(page: str) -> list[dict]:
    """Per <picture>: the <img>'s width/height and every derived file it names."""
    found = []
    for block in PICTURE.findall(page):
        img = re.search(r"<img\b[^>]*>", block).group(0)
        found.append(
            {
                "size": (
                    int(re.search(r'\swidth="(\d+)"', img).group(1)),
                    int(re.search(r'\sheight="(\d+)"', img).group(1)),
                ),
                "files": sorted(set(re.findall(r"(/images/[^\s\",]+\.\d+w\.\w+)", block))),
            }
        )
    return found


class Session:
    """The devserver on a free port, and its reload events."""

    def __init__(self, site: Site):
        self.base = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen(
            [sys.executable, str(DEVSERVER), "--port", self.base.rsplit(":", 1)[1]],
            cwd=site.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.events = None

    def page(self) -> str:
        status, body = fetch(f"{self.base}/zwei-bilder/")
        assert status == 200, status
        return body.decode("utf-8")

    def wait_until_up(self, timeout=120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.page()
            except (OSError, AssertionError):
                time.sleep(0.3)
        raise AssertionError("the devserver did not come up")

    def listen(self) -> None:
        self.events = urllib.request.urlopen(f"{self.base}/__livereload/events", timeout=150)
        assert self.events.readline().startswith(b"retry:")

    def next_reload(self) -> None:
        line = self.events.readline()
        while line != b"data: reload\n":
            assert line, "the event stream ended"
            line = self.events.readline()

    def close(self) -> None:
        if self.events is not None:
            self.events.close()
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def assert_new_picture(session: Session, picture: dict, size: tuple[int, int], old: dict):
    assert picture["size"] == size
    assert picture["files"] and not set(picture["files"]) & set(old["files"]), picture
    for path in picture["files"]:
        status, body = fetch(session.base + path)
        assert status == 200, path
        width = int(re.search(r"\.(\d+)w\.", path).group(1))
        # Of the new image: its aspect ratio, not the old one's.
        assert Image.open(io.BytesIO(body)).size == (width, round(size[1] * width / size[0]))
    for path in old["files"]:
        assert fetch(session.base + path)[0] == 404, f"{path} of the old image is still there"


@pytest.mark.slow
def test_devserver_shows_a_picture_replaced_under_the_same_name(site):
    # The site's own theme: catalogs other builds compile into the shared
    # theme folder would start rebuilds of their own, and so reloads.
    (site.root / "theme").unlink()
    shutil.copytree(REPO / "theme", site.root / "theme", ignore=shutil.ignore_patterns("*.mo"))
    site.write("images/foto.jpg", photo(1200, 900, orientation=1))
    site.write("images/plan.png", png((640, 480), (40, 90, 160)))
    site.write("articles/zwei-bilder.md", ARTICLE)
    session = Session(site)
    try:
        first = pictures(session.wait_until_up())
        assert [p["size"] for p in first] == [(1200, 900), (640, 480)]
        session.listen()
        time.sleep(0.5)

        # A {static} path: a portrait photo instead of a landscape one.
        site.write("images/foto.jpg", photo(900, 1200, orientation=1))
        session.next_reload()
        second = pictures(session.page())  # what the reloading browser gets
        assert_new_picture(session, second[0], (900, 1200), first[0])
        assert second[1] == first[1]  # the other picture is the same

        # A path under content/images/: new content, the same size, even the
        # same number of bytes, copied with the old file's mtime (cp -p).
        plan = site.root / "content" / "images" / "plan.png"
        before = plan.stat()
        site.write("images/plan.png", png((640, 480), (160, 90, 40)))
        assert plan.stat().st_size == before.st_size
        os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
        session.next_reload()
        third = pictures(session.page())
        assert_new_picture(session, third[1], (640, 480), second[1])
        assert third[0] == second[0]
    finally:
        session.close()
