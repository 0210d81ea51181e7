"""Pelican side of the images plugin: settings, copying, encoding, share cards.

Signals (each run: the German site and the English subsite):

- readers_init: the Markdown extension (extension.py) into MARKDOWN, with
  the content folder, the main site's path and the IMAGES settings; the
  same values in both runs, so plugins/fast_build can share each parse.
- static_generator_finalized: JPEG, PNG, WebP, AVIF and still GIF files of
  the static folders are taken from Pelican's copy list: Pelican would copy
  them with their EXIF (GPS) data. This plugin writes them instead, cleaned.
- all_generators_finalized (after every file is read, before anything is
  written, after the output folder is cleaned): reports the extension's
  problems naming the Markdown file, sets each post's and page's header
  picture and Open Graph image (crop or share card), encodes what the cache
  lacks in parallel and places the files in OUTPUT_PATH, so the publish's
  atomic swap covers them.
- feed_generated: in feeds a picture is one <img> of the clean original.
- get_generators (a devserver session's next run): parses that show an
  image replaced since are read again (freshness.py).

The main run writes the derived images (srcset addresses are the main
site's, /images/…); every run writes the clean originals where Pelican would
have copied them (the English site's {static} links lead to /en/images/…)
and its own Open Graph images and cards.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import time
from pathlib import Path

import compat
from pelican import signals

from . import cards
from .extension import ERROR_MARK, image_path
from .freshness import forget_stale_parses
from .markup import picture, to_html
from .pipeline import (
    RASTER,
    ImageProblem,
    Probe,
    encode_entry,
    entry_key,
    og_name,
    og_size,
    place,
    plan,
    probe,
    run_parallel,
    variant_name,
    write_atomic,
)
from .settings import cache_dir, options, workers

log = logging.getLogger(__name__)

EXTENSION = "images.extension"
ERROR_COMMENT = re.compile(r"<!--\s*" + re.escape(ERROR_MARK) + r"(.*?)-->", re.S)
FOCUS = re.compile(r"^\s*(\d{1,3})\s*%\s*[ ,]\s*(\d{1,3})\s*%\s*$")
PICTURE = re.compile(r"<picture\b[^>]*>.*?(<img\b[^>]*>).*?</picture>", re.S)
DROP_IN_FEEDS = re.compile(r"""\s(?:srcset|sizes|loading|decoding|fetchpriority)="[^"]*\"""")
TEASER_WIDTHS = "teaser_widths"
# Names only this plugin gives: <stem>.<8 hex>.<width>w.<ext>, ….og-<x>-<y>.jpg, cards <slug>.<8 hex>.jpg.
DERIVED_NAME = re.compile(
    r"^.+\.[0-9a-f]{8}\.(?:\d+w\.(?:avif|webp|jpg|png|gif)|og-\d+-\d+\.jpg|jpg)$"
)


# --- settings and paths ---------------------------------------------------------


def site_path(siteurl: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(siteurl or "").path.rstrip("/")


def main_prefix(settings) -> str:
    """The main site's path ('' at a domain's root), in every run.

    pelican-i18n-subsites gives a subsite SITEURL = main SITEURL + '/<lang>'
    (its `create_next_subsite`); a run is a subsite when its DEFAULT_LANG is
    a key of I18N_SUBSITES.
    """
    path = site_path(settings.get("SITEURL"))
    lang = settings.get("DEFAULT_LANG")
    if lang in (settings.get("I18N_SUBSITES") or {}) and path.endswith("/" + lang):
        path = path[: -len(lang) - 1]
    return path


def is_subsite(settings) -> bool:
    return settings.get("DEFAULT_LANG") in (settings.get("I18N_SUBSITES") or {})


def add_extension(readers):
    settings = readers.settings
    markdown = settings["MARKDOWN"]
    configs = dict(markdown.get("extension_configs", {}))
    configs[EXTENSION] = {
        "content_path": os.path.abspath(settings["PATH"]),
        "prefix": main_prefix(settings),
        "images": options(settings) if EXTENSION not in configs else configs[EXTENSION]["images"],
    }
    # A new dict: i18n subsites share the main run's nested settings.
    settings["MARKDOWN"] = {
        **markdown,
        "extension_configs": configs,
        "extensions": list(markdown.get("extensions", [])),
    }


# --- static files ------------------------------------------------------------------


def take_images(generator):
    """Raster images leave Pelican's copy list: this plugin writes them cleaned."""
    cfg = options(generator.settings)
    content_root = os.path.abspath(generator.settings["PATH"])
    kept, taken = [], []
    for static in generator.staticfiles:
        rel = static.get_relative_source_path().replace(os.sep, "/")
        if posixpath.splitext(rel)[1].lower() not in RASTER:
            kept.append(static)
            continue
        try:
            info = probe(os.path.join(content_root, rel), rel, cfg["max_pixels"])
        except ImageProblem as exc:
            # Not copied: it might be a decompression bomb or carry what we cannot strip.
            log.error("content/%s: the image %s; replace the file", rel, exc)
            taken.append((static, None))
            continue
        if info.animated:
            kept.append(static)  # animated GIFs are copied as they are
            continue
        taken.append((static, info))
    generator.staticfiles[:] = kept
    generator._images_taken = taken


