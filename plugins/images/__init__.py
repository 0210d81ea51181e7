"""Responsive images from the author's photos, and a share card for every post
(issue 18): see plugin.py (signals), extension.py (Markdown), pipeline.py
(encoding, cache), cards.py (share cards), settings.py (IMAGES)."""

from .plugin import register  # noqa: F401
