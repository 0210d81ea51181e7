"""The IMAGES setting: one dict, merged over these defaults.

Unknown keys are warned about (with the plugin's name), never silently used.
"""

from __future__ import annotations

import os

from plugin_helpers import plugin_options

DEFAULTS = {
    # Widths of the derived images (px); an image is never made larger, and
    # one narrower than the largest width also gets its own width.
    "widths": [480, 800, 1200, 1600],
    # Modern formats, each a <source>, best first. The <img> keeps the
    # original's format (see pipeline.FALLBACK).
    "formats": ["avif", "webp"],
    "quality": {"avif": 50, "webp": 80, "jpeg": 82},
    # Wider than this (px), a derived image is only fetched by screens of
    # about 1.4x and more: the text column is at most 36rem (576 CSS px), so
    # a 1x screen takes the 800w image at most. There one image pixel is
    # too small to show an artefact: these get `dense_quality` (a phone at
    # 390 px, 3x, takes the 1200w image: about 30 % fewer bytes).
    "dense_from": 1000,
    "dense_quality": {"avif": 40, "webp": 70},
    # The theme's text column: 55ch of the text face plus gutters, about
    # 36rem wide from a 40rem viewport on; below that the screen less 2rem.
    "sizes": "(min-width: 40rem) 36rem, calc(100vw - 2rem)",
    # The small picture in index, category and series lists (theme: 6rem).
    "teaser_widths": [160, 320],
    "teaser_sizes": "6rem",
    # Open Graph image and share card size (LinkedIn, Facebook, Twitter).
    "og_size": [1200, 630],
    # Derived images, keyed by content hash and these settings; relative to
    # the folder of the settings file (the project). Removed by `make clean`.
    "cache_dir": "cache/images",
    # Larger images are refused (decompression bombs): 60 megapixels.
    "max_pixels": 60_000_000,
    # Parallel encoders; 0: as many as the machine has cores.
    "workers": 0,
    # Generated share cards for posts and pages without `Image:`.
    "share_cards": True,
    # Card colours; None: the light colours of theme/static/css/site.css.
    "card_colors": None,
}

# What the derived files depend on besides the image (cache key).
ENCODING_KEYS = (
    "widths",
    "formats",
    "quality",
    "dense_from",
    "dense_quality",
    "teaser_widths",
    "og_size",
    "max_pixels",
)


def options(settings) -> dict:
    cfg = plugin_options(settings, "images", "IMAGES", DEFAULTS)
    # `quality` and `dense_quality` are merged per format:
    # IMAGES = {"quality": {"avif": 40}} keeps the others.
    for key in ("quality", "dense_quality"):
        cfg[key] = {**DEFAULTS[key], **((settings.get("IMAGES") or {}).get(key) or {})}
    return cfg


def project_root(settings) -> str:
    """The folder of the settings file: PATH (content/) is read relative to it."""
    return os.path.dirname(os.path.abspath(settings["PATH"]))


def cache_dir(settings, cfg) -> str:
    return os.path.join(project_root(settings), cfg["cache_dir"])


def workers(cfg) -> int:
    if cfg["workers"]:
        return max(1, int(cfg["workers"]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS
        return os.cpu_count() or 1
