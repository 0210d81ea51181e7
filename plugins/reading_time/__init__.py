from .reading_time import register  # noqa: F401
