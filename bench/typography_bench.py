"""Benchmark: German typography vs. typogrify's default filters (smartypants).

    .venv/bin/python bench/typography_bench.py            # 200 articles, 5 rounds
    .venv/bin/python bench/typography_bench.py --count 400 --rounds 7

Generates a deterministic corpus of German articles (gender stars, quotes,
dashes, abbreviations, units, code spans) into a temporary folder and builds
it with the project's settings, theme and plugins in three configurations:

    plain      no typography at all: TYPOGRIFY off, german_typography removed
    typogrify  TYPOGRIFY = True with its default filters, smartypants included
               (what Pelican sites usually do), german_typography removed
    project    the project's settings: german_typography plus typogrify's
               amp, caps and widont
    ours-only  german_typography alone (TYPOGRIFY off): its own share

Each build runs in a fresh Python process and times `Pelican(...).run()`
only (no interpreter start, no Pagefind). The rounds interleave the
configurations; medians are printed, with the ratio project/typogrify (the
issue's figure: below 1.0 means our typography is cheaper than smartypants
was) and each configuration's cost over plain.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIGS = ("plain", "typogrify", "project", "ours-only")

# --- corpus -----------------------------------------------------------------

WORDS = (
    "Führung Beziehung Wirksamkeit Verantwortung Gespräch Vertrauen Haltung "
    "Entscheidung Klarheit Begegnung Straße Größe Übung Rückmeldung Öffentlichkeit "
    "gestaltet prägt stärkt begleitet ermöglicht bewusst echt lebendig gemeinsam "
    "und oder aber denn weil wenn dass nicht nur auch sehr immer oft heute"
).split()
SPICE = (
    "Kund*innen",
    "Partner*innen",
    "Mitarbeiter*innen",
    "jede*r",
    "ein*e",
    '"Resonanz statt Reichweite"',
    "'so'",
    "geht's",
    "--",
    "-",
    "...",
    "z. B.",
    "d. h.",
    "u. a.",
    "30 %",
    "100 €",
    "5 km",
    "§ 5",
    "Nr. 3",
    "S. 12",
    "27. November 2026",
    "`a*b*c`",
    "`--verbose`",
    "KI",
    "Werte & Haltung",
)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), rng.choice(SPICE))
    return " ".join(words).capitalize() + rng.choice(".!?.")


def article(rng: random.Random, i: int) -> str:
    paragraphs = []
    for p in range(rng.randint(8, 12)):
        if p % 4 == 3:
            paragraphs.append(f"## {sentence(rng).rstrip('.!?')}")
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
    return (
        f"Title: Beitrag {i}: {sentence(rng).rstrip('.!?')}\n"
        f"Date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d} 09:00\n"
        f"Slug: beitrag-{i}\nLang: de\nCategory: {rng.choice(['Führung', 'Größe', 'Übung'])}\n"
        f"Tags: {rng.choice(WORDS[:15])}, {rng.choice(WORDS[:15])}\n"
        f"Summary: {sentence(rng)}\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def make_site(root: Path, count: int) -> None:
    rng = random.Random(20261127)
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "content" / "pages").mkdir()
    for i in range(count):
        (articles / f"beitrag-{i}.md").write_text(article(rng, i), encoding="utf-8")
    for name in ("theme", "plugins"):
        os.symlink(REPO / name, root / name)
    shutil.copy(REPO / "pelicanconf.py", root / "pelicanconf.py")


# --- one build (child process) ------------------------------------------------


def overrides(config: str, settings: dict) -> dict:
    if config == "project":
        return {}
    if config == "ours-only":
        # Without typogrify's amp/caps/widont, which the plugin's reader applies.
        configs = dict(settings["MARKDOWN"]["extension_configs"])
        configs["german_typography"] = {**configs["german_typography"], "typogrify": []}
        return {
            "TYPOGRIFY": False,
            "MARKDOWN": {**settings["MARKDOWN"], "extension_configs": configs},
        }
    plugins = [p for p in settings["PLUGINS"] if p != "german_typography"]
    configs = {
        k: v
        for k, v in settings["MARKDOWN"]["extension_configs"].items()
        if k != "german_typography"
    }
    return {
        "PLUGINS": plugins,
        "MARKDOWN": {**settings["MARKDOWN"], "extension_configs": configs, "extensions": []},
        "TYPOGRIFY": config == "typogrify",
        "TYPOGRIFY_OMIT_FILTERS": [],
    }


def child(config: str, site: Path, output: Path) -> None:
    import logging
    import time

    from pelican import Pelican
    from pelican.settings import read_settings

    logging.disable(logging.WARNING)  # the corpus has no pages, no catalogs: noise
    os.chdir(site)
    base = read_settings("pelicanconf.py")
    settings = read_settings(
        "pelicanconf.py",
        override={
            "OUTPUT_PATH": str(output),
            "PATH": str(site / "content"),
            **overrides(config, base),
        },
    )
    started = time.perf_counter()
    Pelican(settings).run()
    print(json.dumps({"seconds": time.perf_counter() - started}))


def build(config: str, site: Path, output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", config, str(site), str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="articles in the corpus")
    parser.add_argument("--rounds", type=int, default=5, help="builds per configuration")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        config, site, output = args.child
        child(config, Path(site), Path(output))
        return

    with tempfile.TemporaryDirectory(prefix="typography-bench-") as tmp:
        site = Path(tmp) / "site"
        make_site(site, args.count)
        times = {c: [] for c in CONFIGS}
        build("project", site, Path(tmp) / "warm-up")  # fill OS caches, compile .pyc
        for r in range(args.rounds):
            order = CONFIGS[r % len(CONFIGS) :] + CONFIGS[: r % len(CONFIGS)]
            for config in order:
                times[config].append(build(config, site, Path(tmp) / f"out-{config}"))
        med = {c: statistics.median(t) for c, t in times.items()}

    print(
        f"corpus: {args.count} German articles, {args.rounds} builds per configuration "
        f"(Pelican run time, median)"
    )
    for c in CONFIGS:
        print(f"  {c:10s} {med[c]:6.2f} s   (runs: {', '.join(f'{t:.2f}' for t in times[c])})")
    print(f"project / typogrify: {med['project'] / med['typogrify']:.2f}   (the issue's figure)")
    cost_t = med["typogrify"] - med["plain"]
    cost_p = med["project"] - med["plain"]
    cost_o = med["ours-only"] - med["plain"]
    print(
        f"cost over plain: typogrify (smartypants) {cost_t:+.2f} s ({med['typogrify'] / med['plain']:.2f}x), "
        f"project {cost_p:+.2f} s ({med['project'] / med['plain']:.2f}x), "
        f"german_typography alone {cost_o:+.2f} s ({med['ours-only'] / med['plain']:.2f}x)"
    )


if __name__ == "__main__":
    main()
