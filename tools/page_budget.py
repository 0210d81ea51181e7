"""Measure the seed article page against the theme's budgets and print a table.

Serves a built site on 127.0.0.1 with compression like a real host
(tools/site_server.py), then measures the seed article page:

- transfer size, request count and third-party requests of a cold load in
  headless Chromium (Playwright, Debian's /usr/bin/chromium);
- Lighthouse 12.2.3 from node_modules (mobile and desktop): performance,
  accessibility, best practices, SEO;
- axe-core violations on the page and Nu HTML Checker errors on every page.

    .venv/bin/python tools/page_budget.py            # measures output/ (make publish first)
    .venv/bin/python tools/page_budget.py --build    # publishes into a temp folder first
    .venv/bin/python tools/page_budget.py --no-lighthouse
    .venv/bin/python tools/page_budget.py --build --photo   # and an article with a 4000×3000 photo

With --photo (what `make budget` runs), the seed site plus one article with a
phone photo of 4000×3000 px (plugins/images makes it a responsive picture) is
published into a temporary folder too, and that article measured against the
picture budget (issue 18): at most 150 KB and 5 requests on a phone 390 px
wide, at 1x and at 3x (the phone's real density: it fetches the 1200w
picture), and Lighthouse 100.

Lighthouse's metrics are printed with each run (FCP, LCP, Speed Index, TBT,
CLS), with the audits that lose points and those that could not run, so a
missed 100 says whether the page or the machine caused it: Speed Index comes
from screenshots of a real load, and on a busy machine the first paint of
the same page moves from 0.2 to over 2 s.

Too slow for `make test` (Lighthouse is slow): it is a script, run before a
release or after a theme change. Exits 1 when a budget
is missed, 2 when a tool is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_a11y import CHROMIUM_FLAGS, BrowserMissing, axe_violations, chromium_path, launch_browser  # noqa: E402
from check_html import CheckerMissing, check_html  # noqa: E402
from site_server import serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
SEED_PATH = "menschen-die-dich-inspirieren/"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The metrics the performance score is made of.
METRICS = [
    ("FCP", "first-contentful-paint"),
    ("LCP", "largest-contentful-paint"),
    ("SI", "speed-index"),
    ("TBT", "total-blocking-time"),
    ("CLS", "cumulative-layout-shift"),
]

# The budgets of the theme issue, for the seed article served compressed.
BUDGET_TRANSFER_KB = 20
BUDGET_REQUESTS = 4
BUDGET_SCORE = 100
# An article with a photo (issue 18): the page, its stylesheet, icon and picture.
PHOTO_BUDGET_KB = 150
PHOTO_BUDGET_REQUESTS = 5
PHOTO_PATH = "ein-tag-im-workshop/"
PHOTO_ARTICLE = """Title: Ein Tag im Workshop
Date: 2026-03-01 09:00
Slug: ein-tag-im-workshop
Summary: Wie ein Tag im Führungsworkshop aussieht, in einem Bild.

Ein Absatz über den Workshop, damit die Seite Text hat.

![Die Gruppe am Flipchart im Workshop](images/budget-foto.jpg "Der Workshop im März")

Noch ein Absatz nach dem Bild.
"""


def publish_to(folder: Path) -> None:
    """`make publish`, but into `folder` (output/ stays as it is)."""
    proc = subprocess.run(
        [
            sys.executable,
            "tools/build.py",
            "--settings",
            "publishconf.py",
            "--output",
            str(folder),
            "--strict",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"error: the publish build failed:\n{proc.stderr}")


def publish_photo_site(folder: Path) -> Path:
    """The repo's site plus an article with a 4000×3000 photo, published into folder/output."""
    sys.path.insert(0, str(REPO / "bench"))
    from image_bench import photo  # a phone photo with EXIF GPS and an orientation tag

    site = folder / "site"
    site.mkdir(parents=True)
    for name in ("theme", "plugins"):
        os.symlink(REPO / name, site / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(REPO / name, site / name)
    shutil.copytree(REPO / "content", site / "content", symlinks=True)
    (site / "content" / "images").mkdir(exist_ok=True)
    (site / "content" / "images" / "budget-foto.jpg").write_bytes(photo(1))
    (site / "content" / "articles" / "budget-foto.md").write_text(PHOTO_ARTICLE, "utf-8")
    out = folder / "output"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "build.py"),
            "--settings",
            "publishconf.py",
            "--output",
            str(out),
            "--strict",
        ],
        cwd=site,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"error: the publish build of the photo site failed:\n{proc.stderr}")
    return out


