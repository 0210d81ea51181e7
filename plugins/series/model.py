"""The objects templates see: a series, and a series as seen from one part.

Plain classes, built afresh in every Pelican run (never kept between runs):
`Series` is what `series.html`, `series_list.html` and the feed show;
`PartSeries` is `article.series` on each published part.
"""

from __future__ import annotations


class SeriesLink:
    """The same series in another language. `url` is relative to that
    language's site (templates prefix it with `lang_siteurls[lang]`);
    `language` is the language's name in the language of the linking page."""

    def __init__(self, name: str, lang: str, url: str, language: str):
        self.name = name
        self.lang = lang
        self.url = url
        self.language = language

    def __repr__(self):
        return f"SeriesLink({self.name!r}, {self.lang!r}, {self.url!r})"


class Announced:
    """The next part, finished and dated ahead: its number and date only.

    Its title and text stay secret until its date, so this holds nothing
    else of it (templates cannot show what they are not given)."""

    def __init__(self, index: int, date):
        self.index = index
        self.date = date

    def __repr__(self):
        return f"Announced({self.index}, {self.date.isoformat()})"


class Series:
    """One series in one language: its published parts in order."""

    def __init__(self, name: str, lang: str, slug: str, options: dict):
        self.name = name
        self.lang = lang
        self.slug = slug
        self.url = options["URL"].format(slug=slug, lang=lang)
        self.save_as = options["SAVE_AS"].format(slug=slug, lang=lang)
        feed = options["FEED_ATOM"] if options["FEEDS"] else None
        # Site-relative like every feed path: templates prefix FEED_DOMAIN.
        self.feed_url = feed.format(slug=slug, lang=lang) if feed else None
        self.parts = []  # published articles, in part order
        self.translations = []  # SeriesLink to this series in other languages
        self.announced = None  # Announced: the next part, dated ahead

    def __repr__(self):
        return f"Series({self.name!r}, {self.lang!r}, {len(self.parts)} parts)"

    @property
    def count(self) -> int:
        return len(self.parts)

    @property
    def date(self):
        """When the newest part appeared."""
        return max(part.date for part in self.parts)

    @property
    def description(self) -> str | None:
        """`Series_description:` (HTML) of the first part that has one.

        Read when a template asks, after Pelican has resolved {filename} links
        in formatted metadata.
        """
        for part in self.parts:
            text = part.metadata.get("series_description")
            if text:
                return text
        return None

    @property
    def announcement(self) -> str | None:
        """The teaser (HTML) of the last published part: the part to come."""
        return self.parts[-1].series.teaser if self.parts else None


class PartSeries:
    """`article.series`: where this part stands in its series."""

    def __init__(self, series: Series, article, index: int):
        self.series = series
        self.article = article
        self.index = index
        self.previous = None  # the published part before, or None
        self.next = None  # the published part after, or None

    def __repr__(self):
        return f"PartSeries({self.series.name!r}, {self.index} of {self.count})"

    # The series' own attributes, so templates can write article.series.name.
    name = property(lambda self: self.series.name)
    slug = property(lambda self: self.series.slug)
    lang = property(lambda self: self.series.lang)
    url = property(lambda self: self.series.url)
    feed_url = property(lambda self: self.series.feed_url)
    parts = property(lambda self: self.series.parts)
    count = property(lambda self: self.series.count)
    translations = property(lambda self: self.series.translations)

    @property
    def teaser(self) -> str | None:
        """The author's teaser of the next part (HTML): `Series_next:` or the
        closing "Im nächsten Beitrag" section; None if there is none."""
        return self.article.metadata.get("series_next") or None

    @property
    def announced(self) -> Announced | None:
        """On the last published part: the next part if it is dated ahead."""
        if self.next is None and self.series.parts and self.series.parts[-1] is self.article:
            return self.series.announced
        return None

    @property
    def next_url(self) -> str | None:
        """The next part's URL (site-relative) once it is published, else None."""
        return self.next.url if self.next else None
