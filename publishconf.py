"""Production settings: pelicanconf.py plus what only the published site needs."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403
from pelicanconf import I18N_SUBSITES  # extended below

# TODO(Autorin): echte Domain eintragen (oder SITEURL beim Bauen setzen).
# Without a trailing slash: pages join it with "/" + path.
SITEURL = os.environ.get("SITEURL", "https://www.example.org").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
# Atom feeds per language (each site writes its own under its folder: /feeds/…,
# /en/feeds/…): all posts and one per category. Atom entries always carry the
# full text; the RSS setting is stated so that turning RSS on keeps it so.
# FEED_ATOM, not FEED_ALL_ATOM: Pelican's "all" feed adds every translation,
# so the German feed would carry the English versions too.
FEED_ATOM = "feeds/alle.atom.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = "feeds/kategorie/{slug}.atom.xml"
SERIES = {**SERIES, "FEEDS": True}  # noqa: F405  one Atom feed per series
TAG_FEED_ATOM = "feeds/schlagwort/{slug}.atom.xml"
# The English subsite's feeds have English names (/en/feeds/all.atom.xml, …);
# plugins/i18n_extras gives them self links under /en/.
I18N_SUBSITES = {
    **I18N_SUBSITES,
    "en": {
        **I18N_SUBSITES["en"],
        "FEED_ATOM": "feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
        "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    },
}
RSS_FEED_SUMMARY_ONLY = False
# plugins/build_clock: `.build-fingerprint` in the site's root, what the site
# was built from; scheduled runs compare it with the deployed one and skip
# the publish when they are the same (docs/schreiben.md "Beiträge planen").
BUILD_FINGERPRINT = True
# The newest 20 posts, each in full: enough for any feed reader to catch up,
# small enough to be fetched every hour.
FEED_MAX_ITEMS = 20

# Drafts are previewed with `make devserver` only: never written when publishing.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# Pre-compressed copies (page.html.gz next to page.html) for servers that
# serve them as they are (nginx `gzip_static on`). Off unless asked for:
# `PRECOMPRESS=1 make publish`. Most static hosts and CDNs compress on their
# own. gzip and Brotli (`brotli` is pinned for it), no zstd.
if os.environ.get("PRECOMPRESS") == "1":
    PLUGINS = [*PLUGINS, "pelican.plugins.precompress"]  # noqa: F405
    PRECOMPRESS_GZIP = True
    PRECOMPRESS_BROTLI = True
    PRECOMPRESS_ZSTANDARD = False

# plugins/fast_build: a publish runs once, so there is no earlier run to
# compare with and no later one to record for.
FAST_BUILD = {"one_run": True}

DELETE_OUTPUT_DIRECTORY = True
