"""German typography: a Python-Markdown extension and its Pelican plugin.

`PLUGINS = [..., "german_typography"]` for Pelican; the same name works as a
Markdown extension (`markdown.markdown(text, extensions=["german_typography"])`).
"""

from .extension import makeExtension  # noqa: F401
from .plugin import register  # noqa: F401
