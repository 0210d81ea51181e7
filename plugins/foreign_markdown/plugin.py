"""Posts written elsewhere: other generators' Markdown, and other hosts' files.

Real posts moved here from Hugo, Jekyll, Eleventy, Decap CMS or another
Pelican blog carry conventions Pelican does not know. Read as they are, they
lose content or damage the page without a word. This plugin reads them
(a Markdown extension, extension.py, so the read pipeline's cache covers it)
or stops the publish naming file and fix:

- YAML front matter (front_matter.py): parsed, keys mapped to Pelican's;
  a block that does not parse is an error naming its line;
- dates read the German way (`03.04.2015` = 3 April), ambiguous ones an
  error with the ISO form;
- `Lang:` values such as `en_US`, `en-GB` read as `en`; a text without
  `Lang:` that is clearly English is a warning naming the fix `Lang: en`;
- Hugo shortcodes and Liquid tags (shortcodes.py): the common ones
  converted, any other an error naming file, line and tag;
- YouTube and Vimeo embeds (and video links alone on a line) become link
  cards in the page's language: nothing is requested from the video host
  before the reader follows the link (FOREIGN_MARKDOWN["video_cards"]);
- raw HTML blocks holding Markdown get `markdown="1"` (md_in_html);
- footnote back-links titled in the page's language.

And one check once all content is read (`check_external`): an image,
iframe, script, stylesheet or media file from another host stops the
publish naming file and URL. The site's Content-Security-Policy
(content/extra/_headers) would block it in the reader's browser, and if it
loaded it would tell that host about every reader. Images are copied in by
`make localize-images` (tools/localize_images.py).

Settings: FOREIGN_MARKDOWN = {"video_cards": True}.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import build_state
import compat
from content_lists import all_contents
from pelican import signals
from plugin_helpers import is_main_run, plugin_options, requires
from read_pipeline import Transform, add_transform

from .extension import BACKLINK_TITLE, FOOTNOTE_TITLES, guess_language

log = logging.getLogger(__name__)

DEFAULTS = {
    # YouTube/Vimeo embeds and lone video links as link cards; False: left
    # as they are (and an iframe then stops the publish).
    "video_cards": True,
}
EXTENSION = "foreign_markdown.extension"

# Elements that load something into the page, and the attribute naming it.
LOADS = re.compile(
    r"<(?P<tag>img|iframe|script|link|source|video|audio|embed|object|track|input)\b(?P<attrs>[^>]*)>",
    re.I,
)
URL_ATTR = re.compile(
    r"""\b(src|href|data|poster|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I
)
REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
KIND = {
    "img": "image",
    "source": "image or media file",
    "input": "image",
    "iframe": "embedded page",
    "embed": "embedded object",
    "object": "embedded object",
    "script": "script",
    "link": "stylesheet",
    "video": "video",
    "audio": "audio file",
    "track": "subtitle file",
}


def options(settings) -> dict:
    return plugin_options(settings, "foreign_markdown", "FOREIGN_MARKDOWN", DEFAULTS)


def add_extension(readers) -> None:
    """readers_init: the extension into this run's MARKDOWN (a new dict: the
    i18n subsites share the main run's nested settings)."""
    settings = readers.settings
    markdown = settings["MARKDOWN"]
    configs = dict(markdown.get("extension_configs", {}))
    configs[EXTENSION] = {
        "default_lang": build_state.main_lang(settings),
        "video_cards": bool(options(settings)["video_cards"]),
    }
    settings["MARKDOWN"] = {
        **markdown,
        "extension_configs": configs,
        "extensions": list(markdown.get("extensions", [])),
    }


# --- read pipeline transforms (once per file and session) --------------------


def english_text(html: str, metadata: dict, context) -> str:
    """A text without `Lang:` on a German site that is clearly English: a
    warning naming the fix (a stop-word count over the opening: cheap)."""
    # The opening's words are enough; tag names and attributes hold none of
    # the counted words, so the HTML is not even stripped (cheap).
    if (
        html
        and "lang" not in metadata
        and context.lang == "de"
        and guess_language(html[:SAMPLE]) == "en"
    ):
        log.warning(
            "%s: no 'Lang:' line, but the text is English: it would be set with German "
            "quotes and listed on the German site; add the line 'Lang: en'",
            context.source_path,
        )
    return html


def footnote_titles(html: str, metadata: dict, context) -> str:
    """Python-Markdown titles footnote back-links in English only."""
    title = FOOTNOTE_TITLES.get(context.lang)
    if title is None or not html or "footnote-backref" not in html:
        return html
    return BACKLINK_TITLE.sub(lambda m: title.format(m.group(1)), html)


SAMPLE = 2500  # characters of HTML: some 250 words


def _first(match) -> str:
    return next((g for g in match.groups()[1:] if g is not None), "")


def external_urls(html: str, own_hosts: set[str]):
    """(kind, URL) of each thing the HTML loads from another host."""
    if "//" not in html:
        return
    for m in LOADS.finditer(html):
        tag = m.group("tag").lower()
        attrs = m.group("attrs")
        if tag == "link":
            rel = REL.search(attrs)
            if not rel or not {"stylesheet", "preload", "icon", "modulepreload"} & set(
                _first(rel).lower().split()
            ):
                continue
        for attr in URL_ATTR.finditer(attrs):
            for url in (
                re.split(r",\s+", _first(attr))
                if attr.group(1).lower() == "srcset"
                else [_first(attr)]
            ):
                url = url.strip().split(" ")[0].replace("&amp;", "&")
                if url.startswith(("http://", "https://", "//")):
                    host = (urlsplit(url).hostname or "").lower()
                    if host not in own_hosts:
                        yield KIND[tag], url


def check_external(generators) -> None:
    """all_generators_finalized (main run): what would load from another host."""
    if not generators or not is_main_run(generators[0].settings):
        return
    settings = generators[0].settings
    own = {(urlsplit(settings.get("SITEURL") or "").hostname or "").lower()} - {""}
    for content in sorted(all_contents(generators), key=lambda c: c.source_path):
        for kind, url in external_urls(compat.body(content), own):
            if kind == "image":
                fix = "run 'make localize-images' to copy it into content/images/ and link the copy"
            elif kind in ("embedded page", "embedded object", "video", "audio file"):
                fix = "link to it instead ([what it shows](URL)), or copy the file into content/"
            else:
                fix = "remove it, or copy the file into content/extra/ and link the copy"
            log.error(
                "%s: the %s %s is loaded from another host: the site's Content-Security-Policy "
                "blocks it, and it would tell that host about every reader; %s",
                content.source_path,
                kind,
                url,
                fix,
            )


def register():
    requires("foreign_markdown", "read_pipeline")
    # readers_init: before the Markdown reader of a run is built.
    signals.readers_init.connect(add_extension)
    # The read pipeline: once per file and session, cached with the parse.
    add_transform(Transform("english_text", 90, english_text, "foreign_markdown"))
    add_transform(Transform("footnote_titles", 150, footnote_titles, "foreign_markdown"))
    # all content read, nothing written yet.
    signals.all_generators_finalized.connect(check_external)
