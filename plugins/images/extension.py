"""Python-Markdown extension: the author's `![Alt](bild.jpg "Unterschrift")` as
a responsive <picture>, in a <figure> with <figcaption> when it has a title.

Which images: a `{static}` path, or a path under `images/` (`/images/…`,
`images/…`), read from content/. SVGs and animated GIFs stay as they are
(with `loading="lazy"`); other addresses (https://…) are not touched.

A problem (missing file, unsupported format, an unreadable or far too large
image) cannot name the Markdown file here: the extension leaves the image as
it was and puts an HTML comment `<!--images-error: …-->` after it, which the
plugin (plugin.py) reports with the file's name and removes. So a lenient
build (`make html`) still shows the post; `make publish` stops.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from urllib.parse import unquote

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .markup import picture
from .pipeline import SUPPORTED, ImageProblem, probe

ERROR_MARK = "images-error:"


def image_path(src: str) -> tuple[str | None, bool]:
    """(path below content/, or None if not ours; written with {static})."""
    value = src.strip()
    static = False
    for prefix in ("{static}", "{attach}", "|static|"):
        if value.startswith(prefix):
            value, static = value[len(prefix) :], True
    if not static and (":" in value.split("/")[0] or value.startswith("//")):
        return None, False  # https://…, data:, another host
    path = unquote(value.split("#")[0].split("?")[0]).lstrip("/")
    while path.startswith("./"):
        path = path[2:]
    if not path:
        return None, False
    if not static and not path.startswith("images/"):
        return None, False
    return posixpath.normpath(path), static


def describe(rel: str, problem: str) -> str:
    return f"the image '{rel}' {problem}"


class ResponsiveImages(Treeprocessor):
    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        # Metadata fields (Summary, …) are converted with the meta
        # preprocessor removed: their images stay as they are.
        if "meta" not in self.md.preprocessors:
            return
        cfg = self.ext.getConfig("images")
        content_root = self.ext.getConfig("content_path")
        prefix = self.ext.getConfig("prefix")
        meta = getattr(self.md, "Meta", {}) or {}
        # With a header image (`Image:`), that one is the page's first.
        first = not meta.get("image")
        for parent in list(root.iter()):
            for index, img in enumerate(list(parent)):
                if img.tag != "img":
                    continue
                rel, _static = image_path(img.get("src", ""))
                if rel is None:
                    continue
                ext = posixpath.splitext(rel)[1].lower()
                problem = None
                if rel.startswith("../"):
                    problem = "is outside content/; put it into content/images/ and write {static}/images/…"
                elif ext not in SUPPORTED:
                    problem = (
                        f"has a format the site cannot show ({ext or 'no extension'}); "
                        "save it as JPEG, PNG, WebP or AVIF"
                    )
                if problem is None and not img.get("alt", "").strip():
                    continue  # plugins/strict_content names it: it needs alt text
                if problem is None and ext == ".svg":
                    img.set("loading", "lazy")
                    continue
                info = None
                if problem is None:
                    try:
                        info = probe(posixpath.join(content_root, rel), rel, cfg["max_pixels"])
                    except ImageProblem as exc:
                        problem = str(exc)
                        if problem == "does not exist":
                            problem = f"does not exist (no file content/{rel}); check the name or put the file there"
                if problem is not None:
                    parent.insert(
                        index + 1,
                        etree.Comment(
                            f" {ERROR_MARK} {describe(rel, problem)} ".replace("--", "–")
                        ),
                    )
                    continue
                if info.animated:
                    img.set("width", str(info.width))
                    img.set("height", str(info.height))
                    img.set("loading", "lazy")
                    continue
                title = img.get("title")
                element = picture(
                    info, cfg, prefix, "{static}/" + rel, img.get("alt"), cfg["sizes"], eager=first
                )
                first = False
                self._put(parent, index, img, element, title)

    def _put(self, parent, index, img, element, title):
        alone = (
            parent.tag == "p"
            and len(parent) == 1
            and not (parent.text or "").strip()
            and not (img.tail or "").strip()
        )
        if title and alone:
            # The paragraph becomes the figure.
            parent.tag = "figure"
            parent.attrib.clear()
            parent.text = None
            parent.remove(img)
            parent.append(element)
            caption = etree.SubElement(parent, "figcaption")
            caption.text = title
            return
        element.tail = img.tail
        if title:
            element.find("img").set("title", title)
        parent.remove(img)
        parent.insert(index, element)


class ImagesExtension(Extension):
    """Priorities: the treeprocessor ``images`` runs at 15, after ``inline``
    (20) has made the <img> elements of `![…](…)`, before ``prettify`` (10)."""

    def __init__(self, **kwargs):
        self.config = {
            "content_path": ["content", "the content folder, absolute"],
            "prefix": ["", "the site's path for derived images ('' at a domain's root)"],
            "images": [{}, "the IMAGES settings, merged over the defaults"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.treeprocessors.register(ResponsiveImages(md, self), "images", 15)


def makeExtension(**kwargs):
    return ImagesExtension(**kwargs)
