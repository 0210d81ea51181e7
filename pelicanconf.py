"""Development settings. `publishconf.py` adds the production overrides."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Local plugins are plain modules in plugins/; make them importable for
# `pelican` itself, the build script and the tests alike.
if str(HERE / "plugins") not in sys.path:
    sys.path.insert(0, str(HERE / "plugins"))

# --- Site -------------------------------------------------------------------
# TODO(Autorin): Name und Domain eintragen.
AUTHOR = "Vorname Nachname"
SITENAME = "Resonanz statt Reichweite"
SITESUBTITLE = "Gedanken zu Führung, Beziehung und Wirksamkeit"
SITEURL = ""
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"

# --- Content ----------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra", "images", "redirects"]
# Files for the web server, copied from content/extra/ to the site's root:
# HTTP headers (CSP, caching) for Netlify/Cloudflare Pages and for Apache,
# and redirects (_redirects, .htaccess; `make import` adds the old WordPress
# addresses, docs/schreiben.md "Umzug von WordPress").
EXTRA_PATH_METADATA = {
    "extra/_headers": {"path": "_headers"},
    "extra/_redirects": {"path": "_redirects"},
    "extra/.htaccess": {"path": ".htaccess"},
    "extra/favicon.ico": {"path": "favicon.ico"},
}
# Redirect pages at the old addresses of an imported WordPress site: each
# content/redirects/<old path> is copied to <old path> in the site.
PATH_METADATA = r"redirects/(?P<path>.+)"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
# Folders below articles/ (years, or a whole blog copied in) are no
# categories: a post without `Category:` gets DEFAULT_CATEGORY.
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Allgemein"
# Articles without an explicit summary get one made from their opening:
# whole sentences, at most this many words (plugins/summaries).
SUMMARY_MAX_LENGTH = 50
# A post dated in the future is a draft until then: not on the site, in no
# feed, list or series (and, as drafts, not written when publishing).
WITH_FUTURE_DATES = False
# Metadata rendered as Markdown like the text (typography included).
FORMATTED_FIELDS = ["summary", "series_next", "series_description"]

# --- Series (plugins/series, docs/schreiben.md "Serien") ------------------------------------
# German at /serie/{slug}/, English at /en/series/{slug}/. LANGS holds the other
# languages' values: both the German and the English run need all of them
# (links between the languages, and the teaser heading of each article).
SERIES = {
    "URL": "serie/{slug}/",
    "SAVE_AS": "serie/{slug}/index.html",
    "INDEX_URL": "serie/",
    "INDEX_SAVE_AS": "serie/index.html",
    "FEEDS": False,  # one Atom feed per series: publishconf.py turns them on
    "FEED_ATOM": "feeds/serie/{slug}.atom.xml",
    # A final section with this heading is the teaser of the next part.
    "NEXT_LABEL": "Im nächsten Beitrag",
    "LANGS": {
        "en": {
            "URL": "series/{slug}/",
            "SAVE_AS": "series/{slug}/index.html",
            "INDEX_URL": "series/",
            "INDEX_SAVE_AS": "series/index.html",
            "FEED_ATOM": "feeds/series/{slug}.atom.xml",
            "NEXT_LABEL": "In the next post",
        },
    },
}

# --- URLs: clean, /{slug}/ ----------------------------------------------------
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
ARTICLE_LANG_URL = "{slug}/"
ARTICLE_LANG_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "entwurf/{slug}/"
DRAFT_SAVE_AS = "entwurf/{slug}/index.html"
DRAFT_LANG_URL = "entwurf/{slug}/"
DRAFT_LANG_SAVE_AS = "entwurf/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/"
PAGE_LANG_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "kategorie/{slug}/"
CATEGORY_SAVE_AS = "kategorie/{slug}/index.html"
CATEGORIES_URL = "kategorien/"
CATEGORIES_SAVE_AS = "kategorien/index.html"
TAG_URL = "schlagwort/{slug}/"
TAG_SAVE_AS = "schlagwort/{slug}/index.html"
TAGS_URL = "schlagworte/"
TAGS_SAVE_AS = "schlagworte/index.html"
ARCHIVES_URL = "archiv/"
ARCHIVES_SAVE_AS = "archiv/index.html"
YEAR_ARCHIVE_URL = "archiv/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archiv/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archiv/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archiv/{date:%Y}/{date:%m}/index.html"
# One author: no author pages.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# --- Feeds: none while developing (publishconf.py turns them on) --------------
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Markdown -----------------------------------------------------------------
# Setting MARKDOWN replaces Pelican's default dict, so its extensions are
# restated here.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # plugins/heading_ids: an id on every heading, German slugs
        # ("Führung" -> "fuehrung"), unique on the page: the theme's own
        # ids on article and page templates count as taken.
        "heading_ids": {
            "reserved_ids": [
                "inhalt",
                "cta-titel",
                "autorin-titel",
                "series-teaser-title",
                "suche",
                "suche-404",
                "suche-fehlt",
            ],
        },
        # plugins/german_typography (docs/schreiben.md "Typografie"): quotes, dashes,
        # no-break spaces and the literal gender star, by each file's `Lang`;
        # files without `Lang` get the main language's rules in every run.
        # typogrify's amp, caps and widont, applied by the plugin's reader
        # once per file (its smartypants and initial_quotes are replaced by
        # german_typography's own rules).
        "german_typography": {"default_lang": DEFAULT_LANG, "typogrify": ["amp", "caps", "widont"]},
        # plugins/inline_triggers: Python-Markdown's inline patterns are tried
        # only on texts that hold what they need (`[` for a link, ...): same
        # output, a third less time converting Markdown.
        "inline_triggers": {},
    },
    "output_format": "html5",
}
# Seconds the Markdown of one file may take (plugins/german_typography's
# reader): a pathological post (thousands of nested list levels) fails with a
# message naming it instead of keeping the build busy for many minutes. The
# slowest real post takes well under a second; 0 turns the limit off.
MARKDOWN_TIME_LIMIT = 60
# Pelican's own typogrify pass stays off: it would run over every text in
# every run (the English subsite too), after the reader cache; german_typography
# gives the same output once per file (plugins/german_typography/typogrify_filters.py).
TYPOGRIFY = False

# --- Slugs: German transliteration, "Führung" -> "fuehrung" ---------------------
# For articles, pages, categories, tags and series alike (all go through
# pelican.utils.slugify with these settings; see plugins/german_typography/slugs.py).
from german_typography.slugs import SLUG_REGEX_SUBSTITUTIONS  # noqa: E402

SLUGIFY_USE_UNICODE = True

# --- Languages: German site at /, English subsite at /en/ -------------------------
# A translation names its original with `Translation_of: <the original's Slug>`
# and may have a slug of its own (plugins/i18n_extras sets `translation_key`
# to that value, else to the post's slug: same slug still pairs, too).
ARTICLE_TRANSLATION_ID = "translation_key"
PAGE_TRANSLATION_ID = "translation_key"
# pelican-i18n-subsites runs a second Pelican pass for each subsite; only what
# differs from the German site is overridden here.
I18N_SUBSITES = {
    "en": {
        "SITENAME": "Resonance, Not Reach",
        "SITESUBTITLE": "Thoughts on leadership, relationships and impact",
        "DEFAULT_CATEGORY": "General",
        # English addresses below /en/ (the subsite's folder).
        "CATEGORY_URL": "category/{slug}/",
        "CATEGORY_SAVE_AS": "category/{slug}/index.html",
        "CATEGORIES_URL": "categories/",
        "CATEGORIES_SAVE_AS": "categories/index.html",
        "TAG_URL": "tag/{slug}/",
        "TAG_SAVE_AS": "tag/{slug}/index.html",
        "TAGS_URL": "tags/",
        "TAGS_SAVE_AS": "tags/index.html",
        "ARCHIVES_URL": "archive/",
        "ARCHIVES_SAVE_AS": "archive/index.html",
        "YEAR_ARCHIVE_URL": "archive/{date:%Y}/",
        "YEAR_ARCHIVE_SAVE_AS": "archive/{date:%Y}/index.html",
        "MONTH_ARCHIVE_URL": "archive/{date:%Y}/{date:%m}/",
        "MONTH_ARCHIVE_SAVE_AS": "archive/{date:%Y}/{date:%m}/index.html",
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
        ),
        "CTA_URL": "contact/",
        "CTA_TEXT": "Book a free 30-minute conversation",
        "AUTHOR_BOX_URL": "about/",
        "AUTHOR_BOX_TEXT": (
            "I accompany leaders, entrepreneurs and project founders in finding "
            "the people they want to walk their path with: resonance, not reach."
        ),
        "SEARCH_URL": "search/",
        "SEARCH_SAVE_AS": "search/index.html",
    },
}
# Untranslated articles and pages are left out of the other language's site
# (the plugin's default would render them all again as drafts).
I18N_UNTRANSLATED_ARTICLES = "remove"
I18N_UNTRANSLATED_PAGES = "remove"
# Template msgids are German: the German site needs no catalog.
I18N_TEMPLATES_LANG = "de"

# --- Theme and plugins ----------------------------------------------------------
THEME = "theme"
# Autoescape: metadata (titles, tags, …) is text and must never reach a page
# as markup. Rendered HTML (content, summary) is marked `|safe` in templates.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
    # Each Pelican run makes new Jinja environments (the devserver too), so
    # templates never change under one: no mtime check per include/extends.
    "auto_reload": False,
    # A plain dict as the template cache: Jinja's default LRU cache (400)
    # reorders a queue on every include, 15 per article page;
    # the theme has fewer than 50 templates.
    "cache_size": -1,
}
# Pelican 4.12 loads every installed namespace plugin when PLUGINS is unset:
# always list them.
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "pelican.plugins.i18n_subsites",
    "read_pipeline",
    "i18n_extras",
    "root_relative",
    "strict_content",
    "babel_dates",
    "german_typography",
    "sitemap_hreflang",
    "reading_time",
    "series",
    "safe_content",
    "fast_build",
    "lean_subsites",
]
# read_pipeline (plugins/read_pipeline): one reader for every file, with the
# plugins' named transforms and the session's read cache; it must come before
# the plugins that add transforms (german_typography, series; asserted).
# root_relative: pages link the site root-relative (/theme/…, /en/…), so one
# output/ works on any host; canonical, hreflang, Open Graph, JSON-LD, feeds and
# sitemaps keep SITEURL (plugins/root_relative).
# wp_shortcodes: a WordPress shortcode that `make import` could not convert
# stops the publish, naming the file (plugins/wp_shortcodes).
PLUGINS += ["wp_shortcodes"]
# safe_content: rel="noopener" on external links; raw HTML in Summary (and
# other Markdown metadata) shown as text.
# fast_build (plugins/fast_build): each file is parsed once per build, not once
# per language; devserver rebuilds render only pages whose inputs changed.
# build_clock: BUILD_NOW (unset here) moves the build's clock for tests, e.g.
# --set 'BUILD_NOW="2026-12-06 09:00"': posts dated after it are held back
# (docs/schreiben.md "Beiträge planen").
PLUGINS += ["build_clock"]
# images (plugins/images, docs/schreiben.md "Bilder"): `![Alt](…)` pictures as responsive
# <picture>s (AVIF, WebP, the original's format; EXIF/GPS removed), header
# images (`Image:`) and a share card for every post and page without one.
# Settings: IMAGES = {...} over the plugin's defaults (plugins/images/settings.py).
PLUGINS += ["images"]
# foreign_markdown (plugins/foreign_markdown, docs/schreiben.md "Wenn der Build Nein sagt"):
# posts from Hugo, Jekyll, Eleventy, Decap CMS: YAML front matter, German
# dates, shortcodes and Liquid tags, video embeds as link cards
# (FOREIGN_MARKDOWN = {"video_cards": True}); anything loaded from another
# host stops the publish. summaries: a post without Summary: gets one from
# its opening (SUMMARIES = {"from_text": True}); after safe_content, which
# cleans the body first.
PLUGINS += ["foreign_markdown", "summaries"]
# Images that posts link on the site's former domain (a list of host names,
# e.g. ["alter-blog.de", "www.alter-blog.de"]): `make localize-images` takes
# them from content/ when there, else downloads them like any other.
OLD_DOMAINS = []

# Reproducible builds: no content cache unless asked for (see Makefile).
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "search", "404"]

# --- Search, sitemap, robots.txt ----------------------------------------------
# The search page (theme/templates/search.html) at /suche/ (English: /en/search/);
# tools/build.py indexes the built site with Pagefind after Pelican.
SEARCH_URL = "suche/"
SEARCH_SAVE_AS = "suche/index.html"
# plugins/sitemap_hreflang: sitemap.xml (index), sitemap-de.xml, en/sitemap-en.xml
# and robots.txt. Regexes on the URL path of pages search engines need not list.
SITEMAP_HREFLANG = {"exclude": [r"^suche/", r"^search/", r"^404\.html$"]}

# --- Theme (theme/, see docs/theme.md) -----------------------------------------
# The call to action under every article: a path on the main site, a full URL
# or a mailto: address; no third-party booking widget.
CTA_URL = "kontakt/"
CTA_TEXT = "Kostenlosen 30-minütigen Gesprächstermin buchen"
# The author box under every article (plain text), and where "Mehr über mich" leads.
# TODO(Autorin): eigenen Text eintragen.
AUTHOR_BOX_TEXT = (
    "Ich begleite Führungskräfte, Unternehmer*innen und Projektinitiator*innen "
    "dabei, mit den richtigen Menschen unterwegs zu sein: Resonanz statt Reichweite."
)
AUTHOR_BOX_URL = "ueber-mich/"
# The "404" direct template is the friendly not-found page, written to 404.html.
