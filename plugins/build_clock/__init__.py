from .build_clock import register  # noqa: F401
