"""Content checks that plain Pelican leaves to chance.

Pelican reports a broken ``{filename}`` link only while writing, and without
saying which file holds it. This plugin checks every intra-site link once all
content is read and names the file, so ``tools/build.py --strict`` can stop the
publish with a message the author can act on.
"""

import logging
import os
from urllib.parse import unquote, urlparse

log = logging.getLogger(__name__)

# {filename} must name an article or page; {static}/{attach} an existing file.
LINK_KINDS = {"filename", "static", "attach"}


def _contents(generators):
    """Every article, page, draft and hidden page, once."""
    seen = set()
    for generator in generators:
        for name in (
            "articles",
            "translations",
            "drafts",
            "drafts_translations",
            "hidden_articles",
            "hidden_translations",
            "pages",
            "hidden_pages",
            "draft_pages",
        ):
            for content in getattr(generator, name, []) or []:
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def _target(content, path):
    """The link's target, relative to the content folder, as Pelican resolves it."""
    path = unquote(path)
    if path.startswith("/"):
        return path[1:]
    return content.get_relative_source_path(os.path.join(content.relative_dir, path))


def check_links(generators):
    if not generators:
        return
    context = generators[0].context
    generated = context.get("generated_content", {})
    content_root = generators[0].settings["PATH"]
    for content in _contents(generators):
        source = content._content or ""
        for m in content._get_intrasite_link_regex().finditer(source):
            what = m.group("what")
            if what not in LINK_KINDS:
                continue
            path = urlparse(m.group("value")).path
            target = _target(content, path)
            if what == "filename":
                found = target in generated
                kind = "article or page"
            else:
                found = os.path.isfile(os.path.join(content_root, target))
                kind = "file"
            if not found:
                log.error(
                    "%s: the link {%s}%s leads nowhere: there is no %s %s; "
                    "fix the path (relative to this file, or from content/ with a leading /)",
                    content.source_path,
                    what,
                    path,
                    kind,
                    os.path.join(os.path.basename(content_root), target),
                )


def check_output_paths(generators):
    """Two published items must not be written to the same file.

    Pelican itself names clashing articles of one language; an article and a
    page with the same slug it only notices while writing, with a crash.
    """
    owners = {}
    for generator in generators:
        for name in ("articles", "translations", "pages", "hidden_pages"):
            for content in getattr(generator, name, []) or []:
                if content.save_as:
                    owners.setdefault(content.save_as, []).append(content)
    for save_as, items in owners.items():
        kinds = {type(item).__name__ for item in items}
        if len(items) > 1 and len(kinds) > 1:
            log.error(
                "%s: these files would all be written to %s; give all but one "
                "a different 'Slug:'",
                ", ".join(item.source_path for item in items),
                save_as,
            )


def check_content(generators):
    check_links(generators)
    check_output_paths(generators)


def register():
    from pelican import signals

    # After every generator has read its content, before anything is written.
    signals.all_generators_finalized.connect(check_content)
