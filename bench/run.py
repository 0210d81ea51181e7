"""Benchmark: this project's build against plain Pelican on the same corpus.

    python bench/run.py                 # N=1000, 6 alternating runs each
    python bench/run.py -n 3000 --runs 4
    python bench/run.py --scaling 200,1000,3000   # adds cost per article

For each N a deterministic corpus is generated (bench/generate.py) into a
temporary site folder that links the repo's theme and plugins. Then, in
alternating order so that a noisy machine hurts both alike:

- plain: `pelican` with bench/plainconf.py (no plugins, default theme);
- full: what `make publish` runs (tools/build.py with publishconf.py: both
  languages, all plugins, the theme, feeds, sitemap), without the search
  index (bench/project_build.py);

each a cold build into an empty folder, under `/usr/bin/time -v` for the peak
memory. Before them, the project's first build of the new site folder is
timed on its own line: it draws every share card once into cache/images,
which later builds find there (as a real site's builds do). Then the
devserver case (bench/devserver_rebuild.py): one process, one cold run,
then N edits of one article, each followed by a timed `run()`.
The search index (Pagefind over the full output) is timed separately.

Back to back (`--back-to-back`, on by default): publishing as an author does,
three times in a row into the same folder, timed from outside: `make
publish`'s build (tools/build.py --strict, with the search index and the
atomic swap) against plain Pelican writing into one folder plus Pagefind over
it. Wall, user and system time are reported: the system time is where
deleting and creating thousands of files shows (see settle()).

Medians are printed, and ratios against plain Pelican's cold build, with the
issue's targets marked as holding or not. Nothing here is a pass/fail test:
the machine is shared and noisy, so read medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
TIME = "/usr/bin/time"

# The targets, as ratios against plain Pelican at N=1000.
TARGET_COLD = 1.1
TARGET_REBUILD = 0.15
TARGET_MEMORY = 1.25
TARGET_BACK_TO_BACK = 1.1
BACK_TO_BACK = 3  # publishes in a row
B2B_ROUNDS = 4  # of each kind, alternating which goes first


def make_site(root: Path, count: int) -> dict:
    sys.path.insert(0, str(HERE))
    from generate import generate

    root.mkdir(parents=True)
    for name in ("theme", "plugins", "tools"):
        os.symlink(REPO / name, root / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(REPO / name, root / name)
    shutil.copy(HERE / "plainconf.py", root / "plainconf.py")
    return generate(count, root / "content")


class Timing(NamedTuple):
    wall: float  # seconds
    mb: int  # peak memory
    cpu: float  # user + system seconds
    user: float
    system: float


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> Timing:
    """Wall time, peak memory and CPU time (user, system) of one command.

    CPU time is printed next to wall time: on a shared, busy machine it is
    the steadier of the two.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        proc = subprocess.run(
            [TIME, "-v", "-o", report.name, *cmd],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
        text = report.read()
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
        times = dict(re.findall(r"(User|System) time \(seconds\): ([\d.]+)", text))
    user, system = float(times["User"]), float(times["System"])
    return Timing(elapsed, rss_kb // 1024, user + system, user, system)


def cold(site: Path, kind: str, run: int) -> Timing:
    # Each run builds into a new folder; nothing is deleted until the whole
    # benchmark is done (see settle()).
    out = site / f"out-{kind}-{run}"
    if kind == "plain":
        cmd = [
            str(REPO / ".venv/bin/pelican"),
            "content",
            "-s",
            "plainconf.py",
            "-o",
            str(out),
            "-q",
        ]
    else:
        cmd = [
            PY,
            str(HERE / "project_build.py"),
            "--settings",
            "publishconf.py",
            "--output",
            str(out),
        ]
    return timed(cmd, site, {"SITEURL": "https://blog.example.org"})


def settle() -> None:
    """Wait until files deleted before the benchmark no longer slow it down.

    On an ext4 file system without a journal (as on these machines), a new
    file or folder never takes the inode of one deleted in the last
    vm.dirty_expire_centisecs: the kernel reads and skips each of them, for
    every file it creates (profile: ext4 `recently_deleted`). The project
    writes about twice as many files and folders as plain Pelican (a folder
    per page), so deleting the last run's output before the next one charged
    each build for its predecessor's cleanup, the project twice as much
    (figures: bench/README.md, "Creating files"). So: no deletions while
    measuring, and a pause after any.
    """
    try:
        expire = int(Path("/proc/sys/vm/dirty_expire_centisecs").read_text()) / 100
    except (OSError, ValueError):
        expire = 30
    time.sleep(expire + 2)


def search_index(out: Path) -> float | None:
    """Seconds for Pagefind over a full build's output, or None without it."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return None
    started = time.perf_counter()
    proc = subprocess.run(
        [PY, "-m", "pagefind", "--site", str(out), "--silent"], capture_output=True, text=True
    )
    if proc.returncode != 0:
        return None
    return time.perf_counter() - started


def rebuilds(site: Path, edits: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each devserver rebuild after an edit."""
    german = sorted((site / "content" / "articles").glob("20*/*.md"))
    article = german[len(german) // 2]  # mid-corpus: has neighbours on both sides
    proc = subprocess.run(
        [
            PY,
            str(HERE / "devserver_rebuild.py"),
            str(site),
            str(article.relative_to(site / "content")),
            "--edits",
            str(edits),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"devserver rebuild failed:\n{proc.stdout}\n{proc.stderr}")
    return [
        (float(line.split()[1]), float(line.split()[2]))
        for line in proc.stdout.splitlines()
        if line.startswith("rebuild ")
    ]


def back_to_back(site: Path, kind: str, round_: int) -> tuple[float, float, float]:
    """(wall, user, system) seconds of BACK_TO_BACK publishes into one folder."""
    out = site / f"b2b-{kind}-{round_}"
    if kind == "plain":
        steps = [
            [
                str(REPO / ".venv/bin/pelican"),
                "content",
                "-s",
                "plainconf.py",
                "-o",
                str(out),
                "-q",
            ],
            [PY, "-m", "pagefind", "--site", str(out), "--silent"],
        ]
    else:
        steps = [
            [PY, "tools/build.py", "--settings", "publishconf.py", "--output", str(out), "--strict"]
        ]
    runs = [
        timed(cmd, site, {"SITEURL": "https://blog.example.org"})
        for _ in range(BACK_TO_BACK)
        for cmd in steps
    ]
    return sum(t.wall for t in runs), sum(t.user for t in runs), sum(t.system for t in runs)


def measure(root: Path, count: int, runs: int, with_rebuild: bool) -> dict:
    stats = make_site(root, count)
    plain, full = [], []
    # The first project build of a new clone draws a share card for every
    # page (plugins/images keeps them in cache/images, as Pelican's content
    # cache or Hugo's resources/ persist); every later build, cold output or
    # not, finds them there. Timed and reported on its own line; the rounds
    # below are cold builds of a site that has been built before.
    first = cold(root, "full", -1)
    settle()
    for i in range(runs):
        # Alternate which goes first, so drift hurts both alike.
        order = ("plain", "full") if i % 2 == 0 else ("full", "plain")
        for kind in order:
            (plain if kind == "plain" else full).append(cold(root, kind, i))
        print(
            f"  N={count} run {i + 1}/{runs}: plain {plain[-1][0]:.2f} s, full {full[-1][0]:.2f} s",
            file=sys.stderr,
        )
    result = {
        "count": count,
        "stats": stats,
        "first": first.wall,
        "plain": statistics.median(t.wall for t in plain),
        "full": statistics.median(t.wall for t in full),
        "plain_mb": statistics.median(t.mb for t in plain),
        "full_mb": statistics.median(t.mb for t in full),
        "plain_cpu": statistics.median(t.cpu for t in plain),
        "full_cpu": statistics.median(t.cpu for t in full),
        # full/plain of two consecutive rounds together (plain-full,
        # full-plain): the four builds ran back to back, so a slow phase
        # of the shared machine hits both kinds, and each kind ran once
        # first and once second. Steadier than the ratio of the medians
        # when the machine's speed drifts.
        "pair_ratios": sorted(
            (full[i][0] + full[i + 1][0]) / (plain[i][0] + plain[i + 1][0])
            for i in range(0, len(plain) - 1, 2)
        )
        or [full[0][0] / plain[0][0]],
        "search": search_index(root / f"out-full-{runs - 1}"),
    }
    if with_rebuild:
        times = rebuilds(root, runs)
        result["rebuild"] = statistics.median(t for t, _ in times)
        result["rebuild_cpu"] = statistics.median(c for _, c in times)
        # Publishing back to back: rounds of each, in alternating order.
        b2b = {"plain": [], "full": []}
        for i in range(B2B_ROUNDS):
            order = ("plain", "full") if i % 2 == 0 else ("full", "plain")
            for kind in order:
                b2b[kind].append(back_to_back(root, kind, i))
            print(
                f"  back to back round {i + 1}/{B2B_ROUNDS}: plain {b2b['plain'][-1][0]:.2f} s, "
                f"full {b2b['full'][-1][0]:.2f} s",
                file=sys.stderr,
            )
        for kind, rounds in b2b.items():
            result[f"b2b_{kind}"] = tuple(statistics.median(r[k] for r in rounds) for k in range(3))
        result["b2b_ratios"] = sorted(
            f[0] / p[0] for f, p in zip(b2b["full"], b2b["plain"], strict=True)
        )
    return result


def verdict(ok: bool) -> str:
    return "holds" if ok else "MISSED"


def report(main: dict, scaling: list[dict], runs: int, command: str) -> str:
    n = main["count"]
    s = main["stats"]
    lines = [
        f"$ {command}",
        f"N={n} German articles (+{s['translations']} English translations, "
        f"{s['series_parts']} in series); {runs} alternating cold runs each; medians.",
        "",
        "| build | wall s | × plain | CPU s | × plain | peak MB | × plain | wall ms/article |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| plain Pelican 4.12, cold | {main['plain']:.2f} | 1.00 | {main['plain_cpu']:.2f} | 1.00 | "
        f"{main['plain_mb']:.0f} | 1.00 | {1000 * main['plain'] / n:.1f} |",
        f"| project (make publish, both languages), cold | {main['full']:.2f} | {main['full'] / main['plain']:.2f} | "
        f"{main['full_cpu']:.2f} | {main['full_cpu'] / main['plain_cpu']:.2f} | "
        f"{main['full_mb']:.0f} | {main['full_mb'] / main['plain_mb']:.2f} | {1000 * main['full'] / n:.1f} |",
    ]
    if "first" in main:
        lines.append(
            f"| project, first build of a new clone (draws every share card once) | "
            f"{main['first']:.2f} | {main['first'] / main['plain']:.2f} | | | | | |"
        )
    if "rebuild" in main:
        lines.append(
            f"| project, devserver rebuild after editing one article | {main['rebuild']:.2f} | "
            f"{main['rebuild'] / main['plain']:.2f} | {main['rebuild_cpu']:.2f} | "
            f"{main['rebuild_cpu'] / main['plain_cpu']:.2f} | | | |"
        )
    if "b2b_full" in main:
        (pw, pu, ps), (fw, fu, fs) = main["b2b_plain"], main["b2b_full"]
        lines += [
            "",
            f"Publishing back to back ({BACK_TO_BACK} publishes in a row into one folder, search index "
            f"included; medians of {B2B_ROUNDS} rounds):",
            "",
            "| build | wall s | × plain | user s | × plain | system s | × plain |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| plain Pelican + Pagefind | {pw:.2f} | 1.00 | {pu:.2f} | 1.00 | {ps:.2f} | 1.00 |",
            f"| project (make publish) | {fw:.2f} | {fw / pw:.2f} | {fu:.2f} | {fu / pu:.2f} | "
            f"{fs:.2f} | {fs / ps:.2f} |",
        ]
    if main.get("search") is not None:
        lines.append(
            f"| search index (Pagefind over the project's output, separate) | {main['search']:.2f} | "
            f"{main['search'] / main['plain']:.2f} | | | | | |"
        )
    if scaling:
        lines += [
            "",
            "Cost per article (cold, medians):",
            "",
            "| N | plain ms/article | project ms/article | × plain | × plain, median of paired rounds |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in scaling:
            lines.append(
                f"| {r['count']} | {1000 * r['plain'] / r['count']:.1f} | "
                f"{1000 * r['full'] / r['count']:.1f} | {r['full'] / r['plain']:.2f} | "
                f"{statistics.median(r['pair_ratios']):.2f} |"
            )
    pairs = main["pair_ratios"]
    paired = statistics.median(pairs)
    lines += [
        "",
        f"Cold build, full/plain of each two rounds (one of each order): median {paired:.2f}× "
        f"({', '.join(f'{r:.2f}' for r in pairs)}).",
    ]
    lines += ["", f"Targets (N={n}):"]
    cold_ratio = main["full"] / main["plain"]
    lines.append(
        f"- cold build ≤ {TARGET_COLD}× plain: {cold_ratio:.2f}× (ratio of medians), "
        f"{paired:.2f}× (median of paired rounds) — {verdict(cold_ratio <= TARGET_COLD and paired <= TARGET_COLD)}"
    )
    if "rebuild" in main:
        ratio = main["rebuild"] / main["plain"]
        lines.append(
            f"- rebuild after one edit ≤ {TARGET_REBUILD}× plain cold: {ratio:.2f}× — {verdict(ratio <= TARGET_REBUILD)}"
        )
    if "b2b_full" in main:
        ratio = main["b2b_full"][0] / main["b2b_plain"][0]
        rounds = main["b2b_ratios"]
        paired = statistics.median(rounds)
        lines.append(
            f"- publishing back to back ≤ {TARGET_BACK_TO_BACK}× plain + Pagefind: {ratio:.2f}× "
            f"(ratio of medians), {paired:.2f}× (median of the rounds: "
            f"{', '.join(f'{r:.2f}' for r in rounds)}) — "
            f"{verdict(ratio <= TARGET_BACK_TO_BACK and paired <= TARGET_BACK_TO_BACK)}"
        )
    mem = main["full_mb"] / main["plain_mb"]
    lines.append(
        f"- peak memory ≤ {TARGET_MEMORY}× plain: {mem:.2f}× — {verdict(mem <= TARGET_MEMORY)}"
    )
    if len(scaling) > 1:
        # Flat: no growth with N (each N at most 5 % above the one before, for
        # noise). It falls with N for plain Pelican and the project alike: a
        # fixed start-up cost is spread over more articles.
        per = [1000 * r["full"] / r["count"] for r in scaling]
        grows = any(later > earlier * 1.05 for earlier, later in pairwise(per))
        relative = [r["full"] / r["plain"] for r in scaling]
        lines.append(
            f"- cost per article flat ({scaling[0]['count']}–{scaling[-1]['count']}): "
            f"{' / '.join(f'{p:.1f}' for p in per)} ms per article, "
            f"{min(relative):.2f}–{max(relative):.2f}× plain's — {verdict(not grows)}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=int(os.environ.get("N", 1000)))
    parser.add_argument(
        "--runs", type=int, default=6, help="cold builds of each kind; even, for the paired rounds"
    )
    parser.add_argument(
        "--scaling", default="", help="comma-separated N for cost per article, e.g. 200,1000,3000"
    )
    parser.add_argument("--scaling-runs", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the site folders for a look")
    parser.add_argument(
        "--write-readme", action="store_true", help="put the table into bench/README.md"
    )
    args = parser.parse_args()
    if not Path(TIME).exists():
        sys.exit(f"{TIME} not found: apt-get install time (Debian's GNU time, for peak memory)")

    command = "python bench/run.py " + " ".join(sys.argv[1:])
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        main_result = measure(work / f"site-{args.count}", args.count, args.runs, with_rebuild=True)
        scaling = []
        for count in [int(c) for c in args.scaling.split(",") if c]:
            if count == args.count:
                scaling.append(main_result)
            else:
                scaling.append(
                    measure(work / f"site-{count}", count, args.scaling_runs, with_rebuild=False)
                )
    finally:
        if args.keep:
            print(f"  kept {work}", file=sys.stderr)
        else:  # only now: see settle()
            shutil.rmtree(work, ignore_errors=True)
    text = report(
        main_result, sorted(scaling, key=lambda r: r["count"]), args.runs, command.strip()
    )
    print(text)
    if args.write_readme:
        readme = HERE / "README.md"
        old = readme.read_text(encoding="utf-8") if readme.exists() else ""
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        block = f"{start}\n{text}\n{end}"
        if start in old:
            new = old[: old.index(start)] + block + old[old.index(end) + len(end) :]
        else:
            new = old + "\n" + block + "\n"
        readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
