"""Posts written elsewhere (other generators' Markdown, other hosts' files): see plugin.py."""

from .plugin import register  # noqa: F401