# --- contents ------------------------------------------------------------------


def all_contents(generators):
    seen = set()
    for generator in generators:
        drafts_written = bool(generator.settings.get("DRAFT_SAVE_AS"))
        # Articles and pages generators both name their lists so.
        names = [
            "articles",
            "translations",
            "hidden_articles",
            "hidden_translations",
            "pages",
            "hidden_pages",
        ]
        if drafts_written:  # development builds write drafts; publishing does not
            names += ["drafts", "drafts_translations", "draft_pages", "draft_translations"]
        for name in names:
            for content in getattr(generator, name, None) or []:
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def report_problems(content) -> None:
    text = compat.body(content)
    if ERROR_MARK not in text:
        return
    for m in ERROR_COMMENT.finditer(text):
        log.error("%s: %s", content.source_path, html.unescape(m.group(1).strip()))
    compat.set_body(content, ERROR_COMMENT.sub("", text))


def focus_of(content) -> tuple[int, int]:
    value = content.metadata.get("image_focus")
    if not value:
        return (50, 50)
    m = FOCUS.match(str(value))
    if not m or int(m.group(1)) > 100 or int(m.group(2)) > 100:
        log.error(
            "%s: 'Image_focus: %s' is not a point of the picture; write it as "
            "'Image_focus: 30%% 40%%' (from the left, from the top)",
            content.source_path,
            value,
        )
        return (50, 50)
    return int(m.group(1)), int(m.group(2))


def plain(value) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(value or ""))).strip()


