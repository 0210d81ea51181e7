"""`reading_time` template filter: minutes a reader needs for an article.

Why our own: the published reading-time plugins count English words at
200–275 per minute and store the result as text ("5 min read"); we want a
number, so the template words it in the page's language through gettext,
and a reading speed per language.

German is read more slowly than English: long compounds make fewer, longer
words. Trauzettel-Klosinski and Dietz (2012, IReST, Invest. Ophthalmol. Vis.
Sci. 53:5452) measured 179 words per minute for German adult readers of
standardised texts, aloud; silent reading of thoughtful prose is a little
faster, so we count 180. For English, Brysbaert's meta-analysis (2019,
J. Mem. Lang. 109:104047) gives 238 words per minute for silent reading of
non-fiction.

    {{ article.content | reading_time(article.lang) }}  -> 4
"""

import functools
import math
import re

#: Words per minute by language (see the module docstring for the sources);
#: other languages are counted at the German speed, the slower one.
WORDS_PER_MINUTE = {"de": 180, "en": 238}
WORDS_PER_MINUTE_DE = WORDS_PER_MINUTE["de"]

# Tags are removed before counting; script/style bodies are not prose.
_NON_PROSE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A word is a run of non-space characters with a letter or digit in it
# (Kund*innen, "Lern-", Entwicklungs&shy;prozesse are one word each); a dash
# or bullet between spaces is not a word.
_NOT_A_WORD = re.compile(r"\s[^\w\s]+(?=\s)")
# Character references count as the space or mark they stand for: bodies
# write „ – € as references (german_typography), and html.unescape() over
# them took longer than the count itself. A soft hyphen joins.
_SOFT_HYPHEN = re.compile(r"&(?:shy|#173|#[xX][aA][dD]);")
_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


# Listings show the reading time of each article again on every page it is
# listed on (index, category, tags, archives): remember the count per text.
# Bounded, so a long devserver session does not keep old texts alive.
@functools.lru_cache(maxsize=4096)
def count_words(html: str) -> int:
    # Splitting at whitespace is done in C; a regex for words was slower.
    text = _TAG.sub(" ", _NON_PROSE.sub(" ", html))
    if "&" in text:
        text = _REFERENCE.sub(" ", _SOFT_HYPHEN.sub("", text))
    text = f" {text} "
    return len(text.split()) - len(_NOT_A_WORD.findall(text))


def reading_time(html, lang: str = "de") -> int:
    """Whole minutes, rounded up, at least 1 for any text, 0 for none."""
    words = count_words(str(html or ""))
    wpm = WORDS_PER_MINUTE.get(
        (lang or "").split("-")[0].split("_")[0].lower(), WORDS_PER_MINUTE_DE
    )
    return math.ceil(words / wpm) if words else 0


def add_filter(generator):
    generator.env.filters["reading_time"] = reading_time


def register():
    from pelican import signals

    # Every generator has its own Jinja environment.
    signals.generator_init.connect(add_filter)
