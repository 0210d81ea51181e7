"""A summary made from a post's opening when it has no `Summary:` (see summaries.py)."""

from .summaries import register  # noqa: F401