class Run:
    """What one Pelican run (one language) makes and writes."""

    def __init__(self, generators):
        self.settings = generators[0].settings
        self.cfg = options(self.settings)
        self.content_root = os.path.abspath(self.settings["PATH"])
        self.output = self.settings["OUTPUT_PATH"]
        self.cache = cache_dir(self.settings, self.cfg)
        self.prefix = main_prefix(self.settings)
        self.siteurl = (self.settings.get("SITEURL") or "").rstrip("/")
        self.subsite = is_subsite(self.settings)
        self.generators = generators
        self.entries: dict[
            str, list
        ] = {}  # cache folder -> [probe, {file: spec}, [(file, target)]]
        self.card_jobs: dict[str, tuple] = {}  # cache file -> (card, [targets])
        self.users: dict[str, list[str]] = {}  # image rel -> Markdown files that show it

    # Header images, Open Graph images and cards -------------------------------

    def entry(self, p: Probe):
        folder = os.path.join(self.cache, entry_key(p, self.cfg))
        return self.entries.setdefault(folder, [p, {}, []])

    def setup_content(self, content) -> None:
        image = content.metadata.get("image")
        content.og_image = None
        content.header_picture = None
        content.teaser_picture = None
        if isinstance(image, str) and image.strip():
            self.header_image(content, image.strip())
        elif self.cfg["share_cards"]:
            self.share_card(content)

    def header_image(self, content, image: str) -> None:
        alt = plain(content.metadata.get("image_alt"))
        if image.startswith("https://"):
            content.og_image = {"url": image, "alt": alt, "width": None, "height": None}
            return
        rel, _ = image_path(image if image.startswith("{") else "{static}/" + image.lstrip("/"))
        if rel is None or posixpath.splitext(rel)[1].lower() not in RASTER:
            return  # strict_content's check_image names what is wrong with it
        try:
            p = probe(os.path.join(self.content_root, rel), rel, self.cfg["max_pixels"])
        except ImageProblem as exc:
            if str(exc) != "does not exist":  # strict_content names a missing one
                log.error("%s: 'Image: %s': the image %s", content.source_path, image, exc)
            return
        self.users.setdefault(rel, []).append(content.source_path)
        if not alt:
            log.error(
                "%s: 'Image: %s' has no 'Image_alt:'; add a line 'Image_alt: …' that "
                "describes the picture for readers who cannot see it",
                content.source_path,
                image,
            )
        if p.animated:
            return
        src = f"{self.prefix}/{rel}"
        content.header_picture = to_html(
            picture(
                p,
                self.cfg,
                self.prefix,
                src,
                alt,
                self.cfg["sizes"],
                eager=True,
                css_class="article-hero__picture",
            )
        )
        content.teaser_picture = to_html(
            picture(
                p,
                self.cfg,
                self.prefix,
                src,
                "",
                self.cfg["teaser_sizes"],
                only=self.cfg[TEASER_WIDTHS],
                css_class="teaser__picture",
            )
        )
        focus = focus_of(content)
        size = og_size(p, self.cfg)
        name = og_name(p, self.cfg, focus)
        entry = self.entry(p)
        cache_file = posixpath.basename(name)
        entry[1][cache_file] = ("og", size, focus)
        entry[2].append((cache_file, os.path.join(self.output, name)))
        content.og_image = {
            "url": f"{self.siteurl}/{name}",
            "alt": alt,
            "width": size[0],
            "height": size[1],
        }

    def share_card(self, content) -> None:
        lang = getattr(content, "lang", None) or self.settings.get("DEFAULT_LANG")
        series = ""
        part = getattr(content, "series", None)
        if part is not None and getattr(part, "index", None):
            label = cards.LABELS.get(lang, cards.LABELS["en"])
            series = label.format(index=part.index, name=plain(part.name))
        author = getattr(content, "author", None)
        card = cards.Card(
            site=plain(self.settings.get("SITENAME")),
            title=plain(content.title),
            series=series,
            author=plain(getattr(author, "name", author) or self.settings.get("AUTHOR") or ""),
            colors=self.card_colors(),
        )
        key = card.key()
        slug = content.slug or "seite"
        name = f"images/share/{slug}.{key[:8]}.jpg"
        cache_file = os.path.join(self.cache, "cards", key + ".jpg")
        self.card_jobs.setdefault(cache_file, (card, []))[1].append(os.path.join(self.output, name))
        # The card shows the title: that is what a reader who cannot see it misses.
        alt = card.title
        content.og_image = {
            "url": f"{self.siteurl}/{name}",
            "alt": alt,
            "width": cards.SIZE[0],
            "height": cards.SIZE[1],
        }

    _colors = None

    def card_colors(self) -> tuple:
        if self._colors is None:
            given = self.cfg["card_colors"]
            css = Path(self.settings["THEME"]) / "static" / "css" / "site.css"
            colors = cards.theme_colors(css)
            if given:
                colors.update(given)
            self._colors = tuple(sorted(colors.items()))
        return self._colors

    # Static images ------------------------------------------------------------

    def add_static(self, taken) -> None:
        for static, p in taken:
            if p is None:
                continue
            files = plan(p, self.cfg, derived=not self.subsite)
            entry = self.entry(p)
            entry[1].update(files)
            for cache_file, spec in files.items():
                if spec[0] == "original":
                    target = os.path.join(self.output, static.save_as)
                else:
                    w, fmt = spec[1], spec[2]
                    target = os.path.join(self.output, variant_name(p, self.cfg, w, fmt))
                entry[2].append((cache_file, target))

    # Work -------------------------------------------------------------------------

    def make(self) -> dict:
        started = time.perf_counter()
        stats = {"encoded": 0, "cards": 0, "placed": 0}

        def work(item):
            folder, (p, files, _targets) = item
            return encode_entry(p, self.cfg, folder, files)

        def draw(item):
            cache_file, (card, _targets) = item
            if os.path.exists(cache_file):
                return 0
            write_atomic(cache_file, cards.render(card))
            return 1

        items = list(self.entries.items())
        results = run_parallel(items, work, workers(self.cfg))
        # Only cards not in the cache go to the threads: a rebuild has none,
        # and a thread job per page costs more than the check.
        to_draw = [item for item in self.card_jobs.items() if not os.path.exists(item[0])]
        drawn = run_parallel(to_draw, draw, workers(self.cfg))
        for result in drawn:
            if isinstance(result, Exception):
                raise result
            stats["cards"] += result
        failed = set()
        for (folder, (p, _files, _targets)), result in zip(items, results, strict=True):
            if isinstance(result, Exception):
                failed.add(folder)
                self.report_broken(p, result)
            else:
                stats["encoded"] += result
        for cache_file, (_card, targets) in self.card_jobs.items():
            for target in targets:
                stats["placed"] += place(cache_file, target)
        for folder, (_p, _files, targets) in items:
            if folder in failed:
                continue
            for cache_file, target in targets:
                stats["placed"] += place(os.path.join(folder, cache_file), target)
        stats["removed"] = self.remove_stale(
            [t for _f, (_c, ts) in self.card_jobs.items() for t in ts]
            + [t for _f, (_p, _fs, ts) in items for _c, t in ts]
        )
        stats["seconds"] = round(time.perf_counter() - started, 3)
        return stats

    def remove_stale(self, targets: list[str]) -> int:
        """Derived files of an earlier version in the folders written to (a
        devserver session keeps its folder: a new title gives a new card name)."""
        keep = set(targets)
        removed = 0
        for folder in {os.path.dirname(t) for t in targets}:
            for name in os.listdir(folder):
                path = os.path.join(folder, name)
                if path not in keep and DERIVED_NAME.match(name) and os.path.isfile(path):
                    os.unlink(path)
                    removed += 1
        return removed

    def report_broken(self, p: Probe, exc: Exception) -> None:
        why = str(exc)
        if "truncated" in why:
            why = f"is truncated ({why}); copy it again from the camera or the original"
        else:
            why = f"cannot be read ({type(exc).__name__}: {why}); save it again as JPEG or PNG"
        users = self.users.get(p.rel) or [f"content/{p.rel}"]
        for user in users:
            log.error("%s: the image '%s' %s", user, p.rel, why)


