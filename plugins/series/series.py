"""Series of articles: numbered parts, a page and a feed per series, and a
closing teaser that becomes a link once the next part is published.

Authoring (see docs/schreiben.md "Serien"): `Series:` (name), `Series_index:` (part
number), optionally `Series_next:` or a final section headed with the
language's NEXT_LABEL ("Im nächsten Beitrag"), and `Series_description:`.

Why our own plugin: pelican-series links published posts to drafts, keeps
module-level state that leaks English parts into the German site under
pelican-i18n-subsites, renumbers silently on gaps and has no series page.
Here everything is computed per Pelican run from that run's articles: the
German site and the English subsite each see only their own language.

A series is every *published* article (status published, not in the future)
with the same series name and language. Drafts, hidden and future-dated
articles are never counted, linked, listed or put into a feed. The one
exception: the next part, finished and dated ahead, is announced by its
number and date (`series.announced`), never by its title or text.
"""

from __future__ import annotations

import logging
import re
from itertools import chain

from babel import Locale, UnknownLocaleError
from build_clock.clock import is_future, is_scheduled
from plugin_helpers import plugin_options, requires, site_slugify
from read_pipeline import Transform, add_transform

from .model import Announced, PartSeries, Series, SeriesLink
from .teaser import split_teaser, teaser_headings

log = logging.getLogger(__name__)

# Options in one setting, SERIES, merged over these. SERIES["LANGS"] holds
# per-language overrides of the same keys: both Pelican runs (German site and
# English subsite) need every language's URLs, for links across languages.
DEFAULTS = {
    "URL": "series/{slug}/",  # a series page; {slug} and {lang} are filled in
    "SAVE_AS": "series/{slug}/index.html",
    "INDEX_URL": "series/",  # the overview of all series ("" SAVE_AS: none)
    "INDEX_SAVE_AS": "series/index.html",
    "FEEDS": True,  # write an Atom feed per series
    "FEED_ATOM": "feeds/series/{slug}.atom.xml",
    "NEXT_LABEL": "In the next post",  # heading text of the closing teaser
    "LANGS": {},
}

# A part number: digits only, no sign, no decimals.
PART_NUMBER = re.compile(r"\d+")
# The lists of an ArticlesGenerator that hold articles of every status.
PUBLISHED_LISTS = ("articles", "translations")
UNPUBLISHED_LISTS = ("hidden_articles", "hidden_translations", "drafts", "drafts_translations")


def options(settings: dict, lang: str) -> dict:
    """The SERIES options for articles in `lang`."""
    user = settings.get("SERIES") or {}
    merged = {**DEFAULTS, **user, **(user.get("LANGS") or {}).get(lang, {})}
    merged.pop("LANGS")
    return merged


def warn_unknown_options(settings: dict) -> None:
    known = [k for k in DEFAULTS if k != "LANGS"]
    user = plugin_options(settings, "series", "SERIES", DEFAULTS, known=DEFAULTS)
    for lang, table in (user.get("LANGS") or {}).items():
        plugin_options(
            settings, "series", f"SERIES['LANGS'][{lang!r}]", DEFAULTS, value=table, known=known
        )


def series_slug(name: str, settings: dict) -> str:
    # The same slugify call and settings as Pelican's own slugs, so the
    # German transliteration (Führung -> fuehrung) applies here too.
    return site_slugify(name, settings)


def series_name(article) -> str:
    return metadata_series_name(article.metadata)


def metadata_series_name(metadata: dict) -> str:
    return str(metadata.get("series") or "").strip()


