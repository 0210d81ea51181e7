"""XML sitemaps with hreflang alternates, one per language, and an index.

Why our own and not pelican-sitemap 1.2.2: with i18n subsites it writes the
alternate links as `<xhtml:link ... ref=…>` (the attribute must be `href`),
gives English articles German URLs (it joins the main SITEURL with the
subsite's relative URL), leaves `/../` in translation URLs, omits the page's
own language from its alternates (search engines ignore hreflang sets that do
not name the page itself) and stamps every index page with the build time.

What is written (the layout Hugo uses for multilingual sites):

    sitemap.xml          a <sitemapindex> naming the per-language sitemaps
    sitemap-de.xml       every published German page
    en/sitemap-en.xml    every published English page
    robots.txt           allows everything and names sitemap.xml

Each URL's hreflang alternates are the ones of the page's own head: both
come from `i18n_extras.alternates.hreflang_links`, over the context the page
was rendered with, so home, archives, series pages, articles and pages have
the same alternates in the sitemap as in their `<link rel="alternate">`, and
`I18N_EXTRAS["x_default"]` is the one setting for x-default (issue 16).
Without i18n_extras the sitemaps have no alternates.

Each site run (the main site and every i18n subsite) collects the HTML files
it writes and writes its own sitemap when it finishes; the main site, which
finishes last, writes the index. Drafts, hidden items and the files matched by
`SITEMAP_HREFLANG["exclude"]` (regexes on the URL path) are left out.
"""

from __future__ import annotations

import logging
import os
import re
from xml.sax.saxutils import escape, quoteattr

import build_state
from i18n_extras.alternates import hreflang_links
from i18n_extras.i18n_extras import run_of
from pelican import signals
from plugin_helpers import absolute, clean_path, plugin_options

log = logging.getLogger(__name__)

DEFAULTS = {
    # Regexes matched against the path below SITEURL, e.g. "suche/".
    "exclude": [],
}

INDEX_FILE = "sitemap.xml"
LANG_FILE = "sitemap-{lang}.xml"


def _options(settings) -> dict:
    return plugin_options(settings, "sitemap_hreflang", "SITEMAP_HREFLANG", DEFAULTS)


clean = clean_path


# Output files collected per run, keyed by the run's OUTPUT_PATH, in the
# build's RunState (plugins/build_state.py). An entry lives from the run's
# start (get_generators) to its end (finalized).
def _entries(settings) -> dict:
    run = build_state.run_state(settings)
    return run.sitemap_entries if run is not None else {}


def start_run(pelican) -> None:
    if "x_default" in (pelican.settings.get("SITEMAP_HREFLANG") or {}):
        log.error(
            "sitemap_hreflang: SITEMAP_HREFLANG['x_default'] is gone: page heads and sitemaps "
            "name one x-default, set in I18N_EXTRAS['x_default'] (pelicanconf.py)"
        )
    _entries(pelican.settings)[pelican.settings["OUTPUT_PATH"]] = []


def collect(path, context) -> None:
    run = _entries(context).get(context.get("OUTPUT_PATH"))
    if run is None or not path.endswith(".html"):
        return
    obj = context.get("article") or context.get("page")
    if obj is not None and getattr(obj, "status", "published") != "published":
        return  # drafts and hidden items are not for search engines
    run.append((context["output_file"], obj, _hreflang(context)))


def _lastmod(obj) -> str | None:
    date = getattr(obj, "modified", None) or getattr(obj, "date", None)
    return date.isoformat(timespec="seconds") if date else None


def _hreflang(context) -> list[tuple[str, str]]:
    """The page's hreflang links, as its head has them (i18n_extras)."""
    run = run_of(context)
    return hreflang_links(context, run) if run is not None else []


def write_language_sitemap(settings, entries, path) -> int:
    options = _options(settings)
    siteurl = settings["SITEURL"]
    excluded = [re.compile(p) for p in options["exclude"]]
    urls = []
    for output_file, obj, alternates in sorted(entries, key=lambda e: e[0]):
        rel = clean(output_file)
        if any(p.search(rel) for p in excluded):
            continue
        loc = absolute(siteurl, rel)
        lines = [f"  <url>\n    <loc>{escape(loc)}</loc>"]
        lastmod = _lastmod(obj) if obj is not None else None
        if lastmod:
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
        for lang, href in alternates:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
            )
        urls.append("\n".join(lines) + "\n  </url>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\n'
            '        xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(urls) + "</urlset>\n"
        )
    return len(urls)


def write_index(sitemaps: list[str], path: str) -> None:
    items = "".join(
        f"  <sitemap>\n    <loc>{escape(url)}</loc>\n  </sitemap>\n" for url in sitemaps
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + items
            + "</sitemapindex>\n"
        )


def finish_run(pelican) -> None:
    settings = pelican.settings
    entries = _entries(settings).pop(settings["OUTPUT_PATH"], None)
    if entries is None:
        return
    subsites = settings.get("I18N_SUBSITES", {})
    lang = settings["DEFAULT_LANG"]

    name = LANG_FILE.format(lang=lang)
    count = write_language_sitemap(settings, entries, os.path.join(pelican.output_path, name))
    log.info("sitemap_hreflang: %d URLs in %s", count, name)
    if lang in subsites:
        return  # a subsite; the main site writes the index

    # The main site finishes after its subsites: name every sitemap there is.
    sitemaps = [absolute(settings["SITEURL"], name)]
    for sub_lang, overrides in sorted(subsites.items()):
        sub_output = overrides.get("OUTPUT_PATH") or os.path.join(pelican.output_path, sub_lang)
        sub_name = LANG_FILE.format(lang=sub_lang)
        if os.path.exists(os.path.join(sub_output, sub_name)):
            sub_url = overrides.get("SITEURL") or absolute(settings["SITEURL"], sub_lang + "/")
            sitemaps.append(absolute(sub_url, sub_name))
    write_index(sitemaps, os.path.join(pelican.output_path, INDEX_FILE))
    write_robots(
        absolute(settings["SITEURL"], INDEX_FILE), os.path.join(pelican.output_path, "robots.txt")
    )


def write_robots(sitemap_url: str, path: str) -> None:
    """robots.txt: everything may be crawled; here is the sitemap.

    Written here, not kept in content/extra/, because the Sitemap line must be
    an absolute URL and SITEURL is only known at build time.
    """
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")


def register():
    build_state.connect()  # before start_run: the RunState is new when it runs
    # get_generators: the start of every run, main site and subsites alike
    # (i18n_subsites starts its subsites from inside the main run).
    signals.get_generators.connect(start_run)
    # content_written: every rendered file with its template context.
    signals.content_written.connect(collect)
    # finalized: a run is done; subsites finish before the main site.
    signals.finalized.connect(finish_run)
