"""Stable texts for comparing values between runs of one session.

Not a plugin: a helper module (plugins/ is on sys.path) shared by
read_pipeline (the read cache's key) and fast_build (what changed between
devserver runs).
"""

from __future__ import annotations

import datetime
import re

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# Memory addresses in reprs differ between equal objects.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def fingerprint(value, depth: int = 0, seen=None) -> str:
    """A stable text for comparing values between runs of one session.

    Content objects stand for themselves by source path (their own fields are
    fingerprinted separately), settings-bound wrappers by class and name,
    plain objects by their attributes (a few levels deep).
    """
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if isinstance(value, Content):
        return f"<{type(value).__name__} {value.source_path}>"
    if isinstance(value, URLWrapper):
        return f"<{type(value).__name__} {value.name}>"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if depth > 4:
        return "…"
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(
                f"{k!r}:{fingerprint(v, depth + 1, seen)}"
                for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))
            )
            + "}"
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return "[" + ",".join(fingerprint(v, depth + 1, seen) for v in items) + "]"
    seen = seen or set()
    if id(value) in seen:
        return "<cycle>"
    attrs = getattr(value, "__dict__", None)
    if attrs is not None and not callable(value):
        seen = seen | {id(value)}
        fields = {k: v for k, v in attrs.items() if not k.startswith("__")}
        return f"<{type(value).__qualname__} {fingerprint(fields, depth + 1, seen)}>"
    if hasattr(value, "getConfigs"):  # a Markdown extension instance
        return f"<{type(value).__qualname__} {fingerprint(value.getConfigs(), depth + 1, seen)}>"
    return ADDRESS.sub("", repr(value))
