"""Inline triggers: a Python-Markdown extension (`extensions=["inline_triggers"]`)."""

from .inline_triggers import makeExtension  # noqa: F401
