"""Where Pelican's generators keep content, for plugins that must see all of it.

Not a plugin: a helper module the local plugins import (pelicanconf.py puts
plugins/ on sys.path). Pelican spreads articles and pages over several lists
by status and language; checks that miss one of them miss content. And
where a `{filename}` link of a content leads.
"""

import os
from urllib.parse import unquote

CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def all_contents(generators):
    """Every article and page of these generators (any status), each once."""
    seen = set()
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def link_target(content, path):
    """Where `{filename}path` in `content` leads: a path relative to the
    content folder, as Pelican resolves it (relative to the file, or from
    the content folder with a leading /)."""
    path = unquote(path)
    if path.startswith("/"):
        return path[1:]
    return content.get_relative_source_path(os.path.join(content.relative_dir, path))
