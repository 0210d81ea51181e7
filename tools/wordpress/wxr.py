"""Read a WordPress export (WXR: RSS 2.0 with WordPress' own elements).

Versions 1.0, 1.1 and 1.2 differ only in the namespace URL of the `wp:`
and `excerpt:` elements (1.2 added a few fields we do not need), so the
namespace is taken from the file itself. Anything else is refused with a
message naming the file and the fix: a file that is not XML, XML that is not
WXR, a truncated download, a version we have not seen.

The standard library's parser is enough: exports are a few MB, read once,
and expat neither loads external entities nor expands entity bombs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS = re.compile(r"^\{(http://wordpress\.org/export/([^/]+)/)\}")
EXPORT_STEPS = "export it again in WordPress (Tools → Export → All content) and wait until the download has finished"


class ImportProblem(Exception):
    """Problems that stop the import; each line names the item and the fix."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Term:
    kind: str  # "category" or "post_tag"
    slug: str  # WordPress' nicename, percent-encoded as in its URLs
    name: str
    parent: str = ""
    term_id: str = ""


@dataclass
class Item:
    id: str
    type: str  # post, page, attachment, revision, nav_menu_item, custom types
    status: str
    title: str
    name: str  # post_name, percent-encoded
    link: str
    date: str  # site-local "YYYY-MM-DD HH:MM:SS"
    date_gmt: str
    modified: str
    modified_gmt: str
    creator: str
    content: str
    excerpt: str
    parent: str
    menu_order: int
    attachment_url: str
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0  # approved
    other_comments: int = 0  # pending, spam, trash

    @property
    def label(self) -> str:
        """How messages name an item: its title and WordPress ID."""
        title = self.title.strip() or "(ohne Titel)"
        return f"{self.type} '{title}' (WordPress ID {self.id or '?'})"


@dataclass
class Export:
    path: Path
    version: str
    title: str
    link: str
    base_site_url: str
    base_blog_url: str
    language: str
    authors: dict[str, str]  # login -> display name
    terms: list[Term]
    items: list[Item]


def _text(element, path: str, ns: dict[str, str]) -> str:
    found = element.find(path, ns)
    return (found.text or "") if found is not None else ""


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0


def _parse_xml(path: Path) -> ET.Element:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(
            [
                f"{path}: cannot be read ({exc.strerror}); give the path of the export file, e.g. WXR=~/Downloads/blog.WordPress.2026-11-29.xml"
            ]
        ) from None
    if not data.strip():
        raise ImportProblem([f"{path}: the file is empty; {EXPORT_STEPS}"])
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        head = data.lstrip()[:200]
        if not head.startswith(b"<"):
            raise ImportProblem(
                [
                    f"{path}: is not an XML file, so not a WordPress export (WXR); in WordPress use Tools → Export → All content, which downloads a .xml file"
                ]
            ) from None
        tail = data.rstrip()[-20:]
        if b"</rss>" not in tail:
            raise ImportProblem(
                [
                    f"{path}: the export ends early (XML error at line {line}, column {column}: it stops before </rss>): "
                    f"the file is truncated; {EXPORT_STEPS}"
                ]
            ) from None
        raise ImportProblem(
            [
                f"{path}: is damaged XML (line {line}, column {column}: {exc.msg.split(':')[0]}); {EXPORT_STEPS}"
            ]
        ) from None


def _namespaces(root: ET.Element) -> tuple[str, str]:
    """The `wp:` namespace URL and the WXR version it names."""
    for element in root.iter():
        m = WP_NS.match(element.tag) if isinstance(element.tag, str) else None
        if m and element.tag.endswith("}wxr_version"):
            return m.group(1), (element.text or "").strip()
    return "", ""


def read_export(path: Path) -> Export:
    root = _parse_xml(path)
    wp, version = _namespaces(root)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not wp:
        raise ImportProblem(
            [
                f"{path}: is XML but not a WordPress export (no <wp:wxr_version> in an <rss><channel>); "
                "in WordPress use Tools → Export → All content (not a feed or a backup plugin's file)"
            ]
        )
    if version not in KNOWN_VERSIONS:
        raise ImportProblem(
            [
                f"{path}: WXR version {version or '(empty)'} is unknown; this import reads versions "
                f"{', '.join(KNOWN_VERSIONS)}. Export with a current WordPress (Tools → Export), or report the version"
            ]
        )
    ns = {"wp": wp, "excerpt": wp + "excerpt/", "content": CONTENT_NS, "dc": DC_NS}

    authors = {}
    for author in channel.findall("wp:author", ns):
        login = _text(author, "wp:author_login", ns)
        authors[login] = _text(author, "wp:author_display_name", ns) or login

    terms = []
    for cat in channel.findall("wp:category", ns):
        terms.append(
            Term(
                "category",
                _text(cat, "wp:category_nicename", ns),
                _text(cat, "wp:cat_name", ns),
                _text(cat, "wp:category_parent", ns),
                _text(cat, "wp:term_id", ns),
            )
        )
    for tag in channel.findall("wp:tag", ns):
        terms.append(
            Term(
                "post_tag",
                _text(tag, "wp:tag_slug", ns),
                _text(tag, "wp:tag_name", ns),
                "",
                _text(tag, "wp:term_id", ns),
            )
        )

    items = []
    for element in channel.findall("item"):
        item = Item(
            id=_text(element, "wp:post_id", ns).strip(),
            type=_text(element, "wp:post_type", ns).strip(),
            status=_text(element, "wp:status", ns).strip(),
            title=_text(element, "title", ns),
            name=_text(element, "wp:post_name", ns).strip(),
            link=_text(element, "link", ns).strip(),
            date=_text(element, "wp:post_date", ns).strip(),
            date_gmt=_text(element, "wp:post_date_gmt", ns).strip(),
            modified=_text(element, "wp:post_modified", ns).strip(),
            modified_gmt=_text(element, "wp:post_modified_gmt", ns).strip(),
            creator=_text(element, "dc:creator", ns).strip(),
            content=_text(element, "content:encoded", ns),
            excerpt=_text(element, "excerpt:encoded", ns),
            parent=_text(element, "wp:post_parent", ns).strip(),
            menu_order=_int(_text(element, "wp:menu_order", ns)),
            attachment_url=_text(element, "wp:attachment_url", ns).strip(),
        )
        for cat in element.findall("category"):
            kind = cat.get("domain", "category")
            if kind in ("category", "post_tag"):
                item.terms.append(Term(kind, cat.get("nicename", ""), cat.text or ""))
        for meta in element.findall("wp:postmeta", ns):
            item.meta[_text(meta, "wp:meta_key", ns)] = _text(meta, "wp:meta_value", ns)
        for comment in element.findall("wp:comment", ns):
            if _text(comment, "wp:comment_approved", ns).strip() == "1":
                item.comments += 1
            else:
                item.other_comments += 1
        items.append(item)

    return Export(
        path=path,
        version=version,
        title=_text(channel, "title", ns),
        link=_text(channel, "link", ns).strip(),
        base_site_url=_text(channel, "wp:base_site_url", ns).strip(),
        base_blog_url=_text(channel, "wp:base_blog_url", ns).strip(),
        language=_text(channel, "language", ns).strip(),
        authors=authors,
        terms=terms,
        items=items,
    )
