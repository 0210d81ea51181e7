"""One read pipeline for every content file (see pipeline.py)."""

from .pipeline import (  # noqa: F401
    ContentError,
    ReadContext,
    Transform,
    add_transform,
    register,
    transforms,
)