def find_users(run: Run, contents) -> None:
    """Which Markdown files show each image (for messages about broken ones)."""
    for content in contents:
        text = compat.body(content)
        if "<picture" not in text:
            continue
        for m in re.finditer(r'src="\{static\}/([^"]+)"', text):
            run.users.setdefault(m.group(1), []).append(content.source_path)


def process(generators):
    if not generators:
        return
    run = Run(generators)
    contents = list(all_contents(generators))
    for content in contents:
        report_problems(content)
    find_users(run, contents)
    for content in contents:
        run.setup_content(content)
    for generator in generators:
        taken = getattr(generator, "_images_taken", None)
        if taken:
            run.add_static(taken)
    if not run.entries and not run.card_jobs:
        return
    stats = run.make()
    log.info(
        "images: %(encoded)d files encoded, %(cards)d cards drawn, %(placed)d placed, "
        "%(removed)d stale removed in %(seconds).2f s",
        stats,
    )


# --- feeds -----------------------------------------------------------------------


def feed_pictures(context, feed) -> None:
    """A feed reader gets the clean original as one <img>, without srcset."""
    for item in feed.items:
        for key in ("description", "content"):
            value = item.get(key)
            if value and "<picture" in value:
                item[key] = PICTURE.sub(lambda m: DROP_IN_FEEDS.sub("", m.group(1)), value)


def register():
    # readers_init: before each run's Markdown reader is built.
    signals.readers_init.connect(add_extension)
    # get_generators: a run starts, nothing read yet; a devserver session
    # forgets the parses whose pictures show an image that changed since.
    signals.get_generators.connect(forget_stale_parses)
    # static_generator_finalized: the copy list is made, nothing copied yet.
    signals.static_generator_finalized.connect(take_images)
    # all_generators_finalized: everything read (series numbered), output
    # folder cleaned, nothing written yet.
    signals.all_generators_finalized.connect(process)
    # feed_generated: a feed's entries are complete, not yet written.
    signals.feed_generated.connect(feed_pictures)
