"""`reading_time` template filter: minutes a reader needs for an article.

Why our own: the published reading-time plugins count English words at
200–275 per minute and store the result as text ("5 min read"); we want a
number, so the template words it in the page's language through gettext.

German is read more slowly than English: long compounds make fewer, longer
words. Trauzettel-Klosinski and Dietz (2012, IReST, Invest. Ophthalmol. Vis.
Sci. 53:5452) measured 179 words per minute for German adult readers of
standardised texts, aloud; silent reading of thoughtful prose is a little
faster, so we count 180.

    {{ article.content | reading_time }}          -> 4
    {{ article.content | reading_time(wpm=230) }} -> 3 (e.g. for English)
"""

import html as html_lib
import functools
import math
import re

#: German words per minute (see the module docstring for the source).
WORDS_PER_MINUTE_DE = 180

# Tags are removed before counting; script/style bodies are not prose.
_NON_PROSE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A word is a run of letters or digits, joined by inner hyphens, apostrophes,
# gender stars or soft hyphens (Kund*innen is one word, "Lern- und" two).
_WORD = re.compile(r"\w+(?:[-'’*:\u00ad]\w+)*")


# Listings show the reading time of each article again on every page it is
# listed on (index, category, tags, archives): remember the count per text.
# Bounded, so a long devserver session does not keep old texts alive.
@functools.lru_cache(maxsize=4096)
def count_words(html: str) -> int:
    text = html_lib.unescape(_TAG.sub(" ", _NON_PROSE.sub(" ", html or "")))
    return len(_WORD.findall(text))


def reading_time(html, wpm: int = WORDS_PER_MINUTE_DE) -> int:
    """Whole minutes, rounded up, at least 1 for any text, 0 for none."""
    words = count_words(str(html or ""))
    return math.ceil(words / wpm) if words else 0


def add_filter(generator):
    generator.env.filters["reading_time"] = reading_time


def register():
    from pelican import signals

    # Every generator has its own Jinja environment.
    signals.generator_init.connect(add_filter)
