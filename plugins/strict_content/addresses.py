"""Checks of where content is written and what its metadata points to.

Each names the file, the field and the fix; where a lenient build (`make
html`) would otherwise crash or publish the damage, the content is mended
after the error (a shorter slug, the default address).

- `Category:`, `Tags:`: a name that gives no address ('..', an emoji);
  Pelican only warns, naming neither file nor field.
- A title (or `Slug:`) too long for a file name: the writer would crash.
- `URL:` and `Save_as:`: both relative, and the page is saved where its
  links lead (a `URL:` alone would send every link to a missing page).
- `Image:`: a file of the site, or an https:// address.
"""

from __future__ import annotations

import logging
import os
import posixpath

from safe_content.safe_content import url_scheme

log = logging.getLogger(__name__)

# Longest file or folder name on Linux, macOS and Windows file systems (bytes).
NAME_MAX = 255
# Where a too long slug is cut in a lenient build: room for ".html" and a suffix.
SLUG_CUT = 200


def check_names(content) -> None:
    fields = [("Category", getattr(content, "category", None))]
    fields += [("Tags", tag) for tag in getattr(content, "tags", None) or []]
    for field, wrapper in fields:
        if wrapper is not None and not wrapper.slug:
            log.error(
                "%s: '%s: %s' gives no web address (no letter or digit in it); "
                "use a name with letters or digits",
                content.source_path,
                field,
                wrapper.name,
            )


def check_file_name_length(content) -> None:
    save_as = content.save_as or ""
    too_long = [part for part in save_as.split("/") if len(os.fsencode(part)) > NAME_MAX]
    if not too_long:
        return
    field = "Slug" if "slug" in content.metadata else "Title"
    log.error(
        "%s: the %s gives a file name of %d bytes (%s…), longer than file systems allow (%d); "
        "add a shorter 'Slug:' line",
        content.source_path,
        field,
        len(os.fsencode(too_long[0])),
        too_long[0][:40],
        NAME_MAX,
    )
    if getattr(content, "slug", None) and not hasattr(content, "override_save_as"):
        content.slug = os.fsdecode(os.fsencode(content.slug)[:SLUG_CUT]).rstrip("-")


def _is_site_path(value: str) -> bool:
    """A path below the site's root: no scheme, no host, no '..'."""
    return not (url_scheme(value) or value.startswith(("/", "\\")) or ".." in value.split("/"))


def _saved_at(url: str) -> str:
    """The file a web server answers `url` with."""
    path = url.split("#")[0].split("?")[0]
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def check_url_and_save_as(content) -> None:
    meta = content.metadata
    if "url" not in meta and "save_as" not in meta:
        return
    for field, key in (("URL", "url"), ("Save_as", "save_as")):
        value = meta.get(key)
        if value and not _is_site_path(value):
            log.error(
                "%s: '%s: %s' must be a path of this site without a leading /, e.g. '%s: ueber-mich/'",
                content.source_path,
                field,
                value,
                field,
            )
            # The default address instead: never a foreign or script link in feeds and lists.
            if hasattr(content, f"override_{key}"):
                delattr(content, f"override_{key}")
            return
    if content.save_as == "":
        return  # not written at all (Save_as: with no value)
    expected = _saved_at(content.url)
    if posixpath.normpath(content.save_as) != posixpath.normpath(expected):
        log.error(
            "%s: its links lead to '%s' (URL: %s), but it is saved as '%s'; "
            "set both lines so that they agree, e.g. 'URL: %s' and 'Save_as: %s'",
            content.source_path,
            content.url,
            content.url or "''",
            content.save_as,
            content.url or "seite/",
            expected if content.url else "seite/index.html",
        )


def check_image(content, content_root: str, static_content) -> None:
    image = content.metadata.get("image")
    if not isinstance(image, str) or not image.strip():
        return
    value = image.strip()
    for prefix in ("{static}", "{attach}"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    if value.startswith("https://"):
        return
    if value.startswith("http://"):
        log.error(
            "%s: 'Image: %s' is loaded over plain http; use its https:// address",
            content.source_path,
            image,
        )
        return
    relative = value.lstrip("/")
    root = os.path.realpath(content_root)
    path = os.path.realpath(os.path.join(root, relative))
    if (
        not _is_site_path(value.lstrip("/"))
        or not path.startswith(root + os.sep)
        or not os.path.isfile(path)
    ):
        log.error(
            "%s: 'Image: %s' leads nowhere: there is no file %s; give the path of an image "
            "in content/ (e.g. 'Image: {static}/images/bild.jpg') or an https:// address",
            content.source_path,
            image,
            os.path.join(os.path.basename(content_root), relative),
        )
    elif relative not in static_content:
        log.error(
            "%s: 'Image: %s' is not copied to the site; put it into a folder of STATIC_PATHS "
            "or link it in the text with {static}",
            content.source_path,
            image,
        )
