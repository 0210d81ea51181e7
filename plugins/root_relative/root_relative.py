"""Root-relative addresses on pages; absolute ones where a standard wants them.

The published output/ must work on any host: the real domain, a preview
domain, localhost (`make serve`). So pages address the site's own pages and
files by their path (`/theme/css/site.css`, `/en/contact/`), and only what is
read away from the site carries SITEURL: rel="canonical", hreflang alternates,
Open Graph and Twitter tags, JSON-LD (the templates build those from SITEURL),
feeds, sitemaps and robots.txt.

- Templates: the filter `root_relative` turns an address of this site, given
  relative to this language's SITEURL (`article.url`) or absolute, into a clean
  root-relative one: `{{ article.url | root_relative }}` gives `/en/<slug>/` on
  the English subsite, `{{ "" | root_relative }}` its home `/en/`. `..` and
  `index.html` are resolved (pelican-i18n-subsites gives `/en/../<slug>/`);
  addresses on other hosts and `mailto:` stay as they are.
- Texts: Pelican writes the links of {filename} and {static} into bodies and
  formatted metadata from `localsiteurl`, which it sets to SITEURL; here that
  becomes SITEURL's path.
- Feeds: Pelican writes each entry's body with the absolute SITEURL, but the
  summary was formatted for the pages, and links written by hand (`/kontakt/`)
  are root-relative anyway: in the entries' HTML they get the site's origin,
  because a feed reader has no page to resolve them against.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from jinja2 import pass_context
from pelican import signals
from plugin_helpers import absolute

# href="/…" or src="/…" in HTML; not "//host/…" (protocol-relative, another host).
ROOT_RELATIVE_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=["'])/(?!/)""")


def site_path(siteurl: str) -> str:
    """The path of a SITEURL: '' for https://example.org, '/en' for https://example.org/en."""
    return urlsplit(siteurl or "").path.rstrip("/")


# Remembered: the theme asks dozens of times per page (navigation, lists,
# tags, the language switch), each two urljoins and a normpath; a pure
# function of two strings (measured: see the commit and bench/README.md).
@functools.lru_cache(maxsize=1 << 16)
def to_root_relative(siteurl: str, url: str) -> str:
    """`url` (relative to siteurl, or absolute) as a clean root-relative address."""
    siteurl = siteurl or ""
    joined = urlsplit(urljoin(siteurl.rstrip("/") + "/", url or ""))
    own = urlsplit(siteurl)
    if joined.scheme and (joined.scheme, joined.netloc) != (own.scheme, own.netloc):
        return url  # another host, mailto:, …
    clean = urlsplit(absolute(siteurl, url or ""))
    return urlunsplit(("", "", clean.path, clean.query, clean.fragment))


@pass_context
def root_relative(ctx, url: str) -> str:
    return to_root_relative(ctx.get("SITEURL") or "", url)


def add_filter(pelican) -> None:
    """The filter through Pelican's public JINJA_FILTERS (a subsite's
    settings are a copy of the main site's: it has it too)."""
    settings = pelican.settings
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        "root_relative": root_relative,
    }


def prepare_generator(generator) -> None:
    # With RELATIVE_URLS Pelican's writer sets localsiteurl per page itself.
    if not generator.settings.get("RELATIVE_URLS"):
        generator.context["localsiteurl"] = site_path(generator.settings.get("SITEURL"))


def absolute_feed_links(context, feed) -> None:
    parts = urlsplit(context.get("SITEURL") or "")
    if not (parts.scheme and parts.netloc):
        return
    origin = f"{parts.scheme}://{parts.netloc}/"
    for item in feed.items:
        for key in ("description", "content"):
            if item.get(key):
                item[key] = ROOT_RELATIVE_ATTRIBUTE.sub(lambda m: m.group(1) + origin, item[key])


def register():
    # initialized: settings are final, no generator (Jinja environment) yet.
    signals.initialized.connect(add_filter)
    # Every generator of every run (each language) has its own Jinja
    # environment; the context they share is made before them.
    signals.generator_init.connect(prepare_generator)
    # A feed's entries are complete, not yet written.
    signals.feed_generated.connect(absolute_feed_links)
