"""Generate a deterministic corpus of German test articles for the benchmark.

    python bench/generate.py --count 1000 --out /tmp/bench-corpus-1000

The same count always gives the same files, byte for byte (a seeded
`random.Random`, fixed dates), so two builds compare like with like. Each
article has about 900 words of German text with what our plugins work on:
umlauts and ß, gender-star words (Kund*innen), straight quotes and dashes for
the typography, headings, lists, internal `{filename}` links and external
links. About 30 % of the articles are parts of series of 3 to 8 parts
(`Series:`/`Series_index:`, a closing "Im nächsten Beitrag" teaser), and every
tenth article that is not in a series has an English translation (`Lang: en`,
same `Slug:`). The pages of the real site are copied in, so the site has the
same Impressum/Datenschutz/... as the real one.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The newest a generated post may be (before the time of any build).
LAST_DATE = datetime(2025, 12, 31)
SEED = 20261001
WORDS_PER_ARTICLE = 900

NOUNS = [
    "Führung",
    "Verantwortung",
    "Größe",
    "Beziehung",
    "Wirksamkeit",
    "Straße",
    "Begegnung",
    "Maßstab",
    "Übergabe",
    "Äußerung",
    "Gespräch",
    "Vertrauen",
    "Zugehörigkeit",
    "Entscheidung",
    "Prüfung",
    "Öffentlichkeit",
    "Strategie",
    "Zielgruppe",
    "Veränderung",
    "Spannungsfeld",
    "Grundsätze",
    "Gefühl",
    "Rückmeldung",
    "Übung",
    "Haltung",
    "Klarheit",
    "Muße",
    "Fußnote",
]
GENDER = [
    "Kund*innen",
    "Partner*innen",
    "Mitarbeiter*innen",
    "Kolleg*innen",
    "Unternehmer*in",
    "Entscheider*innen",
    "Berater*innen",
    "jede*r",
    "ein*e",
    "Teilnehmer*innen",
    "Gründer*innen",
    "Expert*innen",
]
VERBS = [
    "gestaltet",
    "prägt",
    "verändert",
    "stärkt",
    "überprüft",
    "begleitet",
    "ermöglicht",
    "fördert",
    "schätzt",
    "öffnet",
    "läßt",
    "führt",
    "trägt",
]
ADJECTIVES = [
    "bewusste",
    "große",
    "ehrliche",
    "schöne",
    "mühelose",
    "frühe",
    "äußere",
    "klare",
    "gemeinsame",
    "echte",
    "übliche",
    "süße",
    "lebendige",
]
FILLERS = [
    "oft",
    "heute",
    "dabei",
    "natürlich",
    "z. B.",
    "d. h.",
    "u. a.",
    "im Alltag",
    "zum Glück",
    "gerade jetzt",
    "mit 30 % mehr Ruhe",
    "seit dem 27. November 2026",
    "für 100 €",
]
CATEGORIES = [
    "Führung",
    "Kommunikation",
    "Selbstführung",
    "Teamentwicklung",
    "Veränderung",
    "Werte & Haltung",
    "Gesprächsführung",
    "Wirksamkeit",
]
TAGS = [
    "Beziehung",
    "Zielgruppe",
    "Resonanz",
    "Vertrauen",
    "Feedback",
    "Konflikte",
    "Achtsamkeit",
    "Strategie",
    "Werte",
    "Entscheidungen",
    "Grenzen",
    "Mut",
    "Gespräche",
    "Zuhören",
    "Netzwerk",
    "Zeit",
    "Energie",
    "Rollen",
    "Wandel",
    "Klarheit",
    "Sinn",
    "Übergänge",
    "Coaching",
    "Fragen",
    "Präsenz",
    "Teams",
    "Krisen",
    "Lernen",
    "Selbstbild",
    "Größe",
]
SERIES_NAMES = [
    "Führung im Dialog",
    "Wege zur Klarheit",
    "Das Gespräch über Größe",
    "Übergänge gestalten",
    "Resonanz im Team",
    "Grundsätze der Begegnung",
    "Mut zur Lücke",
    "Die stille Stärke",
]
EXTERNAL = [
    "https://de.wikipedia.org/wiki/F%C3%BChrung",
    "https://www.example.com/studie",
    "https://www.bundesregierung.de/",
]
EN_WORDS = [
    "leadership",
    "trust",
    "clients",
    "partners",
    "relationship",
    "impact",
    "conversation",
    "values",
    "clarity",
    "decision",
    "growth",
    "change",
    "team",
    "people",
    "purpose",
    "the",
    "and",
    "with",
    "builds",
    "shapes",
]


def sentence(rng: random.Random) -> str:
    words = [
        rng.choice(ADJECTIVES).capitalize(),
        rng.choice(NOUNS),
        rng.choice(VERBS),
        rng.choice(FILLERS),
        "die",
        rng.choice(GENDER),
        "und",
        rng.choice(ADJECTIVES),
        rng.choice(NOUNS),
    ]
    kind = rng.random()
    if kind < 0.12:
        words.insert(4, f'"{rng.choice(NOUNS)}"')
    elif kind < 0.2:
        words.insert(4, f"-- {rng.choice(NOUNS)} --")
    elif kind < 0.26:
        words.insert(4, f"*{rng.choice(ADJECTIVES)}*")
    elif kind < 0.3:
        words.insert(4, "`a*b*c`")
    return " ".join(words) + rng.choice([".", ".", ".", "?", "...", "!"])


def paragraph(rng: random.Random, links: list[str]) -> str:
    sentences = [sentence(rng) for _ in range(rng.randint(3, 6))]
    if links and rng.random() < 0.25:
        sentences.append(f"Mehr dazu in [diesem Beitrag]({{filename}}/{rng.choice(links)}).")
    if rng.random() < 0.15:
        sentences.append(f"Siehe auch [die Quelle]({rng.choice(EXTERNAL)}).")
    return " ".join(sentences)


def body(rng: random.Random, links: list[str], teaser: bool) -> str:
    parts: list[str] = []
    words = 0
    while words < WORDS_PER_ARTICLE:
        if parts and rng.random() < 0.2:
            parts.append(
                f"## {rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} für {rng.choice(GENDER)}"
            )
        if rng.random() < 0.15:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.05:
            parts.append(f"> {sentence(rng)}")
        parts.append(paragraph(rng, links))
        words = sum(len(p.split()) for p in parts)
    if teaser:
        parts.append(
            f"## Im nächsten Beitrag\n\nWir zeigen, wie {rng.choice(GENDER)} {rng.choice(NOUNS)} {rng.choice(VERBS)}."
        )
    return "\n\n".join(parts) + "\n"


def english_body(rng: random.Random) -> str:
    paras = []
    for _ in range(WORDS_PER_ARTICLE // 60):
        paras.append(
            " ".join(
                " ".join(rng.choice(EN_WORDS) for _ in range(11)).capitalize() + "."
                for _ in range(5)
            )
        )
    paras.insert(2, '## What "clients" really say\n\nIt\'s about -- people.')
    return "\n\n".join(paras) + "\n"


def slug_for(i: int) -> str:
    return f"beitrag-{i:05d}"


def generate(count: int, out: Path) -> dict:
    """Write `count` German articles (plus translations) and the real pages into out/."""
    rng = random.Random(SEED)
    if out.exists():
        shutil.rmtree(out)
    (out / "pages").mkdir(parents=True)
    (out / "extra").mkdir(parents=True)
    for page in sorted((REPO / "content" / "pages").glob("*.md")):
        shutil.copy(page, out / "pages" / page.name)

    # Plan series first: about 30 % of the articles, in runs of 3-8 parts.
    series_of: dict[int, tuple[str, int, int]] = {}
    in_series_target = int(count * 0.3)
    i = 0
    number = 0
    while len(series_of) < in_series_target and i < count:
        length = rng.randint(3, 8)
        name = f"{SERIES_NAMES[number % len(SERIES_NAMES)]} {number // len(SERIES_NAMES) + 1}"
        start = i + rng.randint(0, 3)
        for part in range(length):
            if start + part < count:
                series_of[start + part] = (name, part + 1, length)
        i = start + length + rng.randint(1, 4)
        number += 1

    # A post every two days from 2018 on; larger corpora closer together, so
    # that every date lies in the past: the project does not publish posts
    # dated in the future (WITH_FUTURE_DATES = False), plain Pelican does, and
    # both must build the same posts.
    start_date = datetime(2018, 1, 1, 9, 0)
    step = timedelta(days=min(2.0, (LAST_DATE - start_date).days / count))
    dates = [start_date + k * step for k in range(count)]
    paths = [f"articles/{dates[k].year}/{slug_for(k)}.md" for k in range(count)]
    translations = 0
    for k in range(count):
        date = dates[k] + timedelta(hours=k % 5)
        series = series_of.get(k)
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        tags = ", ".join(rng.sample(TAGS, rng.randint(1, 4)))
        title = f'{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)}: was {rng.choice(GENDER)} über "{rng.choice(NOUNS)}" wissen {k}'
        summary = f"{sentence(rng)} {sentence(rng)}".replace("`", "")
        meta = [
            f"Title: {title}",
            f"Date: {date:%Y-%m-%d %H:%M}",
            f"Slug: {slug_for(k)}",
            "Lang: de",
            f"Category: {category}",
            f"Tags: {tags}",
            f"Summary: {summary}",
        ]
        teaser = False
        if series:
            name, index, length = series
            meta += [f"Series: {name}", f"Series_index: {index}"]
            teaser = index < length
        links = paths[max(0, k - 50) : k]  # only earlier articles: links are stable
        text = "\n".join(meta) + "\n\n" + body(rng, links, teaser)
        path = out / paths[k]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

        if not series and k % 10 == 3:
            translations += 1
            en = [
                f"Title: Leadership note {k}: what clients say about trust",
                f"Date: {date:%Y-%m-%d %H:%M}",
                f"Slug: {slug_for(k)}",
                "Lang: en",
                "Category: Leadership",
                "Tags: Trust, Clients",
                f'Summary: An English translation of note {k}, about "trust" -- and people.',
            ]
            en_path = out / "articles" / "en" / f"{slug_for(k)}.md"
            en_path.parent.mkdir(parents=True, exist_ok=True)
            en_path.write_text("\n".join(en) + "\n\n" + english_body(rng), encoding="utf-8")
    return {"articles": count, "translations": translations, "series_parts": len(series_of)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", "-n", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    stats = generate(args.count, args.out)
    print(
        f"{args.out}: {stats['articles']} German articles, {stats['translations']} "
        f"English translations, {stats['series_parts']} series parts"
    )


if __name__ == "__main__":
    main()
