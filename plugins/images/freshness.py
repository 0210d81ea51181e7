"""A devserver session reads a post again when a picture it shows changed.

plugins/read_pipeline keeps each content file's parse for the session
(build_state.reads), keyed by the file's bytes. The <picture> this plugin's
Markdown extension put into a parse depends on the image as well: the
derived files' names carry its content hash, `width`/`height` its size. An
image replaced under the same name leaves the post's bytes as they were, so
the session would reuse the old parse: the page keeps the old size and names
of derived files that the new run removes (a broken picture) until the post
itself is saved.

So at the start of every run each kept parse that shows an image is checked
against the image as it is now, and forgotten when they differ: the run
reads the post again, and plugins/fast_build renders the pages that show it
again (its body changed). A parse with one of the extension's error notes
(a missing or unreadable image) is always read again: the file may be
there now.
"""

from __future__ import annotations

import html
import os
import posixpath
import re

import build_state
from plugin_helpers import is_main_run

from .extension import ERROR_MARK
from .pipeline import RASTER, ImageProblem, entry_key, probe
from .settings import options

PICTURE = re.compile(r"<picture\b[^>]*>.*?</picture>", re.S)
IMG = re.compile(r"<img\b[^>]*>")
STATIC_SRC = re.compile(r'\ssrc="\{static\}/([^"]+)"')
# <stem>.<8 hex of the entry key>.<width>w.<ext> (pipeline.variant_name).
VARIANT_KEY = re.compile(r"\.([0-9a-f]{8})\.\d+w\.[a-z]+\b")
SIZE = re.compile(r'\s(width|height)="(\d+)"')


def _image_now(src: re.Match, content_root: str, cfg: dict):
    """The image a `{static}/…` src names, probed as it is now; None if it is
    missing or unreadable."""
    rel = html.unescape(src.group(1))
    try:
        return probe(os.path.join(content_root, rel), rel, cfg["max_pixels"])
    except ImageProblem:
        return None


def shows_current_images(body: str, content_root: str, cfg: dict) -> bool:
    """False if a picture in `body` was made from another version of its image."""
    if ERROR_MARK in body:
        return False
    for block in PICTURE.finditer(body):
        src, key = STATIC_SRC.search(block.group(0)), VARIANT_KEY.search(block.group(0))
        if src is None or key is None:
            continue  # not one of ours
        p = _image_now(src, content_root, cfg)
        if p is None or p.animated or entry_key(p, cfg)[:8] != key.group(1):
            return False
    # Animated GIFs stay an <img>, with the size the extension gave them.
    outside = PICTURE.sub("", body)
    for tag in IMG.findall(outside):
        src = STATIC_SRC.search(tag)
        size = dict(SIZE.findall(tag))
        if src is None or "width" not in size or "height" not in size:
            continue
        if posixpath.splitext(html.unescape(src.group(1)))[1].lower() not in RASTER:
            continue
        p = _image_now(src, content_root, cfg)
        if (
            p is None
            or not p.animated
            or (str(p.width), str(p.height)) != (size["width"], size["height"])
        ):
            return False
    return True


def forget_stale_parses(pelican) -> None:
    """get_generators of the main run: nothing is read yet."""
    settings = pelican.settings
    state = build_state.state(settings)
    if state is None or not state.reads or not is_main_run(settings):
        return
    cfg = options(settings)
    content_root = os.path.abspath(settings["PATH"])
    for source_path, (_key, _digest, (body, _metadata)) in list(state.reads.items()):
        if not isinstance(body, str) or "{static}/" not in body and ERROR_MARK not in body:
            continue  # no picture of ours (pictures have src="{static}/…")
        if not shows_current_images(body, content_root, cfg):
            del state.reads[source_path]
