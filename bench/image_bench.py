"""What pictures cost: 20 phone photos of 4000×3000 px, cold and warm.

    python bench/image_bench.py            # 20 photos, `make bench` runs it after run.py
    python bench/image_bench.py --photos 5

A site with the repo's theme and plugins and 20 articles, each with one
photo (JPEG, EXIF with GPS and an orientation tag, content like a photo's:
soft shapes and grain), is built with the project's build (bench/project_build.py,
as `make publish` minus the search index):

- text only: the same articles without their pictures (the baseline);
- cold: the first build, empty image cache: every derived image encoded;
- warm: a new output folder, the cache kept (as after editing a text): no
  image encoded, the files linked into the site;

and prints wall and CPU seconds, the files and bytes written for the photos.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from run import timed  # noqa: E402  (bench/run.py: wall s, peak MB, CPU s)

ARTICLE = (
    "Title: Workshop {n}\nDate: 2026-03-{day:02d} 09:00\nSlug: workshop-{n}\nSummary: Bilder vom Workshop {n}.\n\n"
    "Ein Absatz Text über den Workshop.\n\n{picture}\n\nNoch ein Absatz.\n"
)


def photo(seed: int) -> bytes:
    w, h = 4000, 3000
    # Soft shapes (noise at 1/32 size, enlarged) and fine grain: compresses about like a phone photo.
    bands = [
        Image.effect_noise((w // 32, h // 32), 50 + 7 * ((seed + i) % 5)).resize(
            (w, h), Image.Resampling.BICUBIC
        )
        for i in range(3)
    ]
    im = Image.blend(Image.merge("RGB", bands), Image.effect_noise((w, h), 10).convert("RGB"), 0.12)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, float(seed)), 3: "E", 4: (13.0, 24.0, 36.0)}
    buf = BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif)
    return buf.getvalue()


def make_site(root: Path, photos: int, with_pictures: bool) -> None:
    root.mkdir(parents=True)
    for name in ("theme", "plugins", "tools"):
        os.symlink(REPO / name, root / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(REPO / name, root / name)
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "content" / "images").mkdir()
    for n in range(1, photos + 1):
        picture = ""
        if with_pictures:
            (root / "content" / "images" / f"foto-{n}.jpg").write_bytes(photo(n))
            picture = (
                f'![Die Gruppe im Workshop {n}]({{static}}/images/foto-{n}.jpg "Workshop {n}")'
            )
        (articles / f"workshop-{n}.md").write_text(
            ARTICLE.format(n=n, day=n % 28 + 1, picture=picture), "utf-8"
        )


def build(site: Path, out: str) -> tuple[float, float]:
    timing = timed(
        [
            sys.executable,
            str(HERE / "project_build.py"),
            "--settings",
            "publishconf.py",
            "--output",
            str(site / out),
        ],
        site,
        {"SITEURL": "https://blog.example.org"},
    )
    return timing[0], timing[2]  # wall, CPU (user + system)


def image_bytes(out: Path) -> tuple[int, int]:
    files = [p for p in (out / "images").rglob("*") if p.is_file() and "share" not in p.parts]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3, help="warm and text-only builds (medians)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="image-bench-"))
    try:
        text, photos = work / "text", work / "photos"
        make_site(text, args.photos, with_pictures=False)
        make_site(photos, args.photos, with_pictures=True)
        source_mb = sum(p.stat().st_size for p in (photos / "content" / "images").iterdir()) / 1e6
        build(text, "out-warmup")  # share cards into the text site's cache too: like for like
        text_runs = [build(text, f"out-text-{i}") for i in range(args.runs)]
        cold = build(photos, "out-cold")
        warm_runs = [build(photos, f"out-warm-{i}") for i in range(args.runs)]
        files, size = image_bytes(photos / "out-cold")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text_wall = statistics.median(w for w, _ in text_runs)
    text_cpu = statistics.median(c for _, c in text_runs)
    warm_wall = statistics.median(w for w, _ in warm_runs)
    warm_cpu = statistics.median(c for _, c in warm_runs)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"\nPictures: {args.photos} photos of 4000×3000 px ({source_mb:.1f} MB of JPEG with EXIF GPS), "
        f"one per article, {cores} cores; medians of {args.runs} runs except cold.\n"
    )
    print("| build | wall s | CPU s | wall − text only |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| text only (same articles, no pictures) | {text_wall:.2f} | {text_cpu:.2f} | |")
    print(
        f"| cold: empty image cache, every picture encoded | {cold[0]:.2f} | {cold[1]:.2f} | {cold[0] - text_wall:+.2f} |"
    )
    print(
        f"| warm: cache kept, nothing encoded | {warm_wall:.2f} | {warm_cpu:.2f} | {warm_wall - text_wall:+.2f} |"
    )
    print(
        f"\n{files} image files written for the photos ({size / 1e6:.1f} MB; the cleaned originals are most of it); "
        f"cold: {(cold[0] - text_wall) / args.photos:.2f} s wall per photo."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
