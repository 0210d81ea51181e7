from .lean_subsites import register  # noqa: F401
