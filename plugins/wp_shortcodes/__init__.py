from .wp_shortcodes import register  # noqa: F401
