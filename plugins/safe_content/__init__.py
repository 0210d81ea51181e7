from .safe_content import register  # noqa: F401
