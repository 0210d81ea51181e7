from .root_relative import register  # noqa: F401
