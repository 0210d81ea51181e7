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

Options: none. The plugin only adds the extension to MARKDOWN.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from pelican import signals

# A start tag of a link, with its attributes.
A_TAG = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
# href="…" / href='…' / href=… inside a start tag.
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


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
        return f"<a{attrs[: rel.start()]}{new_rel}{attrs[rel.end():]}>"

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
    settings["MARKDOWN"] = {**markdown, "extension_configs": configs,
                            "extensions": list(markdown.get("extensions", []))}


def register():
    # readers_init: before the Markdown reader of a run is built.
    signals.readers_init.connect(add_extension)
