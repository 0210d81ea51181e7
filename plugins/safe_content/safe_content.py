"""Content that cannot hurt readers: safe external links, inert metadata.

Two rules, applied by a Python-Markdown extension while a file is read (so
they cost one regex pass per file, and fast_build's read sharing covers them):

1. Every link to an absolute http(s) or protocol-relative URL gets
   ``rel="noopener"`` (added to an existing ``rel``), in Markdown links and
   in raw HTML alike: the opened page gets no handle on ours
   (``window.opener``), whatever ``target`` an author adds.

2. Raw HTML in metadata that Pelican renders as Markdown (FORMATTED_FIELDS:
   ``Summary``, ``Series_next``, ``Series_description``) is shown as text,
   not passed through. Those fields end up in listings, feeds, meta tags and
   JSON-LD, where nobody expects markup, and ``|safe`` in the templates
   would otherwise let ``<img src=x onerror=…>`` run. Markdown in them (links,
   emphasis) still works. The body of an article keeps raw HTML: it is the
   author's own page.

How (2) knows a metadata field from the body: Pelican's MarkdownReader
parses the body first, then removes the ``meta`` preprocessor and calls
``reset()`` before each formatted field. The extension's ``reset()`` sees
that and removes the raw-HTML processors from that Markdown instance, which
Pelican creates anew for every file.

3. Only links a reader can trust survive: ``http``, ``https``, ``mailto``,
   ``tel`` and the site's own (relative) addresses. A ``javascript:`` (or
   ``data:``, ``vbscript:``, ...) link in a body or a Markdown metadata field
   is dropped to its text, with a warning naming the file (signal
   ``content_object_init``, where the file is known). The scheme is read as a
   browser reads it: entities decoded, tabs and line breaks dropped.

Options: none. The plugin adds the extension to MARKDOWN and checks links.
"""

from __future__ import annotations

import functools
import html
import logging
import re

import compat
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from pelican import signals

# A start tag of a link, with its attributes.
A_TAG = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
# href="…" / href='…' / href=… inside a start tag.
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)

log = logging.getLogger(__name__)

# A link element with its text (no nesting: <a> inside <a> is invalid HTML).
A_ELEMENT = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# What a browser ignores when it reads a URL: tabs and line breaks anywhere,
# control characters and spaces at the ends (WHATWG URL standard).
_IGNORED_INSIDE = str.maketrans("", "", "\t\n\r")
_IGNORED_AT_ENDS = "".join(map(chr, range(0x21)))


def url_scheme(url: str) -> str:
    """The scheme a browser sees in this (entity-decoded) URL, lowercase; '' for
    a relative URL."""
    m = SCHEME.match(url.translate(_IGNORED_INSIDE).strip(_IGNORED_AT_ENDS))
    return m.group(1).lower() if m else ""


@functools.lru_cache(maxsize=4096)
def drop_unsafe_links(text: str) -> tuple[str, tuple[str, ...]]:
    """The HTML with every link of an untrusted scheme replaced by its text,
    and the dropped URLs. Remembered by text: every devserver run checks
    the same unchanged bodies again."""
    dropped = []

    def fix(m: re.Match) -> str:
        href = HREF.search(m.group(1))
        if href is None:
            return m.group(0)
        url = html.unescape(next(g for g in href.groups() if g is not None))
        scheme = url_scheme(url)
        if scheme and scheme not in SAFE_SCHEMES:
            dropped.append(url)
            return m.group(2)
        return m.group(0)

    if "<a" not in text and "<A" not in text:
        return text, ()
    cleaned = A_ELEMENT.sub(fix, text)
    # The text itself when nothing was dropped: the memo then holds no
    # second copy of every body with a link.
    return (cleaned, tuple(dropped)) if dropped else (text, ())


def check_links(content) -> None:
    """Drop untrusted links from the body and the Markdown metadata fields."""
    fields = [("text", compat.body(content))]
    formatted = content.settings.get("FORMATTED_FIELDS", ())
    fields += [(name, content.metadata.get(name)) for name in formatted]
    for name, value in fields:
        if not isinstance(value, str):
            continue
        cleaned, dropped = drop_unsafe_links(value)
        if not dropped:
            continue
        where = "text" if name == "text" else f"'{name.capitalize()}:' field"
        for url in dropped:
            log.warning(
                "%s: the link to '%s' in the %s was shown as plain text: only http, https, "
                "mailto and tel links and the site's own addresses are kept; link to a web page",
                content.source_path,
                url[:80],
                where,
            )
        if name == "text":
            compat.set_body(content, cleaned)
        elif name == "summary":
            compat.set_summary(content, cleaned)
        else:
            content.metadata[name] = cleaned


def add_noopener(html: str) -> str:
    """Every <a> to an absolute URL with rel containing 'noopener'."""

    def fix(m: re.Match) -> str:
        attrs = m.group(1)
        href = HREF.search(attrs)
        if not href or not EXTERNAL.match(next(g for g in href.groups() if g is not None)):
            return m.group(0)
        rel = REL.search(attrs)
        if rel is None:
            trailing_slash = attrs.rstrip().endswith("/")
            body = attrs.rstrip()[:-1] if trailing_slash else attrs
            return f'<a{body} rel="noopener"{" /" if trailing_slash else ""}>'
        tokens = (rel.group(1) if rel.group(1) is not None else rel.group(2)).split()
        if "noopener" in (t.lower() for t in tokens):
            return m.group(0)
        new_rel = f'rel="{" ".join(tokens + ["noopener"])}"'
        return f"<a{attrs[: rel.start()]}{new_rel}{attrs[rel.end() :]}>"

    return A_TAG.sub(fix, html) if "<a" in html or "<A" in html else html


class NoopenerPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return add_noopener(text)


class SafeContentExtension(Extension):
    """Priorities:

    - postprocessor ``safe_content_noopener`` at 5: after ``raw_html`` (30)
      has put raw HTML back, so authors' own ``<a>`` tags are covered too.
    - in metadata fields, ``html_block`` (preprocessor) and ``html`` (inline
      pattern) are removed: raw HTML is then escaped like any text.
    """

    def extendMarkdown(self, md):
        md.registerExtension(self)  # so reset() is called
        self.md = md
        md.postprocessors.register(NoopenerPostprocessor(md), "safe_content_noopener", 5)

    def reset(self):
        md = self.md
        in_metadata_field = "meta" not in md.preprocessors
        if in_metadata_field:
            if "html_block" in md.preprocessors:
                md.preprocessors.deregister("html_block")
            if "html" in md.inlinePatterns:
                md.inlinePatterns.deregister("html")


def makeExtension(**kwargs):
    return SafeContentExtension(**kwargs)


EXTENSION = "safe_content.safe_content"


def add_extension(readers):
    """Put the extension into MARKDOWN for this run's readers."""
    settings = readers.settings
    markdown = settings["MARKDOWN"]
    configs = dict(markdown.get("extension_configs", {}))
    configs.setdefault(EXTENSION, {})
    # A new dict: i18n subsites share the main run's nested settings.
    settings["MARKDOWN"] = {
        **markdown,
        "extension_configs": configs,
        "extensions": list(markdown.get("extensions", [])),
    }


def register():
    # readers_init: before the Markdown reader of a run is built.
    signals.readers_init.connect(add_extension)
    # content_object_init: each article and page, with its file name, before
    # anything is written.
    signals.content_object_init.connect(check_links)