# A phone 390 px wide (iPhone 12 to 15: 390×844 CSS px, 3 device px each).
PHONE = {"width": 390, "height": 844}


def measure_load(url: str, viewport: dict | None = None, scale: float = 1) -> dict:
    """A cold load of `url`: bytes over the wire, requests, third parties.
    Without `viewport`, Playwright's default window (1280×720)."""
    from playwright.sync_api import sync_playwright

    own_host = urlparse(url).netloc
    finished = []
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            options = {"viewport": viewport} if viewport else {}
            context = browser.new_context(device_scale_factor=scale, **options)
            page = context.new_page()
            page.on("requestfinished", lambda request: finished.append(request))
            failed = []
            page.on("requestfailed", lambda request: failed.append(request))
            page.goto(url, wait_until="networkidle")
            requests = []
            for request in finished:
                sizes = request.sizes()
                response = request.response()
                requests.append(
                    {
                        "url": request.url,
                        "status": response.status if response else 0,
                        "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                        "third_party": urlparse(request.url).netloc != own_host,
                    }
                )
            requests += [
                {
                    "url": r.url,
                    "status": 0,
                    "bytes": 0,
                    "third_party": urlparse(r.url).netloc != own_host,
                }
                for r in failed
            ]
            violations = axe_violations(page, url)  # after the measurement: axe adds a script
        finally:
            browser.close()
    return {"requests": requests, "axe": violations}


