from .i18n_extras import register  # noqa: F401
