from .babel_dates import register  # noqa: F401
