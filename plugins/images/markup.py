"""The <picture> of an image: one <source> per modern format, the <img> in
the original's format, widths and sizes, width/height against layout shift."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.serializers import to_html_string

from .pipeline import MIME, Probe, variant_name, widths


def srcset(p: Probe, cfg: dict, prefix: str, fmt: str, only: list[int] | None = None) -> str:
    ws = [w for w in widths(p, cfg) if only is None or w in only] or widths(p, cfg)[:1]
    return ", ".join(f"{prefix}/{variant_name(p, cfg, w, fmt)} {w}w" for w in ws)


def picture(
    p: Probe,
    cfg: dict,
    prefix: str,
    src: str,
    alt: str,
    sizes: str,
    eager: bool = False,
    only: list[int] | None = None,
    css_class: str | None = None,
) -> etree.Element:
    """`prefix`: the site's path ('' at a domain's root); `src`: the <img>'s
    src (the clean original); `only`: widths to offer (all by default)."""
    element = etree.Element("picture")
    if css_class:
        element.set("class", css_class)
    for fmt in cfg["formats"]:
        source = etree.SubElement(element, "source")
        source.set("type", MIME[fmt])
        source.set("srcset", srcset(p, cfg, prefix, fmt, only))
        source.set("sizes", sizes)
    img = etree.SubElement(element, "img")
    img.set("src", src)
    img.set("srcset", srcset(p, cfg, prefix, p.fallback, only))
    img.set("sizes", sizes)
    img.set("alt", alt)
    img.set("width", str(p.width))
    img.set("height", str(p.height))
    if eager:  # the page's main picture: fetched first, painted at once
        img.set("loading", "eager")
        img.set("fetchpriority", "high")
    else:
        img.set("loading", "lazy")
        img.set("decoding", "async")
    return element


def to_html(element: etree.Element) -> str:
    return to_html_string(element)
