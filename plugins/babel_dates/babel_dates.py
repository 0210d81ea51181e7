"""Dates in the page's language with Babel, not the system locale.

Pelican formats dates with strftime and the process locale; most machines
(these included) have no de_DE locale. Babel carries CLDR data for every
language, so templates can write::

    {{ article.date | format_date(article.lang) }}          -> 1. Oktober 2026
    {{ article.date | format_date("en") }}                  -> October 1, 2026
    {{ article.date | format_date(article.lang, "MMMM y") }} -> Oktober 2026

Language tags may be written as in HTML (`en-GB`) or as locales (`de_AT`).
"""

from babel.dates import format_date as _babel_format_date


def format_date(value, lang="de", fmt="long"):
    """Format a date for humans; `fmt` is a Babel width or a CLDR pattern."""
    if value is None:
        return ""
    # Babel wants "en_GB"; `Lang: en-GB` is the HTML spelling.
    return _babel_format_date(value, format=fmt, locale=(lang or "de").replace("-", "_"))


def add_filters(generator):
    # A date is formatted for every listing it appears in (many times per
    # article); Babel's result depends on the arguments only, so each
    # generator (one run) remembers its results.
    formatted = {}

    def remembering_format_date(value, lang="de", fmt="long"):
        key = (value, type(value), lang, fmt)
        result = formatted.get(key)
        if result is None:
            result = formatted[key] = format_date(value, lang, fmt)
        return result

    generator.env.filters["format_date"] = remembering_format_date


def register():
    from pelican import signals

    # Every generator has its own Jinja environment.
    signals.generator_init.connect(add_filters)