def language_name(lang: str, in_lang: str) -> str:
    """ "Englisch" for ("en", "de"): CLDR names through Babel."""
    try:
        return Locale.parse(lang).get_language_name(in_lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang


def is_published(article) -> bool:
    """Published, listed or not, and not dated in the future (whatever
    WITH_FUTURE_DATES says; the future as the build's clock sees it)."""
    if article.status != "published":
        return False
    date = getattr(article, "date", None)
    return date is None or not is_future(date, article.settings)


def part_number(article) -> int | None:
    """`Series_index:` as a positive integer, None if missing or invalid."""
    raw = str(article.metadata.get("series_index", "")).strip()
    if PART_NUMBER.fullmatch(raw) and int(raw) > 0:
        return int(raw)
    return None


# --- Reading: the closing teaser section ---------------------------------------


def cut_teaser(html: str, metadata: dict, context) -> str:
    """Transform `series_teaser` (read_pipeline, order 300): move a closing
    "Im nächsten Beitrag" section out of the body into `Series_next`.

    The one place the teaser is cut: in the read pipeline, once per file and
    session, before Pelican derives a summary from the body, so the body the
    English subsite and the devserver reuse is already the short one. Only
    the last heading reading the label is the cut (an earlier one stays in
    the text, and is reported). What to report is noted in the metadata
    (attributes of the article), and `check_metadata` reports it in the run
    that publishes the article, naming the file.
    """
    if not html:
        return html
    label = options(context.settings, context.lang)["NEXT_LABEL"]
    if not label:
        return html
    headings = teaser_headings(html, label)
    if not headings:
        return html
    if not metadata_series_name(metadata):
        # Not a series: the text stays where the author wrote it (warned).
        metadata["_series_stray_teaser"] = label
        return html
    if len(headings) > 1:
        metadata["_series_teaser_headings"] = (label, len(headings))
    body, teaser = split_teaser(html, label)
    if metadata.get("series_next"):
        metadata["_series_two_teasers"] = label  # Series_next wins (warned)
    else:
        metadata["series_next"] = teaser
    return body


# --- After all articles are read: build the series -----------------------------


def own_contents(generator):
    """Every article this run is responsible for, published or not.

    pelican-i18n-subsites has already moved other languages' published
    articles out of `articles`/`translations`; it leaves drafts and hidden
    articles of every language, so those are taken in this run's language only.
    """
    lang = generator.settings["DEFAULT_LANG"]
    seen = set()
    published = chain.from_iterable(getattr(generator, name, []) for name in PUBLISHED_LISTS)
    unpublished = (
        article
        for name in UNPUBLISHED_LISTS
        for article in getattr(generator, name, [])
        if article.lang == lang
    )
    for article in chain(published, unpublished):
        if id(article) not in seen:
            seen.add(id(article))
            yield article


def check_metadata(article) -> int | None:
    """Report bad series metadata of one article; return its part number."""
    name = series_name(article)
    raw_index = article.metadata.get("series_index")
    stray = getattr(article, "_series_stray_teaser", None)
    if not name:
        if article.metadata.get("series_next") or stray:
            log.warning(
                "%s: %s but no 'Series:'; add 'Series: <name>' and "
                "'Series_index: <part number>', or remove the teaser",
                article.source_path,
                f"a closing section '{stray}'" if stray else "'Series_next:'",
            )
        if raw_index is not None:
            log.warning(
                "%s: 'Series_index: %s' but no 'Series:'; add 'Series: <name>' or remove it",
                article.source_path,
                raw_index,
            )
        return None
    repeated = getattr(article, "_series_teaser_headings", None)
    if repeated:
        log.warning(
            "%s: %d headings '%s'; the last one begins the closing teaser, the "
            "earlier ones stay in the text: rename them or remove them",
            article.source_path,
            repeated[1],
            repeated[0],
        )
    if getattr(article, "_series_two_teasers", None):
        log.warning(
            "%s: both 'Series_next:' and a closing section '%s'; the section was "
            "left out, remove one of the two",
            article.source_path,
            article._series_two_teasers,
        )
    if raw_index is None:
        log.error(
            "%s: 'Series: %s' without 'Series_index:'; add the part number, e.g. 'Series_index: 1'",
            article.source_path,
            name,
        )
        return None
    index = part_number(article)
    if index is None:
        log.error(
            "%s: Series_index: '%s' is not a positive whole number; write the "
            "part number, e.g. 'Series_index: 2'",
            article.source_path,
            raw_index,
        )
    return index


def chain_parts(series: Series, numbered: list[tuple[int, object]]) -> None:
    """Put the numbered parts in order; report duplicates and gaps."""
    numbered.sort(key=lambda item: (item[0], item[1].date, item[1].source_path))
    previous_index = 0
    for index, article in numbered:
        if series.parts and index == previous_index:
            log.error(
                "%s, %s: both are part %d of the series '%s' (%s); give one of "
                "them another 'Series_index:'",
                series.parts[-1].source_path,
                article.source_path,
                index,
                series.name,
                series.lang,
            )
            article.series = None
            continue
        if index > previous_index + 1:
            missing = previous_index + 1
            log.warning(
                "%s: the series '%s' (%s) has no published part %s before this "
                "part %d; publish it or correct 'Series_index:'",
                article.source_path,
                series.name,
                series.lang,
                missing if index == missing + 1 else f"{missing}–{index - 1}",
                index,
            )
        part = PartSeries(series, article, index)
        if series.parts:
            part.previous = series.parts[-1]
            series.parts[-1].series.next = article
        article.series = part
        series.parts.append(article)
        previous_index = index


def announcement(series: Series, scheduled: list[tuple[int, object]]) -> Announced | None:
    """The part after the last published one, if it is dated ahead (the
    earliest, should two claim the number): only its number and date leave
    here. A later part waiting behind a draft is not announced."""
    if not series.parts:
        return None
    wanted = series.parts[-1].series.index + 1
    dates = [article.date for index, article in scheduled if index == wanted]
    return Announced(wanted, min(dates)) if dates else None


def link_translations(series: Series, settings: dict) -> None:
    """The same series in other languages, found through the parts'
    translations (which pelican-i18n-subsites keeps on each article)."""
    seen = set()
    for part in series.parts:
        for other in part.translations:
            name = series_name(other)
            key = (name, other.lang)
            if (
                other.lang == series.lang
                or not name
                or key in seen
                or not is_published(other)
                or part_number(other) is None
            ):
                continue
            seen.add(key)
            slug = series_slug(name, settings)
            url = options(settings, other.lang)["URL"].format(slug=slug, lang=other.lang)
            series.translations.append(
                SeriesLink(name, other.lang, url, language_name(other.lang, series.lang))
            )
    series.translations.sort(key=lambda link: link.lang)


def build_series(generator) -> None:
    """Group this run's published parts into series and give each part its
    `article.series`; the list goes to the context as `series_list`."""
    settings = generator.settings
    warn_unknown_options(settings)

    # Metadata gave every article with `Series:` a string attribute `series`
    # (and an article from Pelican's content cache may still carry last run's
    # object): reset all; published parts get this run's object below.
    for name in PUBLISHED_LISTS + UNPUBLISHED_LISTS:
        for article in getattr(generator, name, []):
            for item in chain([article], article.translations):
                if isinstance(getattr(item, "series", None), (str, PartSeries)):
                    item.series = None

    groups: dict[tuple[str, str], list[tuple[int, object]]] = {}
    scheduled: dict[tuple[str, str], list[tuple[int, object]]] = {}
    for article in own_contents(generator):
        index = check_metadata(article)
        if index is None:
            continue
        if is_published(article):
            groups.setdefault((series_name(article), article.lang), []).append((index, article))
        elif is_scheduled(article):
            scheduled.setdefault((series_name(article), article.lang), []).append((index, article))

    by_url: dict[str, Series] = {}
    series_list = []
    for (name, lang), numbered in groups.items():
        series = Series(name, lang, series_slug(name, settings), options(settings, lang))
        if not series.slug:
            log.error(
                "%s: 'Series: %s' gives no web address (no letter or digit in it); "
                "use a name with letters or digits",
                ", ".join(article.source_path for _, article in numbered),
                name,
            )
            continue
        clash = by_url.get(series.save_as)
        if clash is not None:
            log.error(
                "%s, %s: the series '%s' and '%s' would both be written to %s; rename one of them",
                clash.parts[0].source_path,
                numbered[0][1].source_path,
                clash.name,
                name,
                series.save_as,
            )
            continue
        chain_parts(series, numbered)
        series.announced = announcement(series, scheduled.get((name, lang), []))
        link_translations(series, settings)
        by_url[series.save_as] = series
        series_list.append(series)

    series_list.sort(key=lambda s: (s.date, s.name), reverse=True)
    generator.context["series_list"] = series_list
    generator.context["series_feeds"] = {s.feed_url: s for s in series_list if s.feed_url}
    lang_options = options(settings, settings["DEFAULT_LANG"])
    generator.context["series_index_url"] = (
        lang_options["INDEX_URL"] if series_list and lang_options["INDEX_SAVE_AS"] else None
    )


# --- Writing: series pages, overview, feeds ------------------------------------


def write_series(generator, writer) -> None:
    series_list = generator.context.get("series_list") or []
    if not series_list:
        return
    settings = generator.settings
    relative_urls = settings["RELATIVE_URLS"]
    page = generator.get_template("series")
    for series in series_list:
        writer.write_file(
            series.save_as, page, generator.context, relative_urls, url=series.url, series=series
        )
        if series.feed_url:
            newest_first = sorted(series.parts, key=lambda part: part.date, reverse=True)
            writer.write_feed(
                newest_first,
                generator.context,
                series.feed_url,
                series.feed_url,
                feed_title=series.name,
            )
    lang_options = options(settings, settings["DEFAULT_LANG"])
    if lang_options["INDEX_SAVE_AS"]:
        writer.write_file(
            lang_options["INDEX_SAVE_AS"],
            generator.get_template("series_list"),
            generator.context,
            relative_urls,
            url=lang_options["INDEX_URL"],
        )


def link_feed_to_series_page(context, feed) -> None:
    """A series feed's alternate link and id: its series page.

    Pelican gives every feed the home page as both; a feed reader showing
    "Die ideale Kund*in" should lead to that series, and two feeds must not
    share an id.
    """
    by_path = context.get("series_feeds") or {}
    domain = context.get("FEED_DOMAIN") or ""
    self_url = feed.feed.get("feed_url") or ""
    if not by_path or not self_url.startswith(domain):
        return
    series = by_path.get(self_url[len(domain) :].lstrip("/"))
    if series is not None:
        page = f"{context.get('SITEURL') or ''}/{series.url}"
        feed.feed["link"] = page
        feed.feed["id"] = page


def register():
    from pelican import signals

    requires("series", "read_pipeline")
    # The read pipeline: the closing teaser section cut off the body once per
    # file (after the typography transforms: the heading is matched by its
    # text, whatever typography made of it).
    add_transform(
        Transform(
            "series_teaser",
            300,
            cut_teaser,
            "series",
            settings=("SERIES",),
            after=("typography", "latin1_body"),
        )
    )
    # After pelican-i18n-subsites has filtered this run's articles (it does so
    # at article_generator_pretaxonomy), before anything is written.
    signals.article_generator_finalized.connect(build_series)
    # With the article pages: the series pages, their feeds and the overview.
    signals.article_writer_finalized.connect(write_series)
    # Before a feed is written: a series feed belongs to its series page.
    signals.feed_generated.connect(link_feed_to_series_page)
