from .series import register  # noqa: F401
