"""The other-language versions of a page: hreflang links and the language switch.

pelican-i18n-subsites only links translations of articles and pages, and
with URLs such as `https://example.org/en/../slug/`. These functions know
every page type of the theme and return clean absolute URLs (root-relative
ones while SITEURL is empty, as in development builds). Templates call them
as Jinja globals; see `i18n_extras.add_template_globals`.

Which pages have versions in other languages:

- an article or page: its published translations (same Slug, other Lang);
- the first page of a direct template (home, archive, categories, tags,
  search): the same template in every site that writes it;
- a period archive (year, month): the same period where that site has posts;
- a series page: the same series in the other languages (plugins/series).

Category and tag pages, later pages of a paginated list and drafts have none:
their lists differ between the languages, so no page is "the same page".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale
from plugin_helpers import absolute  # noqa: F401 (the one copy; others import it from here too)


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switch."""

    lang: str
    name: str  # the language's name in itself: "Deutsch", "English"
    url: str
    same_page: bool  # False: the other language's home, no translation exists


# Pure and called for every page with the same few language names: remembered.
@functools.lru_cache(maxsize=64)
def language_name(lang: str) -> str:
    """A language's name in that language, from Babel's CLDR data."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    except (ValueError, LookupError):
        return lang
    return (name[:1].upper() + name[1:]) if name else lang


def _direct_template_url(site_settings: dict, name: str) -> str | None:
    """Where a site writes direct template `name`, or None if it does not."""
    if name not in site_settings.get("DIRECT_TEMPLATES", ()):
        return None
    if not site_settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"):
        return None
    return site_settings.get(f"{name.upper()}_URL", f"{name}.html")


def _direct_template_written_to(site_settings: dict, output_file: str | None) -> str | None:
    """The direct template whose (first) page is output_file, if any.

    Pelican does not pass the template's name to the page; its file tells.
    Later pages of a paginated template have other files, so they match none.
    """
    for name in site_settings.get("DIRECT_TEMPLATES", ()):
        if (
            output_file
            and site_settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html") == output_file
        ):
            return name
    return None


def versions(ctx, run) -> dict[str, str]:
    """{lang: absolute URL} of the page being rendered, itself included.

    Empty when the page has no version in another language.
    """
    lang = ctx.get("DEFAULT_LANG")
    siteurl = ctx.get("SITEURL") or ""
    obj = ctx.get("article") or ctx.get("page")
    series = ctx.get("series")  # a series page of plugins/series
    found: dict[str, str] = {}

    if obj is not None and hasattr(obj, "translations"):
        if getattr(obj, "status", "published") != "published":
            return {}
        found[obj.lang] = absolute(siteurl, obj.url)
        for translation in obj.translations:
            if translation.status == "published" and translation.lang in run.langs:
                found.setdefault(translation.lang, absolute(siteurl, translation.url))
    elif series is not None and ctx.get("output_file") == getattr(series, "save_as", None):
        # The same series in other languages (found through its parts' translations).
        found[lang] = absolute(siteurl, series.url)
        for link in series.translations:
            if link.lang in run.sites:
                found[link.lang] = absolute(run.sites[link.lang].settings["SITEURL"], link.url)
    elif ctx.get("period_num"):
        period = tuple(ctx.get("period_num"))
        for site_lang, site in run.sites.items():
            if period in site.periods:
                found[site_lang] = absolute(site.settings["SITEURL"], site.periods[period])
    elif lang in run.sites:
        template = _direct_template_written_to(run.sites[lang].settings, ctx.get("output_file"))
        if template is None or template in run.options["no_alternates"]:
            return {}
        for site_lang, site in run.sites.items():
            url = _direct_template_url(site.settings, template)
            if url is not None:
                found[site_lang] = absolute(site.settings["SITEURL"], url)
    return found if len(found) > 1 and lang in found else {}


def hreflang_links(ctx, run) -> list[tuple[str, str]]:
    """[(hreflang, url)]: every version (this one too), then x-default."""
    found = versions(ctx, run)
    if not found:
        return []
    links = [(lang, found[lang]) for lang in run.langs if lang in found]
    if run.x_default in found:
        links.append(("x-default", found[run.x_default]))
    return links


def language_links(ctx, run) -> list[LanguageLink]:
    """The language switch: this page in each other language, else that site's home."""
    current = ctx.get("DEFAULT_LANG")
    found = versions(ctx, run)
    links = []
    for lang in run.langs:
        if lang == current or lang not in run.sites:
            continue
        if lang in found:
            links.append(LanguageLink(lang, language_name(lang), found[lang], True))
        else:
            home = absolute(run.sites[lang].settings["SITEURL"], "")
            links.append(LanguageLink(lang, language_name(lang), home, False))
    return links


def original_of(article, ctx, run):
    """(title, absolute URL, lang) of the original an article was translated from."""
    source = getattr(article, "translated_from", None)
    if not source:
        return None
    for translation in getattr(article, "translations", ()):
        if translation.lang == source and translation.status == "published":
            return translation.title, absolute(ctx.get("SITEURL") or "", translation.url), source
    return None
