"""Content checks that plain Pelican leaves to chance.

Pelican reports a broken ``{filename}`` link only while writing, and without
saying which file holds it. This plugin checks every intra-site link once all
content is read and names the file, so ``tools/build.py --strict`` can stop the
publish with a message the author can act on.

Where content is written and what its metadata points to (empty or too
long names, `URL:`/`Save_as:`, `Image:`): see addresses.py.

Content lint, each an ERROR naming the file and the fix: emphasis that begins
or ends inside a word (a gender star Markdown took for emphasis), an image
without alt text. A post without ``Summary:`` is none: Pelican accepts it,
and plugins/summaries makes one from its opening; a site that wants every
summary written by hand sets ``STRICT_CONTENT = {"require_summary": True}``.
"""

import logging
import os
import re
from urllib.parse import urlparse

import compat
from content_lists import all_contents, link_target
from plugin_helpers import plugin_options

from .addresses import check_file_name_length, check_image, check_names, check_url_and_save_as

log = logging.getLogger(__name__)

# {filename} must name an article or page; {static}/{attach} an existing file.
LINK_KINDS = {"filename", "static", "attach"}


def check_links(generators):
    if not generators:
        return
    context = generators[0].context
    generated = context.get("generated_content", {})
    content_root = generators[0].settings["PATH"]
    for content in all_contents(generators):
        for what, value in compat.intrasite_links(compat.body(content), content.settings):
            if what not in LINK_KINDS:
                continue
            path = urlparse(value).path
            target = link_target(content, path)
            if what == "filename":
                found = target in generated
                kind = "article or page"
            else:
                found = os.path.isfile(os.path.join(content_root, target))
                kind = "file"
            if (
                not found
                and what == "filename"
                and os.path.isfile(os.path.join(content_root, target))
            ):
                # The words of tools/build.py's rewrite of Pelican's own
                # warning for this, so the two are one line.
                log.error(
                    "%s: the link {filename}%s points to a file, not to an article or page; write {static}%s",
                    content.source_path,
                    path,
                    path,
                )
            elif not found:
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
                "%s: these files would all be written to %s; give all but one a different 'Slug:'",
                ", ".join(item.source_path for item in items),
                save_as,
            )


# --- Content lint (issue 8): things a reader or a search engine would see ----

DEFAULTS = {
    # True: a published article or page without its own 'Summary:' line is
    # an error (the overview, feeds, the meta description and search
    # results show it). Off: Pelican accepts such posts, and the summary is
    # made from the opening (plugins/summaries).
    "require_summary": False,
}
# A letter (any script, no digits or underscore).
_LETTER = r"[^\W\d_]"
# <em> opened right after a letter, or closed right before one: emphasis that
# begins or ends inside a word, as Markdown makes of `Partner*innen … Kund*innen`.
# Both branches start with a plain "<" (the letter before "<em" is looked
# behind from there): the regex engine then jumps from "<" to "<" instead of
# trying a lookbehind at every character (much faster on an article).
EM_IN_WORD = re.compile(rf"<(?<={_LETTER}<)em\b[^>]*>|</em>(?={_LETTER})")
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def options(settings) -> dict:
    return plugin_options(settings, "strict_content", "STRICT_CONTENT", DEFAULTS)


def _published(generators):
    """Published articles and pages (and their translations), once."""
    seen = set()
    for generator in generators:
        for name in ("articles", "translations", "pages"):
            for content in getattr(generator, name, []) or []:
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def _first(match) -> str:
    return next((g for g in match.groups() if g is not None), "")


def check_emphasis_in_words(content) -> None:
    for field, html in (
        ("text", compat.body(content)),
        ("Summary", content.metadata.get("summary") or ""),
    ):
        m = EM_IN_WORD.search(html)
        if m:
            around = TAG.sub("", html[max(0, m.start() - 30) : m.end() + 30]).strip()
            log.error(
                "%s: emphasis begins or ends inside a word in the %s ('…%s…'), "
                "probably a gender star read as Markdown; write the word with "
                "the star as it is (Kund*innen) or escape it (Kund\\*innen)",
                content.source_path,
                field,
                around,
            )


def check_image_alt(content) -> None:
    for m in IMG.finditer(compat.body(content)):
        alt = ALT.search(m.group(0))
        if alt is None or not _first(alt).strip():
            src = SRC.search(m.group(0))
            log.error(
                "%s: the image %s has no alt text; describe it for readers who "
                "cannot see it: ![Beschreibung des Bildes](%s)",
                content.source_path,
                _first(src) if src else m.group(0),
                _first(src) if src else "bild.jpg",
            )


def check_summary(content) -> None:
    made = content.metadata.get("summary_from_text")  # plugins/summaries
    if made or not (content.metadata.get("summary") or "").strip():
        log.error(
            "%s: no 'Summary:' field; add a line 'Summary: …' with one or two "
            "sentences: it is shown in the overview, in feeds and as the page's "
            "description for search engines",
            content.source_path,
        )


# A placeholder left in a field (`make newpost` writes "Summary: TODO: …").
PLACEHOLDER = re.compile(r"^\s*(TODO|FIXME|TBD)\b")
PLACEHOLDER_FIELDS = ("title", "summary", "description", "image_alt")


def check_placeholders(content) -> None:
    for name in PLACEHOLDER_FIELDS:
        value = content.metadata.get(name)
        text = TAG.sub("", value) if isinstance(value, str) else ""
        if PLACEHOLDER.match(text):
            log.error(
                "%s: the '%s:' line still holds a placeholder ('%s'); write it, or "
                "delete the line (without 'Summary:' one is made from the opening)",
                content.source_path,
                name.capitalize(),
                text.strip()[:40],
            )


def lint(generators) -> None:
    cfg = options(generators[0].settings)
    for content in _published(generators):
        check_placeholders(content)
        check_emphasis_in_words(content)
        check_image_alt(content)
        if cfg["require_summary"]:
            check_summary(content)


def check_addresses(generators) -> None:
    context = generators[0].context
    content_root = generators[0].settings["PATH"]
    for content in all_contents(generators):
        check_names(content)
        check_file_name_length(content)
        check_url_and_save_as(content)
        check_image(content, content_root, context.get("static_content", {}))


def check_content(generators):
    if not generators:
        return
    check_addresses(generators)
    check_links(generators)
    check_output_paths(generators)
    lint(generators)


def register():
    from pelican import signals

    # After every generator has read its content, before anything is written.
    signals.all_generators_finalized.connect(check_content)
