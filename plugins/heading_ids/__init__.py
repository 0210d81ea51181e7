"""Heading ids: a Python-Markdown extension (`extensions=["heading_ids"]`)."""

from .heading_ids import makeExtension  # noqa: F401