def run_lighthouse(url: str, preset: str) -> dict:
    """Lighthouse's category scores (0–100) for one form factor."""
    if not LIGHTHOUSE.exists():
        raise CheckerMissing("node_modules/.bin/lighthouse not found: run `npm ci`")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new"] + [f for f in CHROMIUM_FLAGS if f != "--headless"])
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium_path() or "/usr/bin/chromium", "TMPDIR": tmp}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        if proc.returncode != 0 or not report.is_file():
            raise CheckerMissing(
                f"lighthouse failed ({proc.returncode}): {proc.stderr.strip()[-800:]}"
            )
        data = json.loads(report.read_text())
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    audits = data["audits"]
    scores["metrics"] = ", ".join(
        f"{label} {audits[audit_id].get('displayValue', '?')} ({audits[audit_id].get('score')})"
        for label, audit_id in METRICS
        if audit_id in audits
    )
    # Lighthouse 12.2.3's trace engine fails on newer Chromium's screenshot
    # events for some audits (render-blocking-resources, the LCP element):
    # named, so their absence is not read as a pass.
    scores["errors"] = sorted(a for a, v in audits.items() if v.get("scoreDisplayMode") == "error")
    # Which audits cost points, so a missed 100 says why.
    scores["failing"] = sorted(
        audit_id
        for c in CATEGORIES
        for ref in data["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        for audit_id in [ref["id"]]
        if (
            data["audits"][audit_id].get("score") is not None
            and data["audits"][audit_id]["score"] < 1
        )
    )
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site", type=Path, default=REPO / "output", help="built site to serve (default: output/)"
    )
    parser.add_argument(
        "--build", action="store_true", help="publish into a temporary folder and measure that"
    )
    parser.add_argument("--page", default=SEED_PATH, help=f"page to measure (default: {SEED_PATH})")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the two Lighthouse runs")
    parser.add_argument(
        "--photo",
        action="store_true",
        help="also measure an article with a 4000×3000 photo (a site of its own)",
    )
    args = parser.parse_args(argv)

    tmp = None
    site = args.site
    if args.build:
        tmp = Path(tempfile.mkdtemp(prefix="page-budget-"))
        site = tmp / "output"
        publish_to(site)
    try:
        if (
            not (site / args.page.rstrip("/") / "index.html").is_file()
            and not (site / args.page).is_file()
        ):
            print(
                f"error: {site}/{args.page} not found; run `make publish` first (or use --build)",
                file=sys.stderr,
            )
            return 2
        rows = measure(site, args.page, lighthouse=not args.no_lighthouse)
        tables = [(args.page, site, rows)]
        if args.photo:
            photo_tmp = Path(tempfile.mkdtemp(prefix="page-budget-photo-"))
            try:
                photo_site = publish_photo_site(photo_tmp)
                photo_rows = measure(
                    photo_site,
                    PHOTO_PATH,
                    lighthouse=not args.no_lighthouse,
                    budget_kb=PHOTO_BUDGET_KB,
                    budget_requests=PHOTO_BUDGET_REQUESTS,
                    html_check=False,
                    screens=[(" at 390 px, 1x", PHONE, 1), (" at 390 px, 3x", PHONE, 3)],
                )
                tables.append((PHOTO_PATH + " (with a 4000×3000 photo)", photo_site, photo_rows))
            finally:
                shutil.rmtree(photo_tmp, ignore_errors=True)
    except (BrowserMissing, CheckerMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    missed = 0
    for page, where, rows in tables:
        width = max(len(r[0]) for r in rows)
        print(f"\nPage budget of /{page} ({where})\n")
        print(f"| {'figure':<{width}} | budget | measured | ok  |")
        print(f"|{'-' * (width + 2)}|--------|----------|-----|")
        for figure, budget, measured, ok in rows:
            missed += not ok
            print(
                f"| {figure:<{width}} | {budget:>6} | {measured:>8} | {'yes' if ok else 'NO':<3} |"
            )
    return 1 if missed else 0


def measure(
    site: Path,
    page_path: str,
    lighthouse: bool = True,
    budget_kb: int = BUDGET_TRANSFER_KB,
    budget_requests: int = BUDGET_REQUESTS,
    html_check: bool = True,
    screens: Sequence[tuple[str, dict | None, float]] = (("", None, 1),),
) -> list[tuple]:
    """The budget rows of one page; `screens`: (label, viewport, scale) of
    each cold load measured (axe runs on the first)."""
    rows = []
    with serve(site) as origin:
        url = f"{origin}/{page_path}"
        violations = None
        for label, viewport, scale in screens:
            load = measure_load(url, viewport, scale)
            violations = load["axe"] if violations is None else violations
            requests = load["requests"]
            transfer_kb = sum(r["bytes"] for r in requests) / 1024
            third = [r["url"] for r in requests if r["third_party"]]
            broken = [r["url"] for r in requests if not 200 <= r["status"] < 400]
            for r in requests:
                print(
                    f"  {label or 'load'}: {r['status']} {r['bytes']:>7} B  {r['url']}",
                    file=sys.stderr,
                )
            rows += [
                (
                    f"transfer{label}, compressed (KB)",
                    f"≤ {budget_kb}",
                    f"{transfer_kb:.1f}",
                    transfer_kb <= budget_kb,
                ),
                (
                    f"requests{label}",
                    f"≤ {budget_requests}",
                    str(len(requests)),
                    len(requests) <= budget_requests,
                ),
                (f"third-party requests{label}", "0", str(len(third)), not third),
                (f"failed requests (4xx/5xx){label}", "0", str(len(broken)), not broken),
            ]
        rows.append(("axe-core violations", "0", str(len(violations)), not violations))
        for violation in violations:
            print(f"  axe: {violation['id']}: {violation['help']}", file=sys.stderr)
        if lighthouse:
            for preset in ("mobile", "desktop"):
                scores = run_lighthouse(url, preset)
                for category in CATEGORIES:
                    rows.append(
                        (
                            f"Lighthouse {preset} {category}",
                            str(BUDGET_SCORE),
                            str(scores[category]),
                            scores[category] >= BUDGET_SCORE,
                        )
                    )
                print(f"  lighthouse {preset}: {scores['metrics']}", file=sys.stderr)
                if scores["failing"]:
                    print(
                        f"  lighthouse {preset}: audits below 1: {', '.join(scores['failing'])}",
                        file=sys.stderr,
                    )
                if scores["errors"]:
                    print(
                        f"  lighthouse {preset}: audits that could not run: "
                        f"{', '.join(scores['errors'])}",
                        file=sys.stderr,
                    )
    if not html_check:  # the seed site's table has it
        return rows
    problems = check_html(site)
    for problem in problems[:20]:
        print(f"  vnu: {problem}", file=sys.stderr)
    pages = len(list(site.rglob("*.html")))
    rows.append((f"Nu HTML Checker errors ({pages} pages)", "0", str(len(problems)), not problems))
    return rows


if __name__ == "__main__":
    sys.exit(main())
