"""Check pages of a built site with axe-core in headless Chromium.

Serves the site on 127.0.0.1 (tools/site_server.py), opens each page in
Debian's Chromium through Python Playwright, injects
`node_modules/axe-core/axe.min.js` (pinned in package.json), runs all its
rules and prints every violation with the page, the rule and the elements.
Exits non-zero when there is any.

    .venv/bin/python tools/check_a11y.py output                 # every page
    .venv/bin/python tools/check_a11y.py output index.html 404.html
    .venv/bin/python tools/check_a11y.py output --scheme dark   # dark colours

Importable: `launch_browser`, `axe_violations(page, url)` and
`check_pages(root, paths)` are what the browser tests use.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_server import serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Flags for Debian's Chromium in containers and CI: no sandbox (root), and no
# background traffic to hosts that cannot be reached anyway.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BrowserMissing(RuntimeError):
    """Chromium, Playwright or axe-core is not installed."""


def chromium_path() -> str | None:
    """Chromium on PATH, like every other tool (Fedora names it chromium-browser)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_browser(playwright):
    """Debian's Chromium (never a downloaded one). Playwright starts it with a
    fresh temporary profile of its own (it refuses a --user-data-dir flag)."""
    path = chromium_path()
    if path is None:
        raise BrowserMissing("chromium not found: apt-get install chromium")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)


def axe_violations(page, url: str) -> list[dict]:
    """axe-core's violations on `url` (all rules, axe's defaults)."""
    if not AXE_JS.is_file():
        raise BrowserMissing(f"{AXE_JS.relative_to(REPO)} not found: run `npm ci` (or `make test`)")
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" "))
            }));
        }"""
    )


def format_violation(path: str, violation: dict) -> str:
    nodes = ", ".join(violation["nodes"][:5])
    more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    return f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}: {nodes}{more}"


def page_paths(root: Path) -> list[str]:
    """Every HTML page of the site, as URL paths (`x/index.html` -> `x/`)."""
    paths = []
    for file in sorted(Path(root).rglob("*.html")):
        rel = file.relative_to(root).as_posix()
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


def check_pages(
    root: Path, paths: list[str] | None = None, scheme: str = "light"
) -> dict[str, list[dict]]:
    """Violations per page path; pages without violations map to []."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError as exc:
        raise BrowserMissing("Python Playwright is not installed in .venv") from exc
    if _thread_drives_an_event_loop():
        # Playwright's sync API refuses to start inside a thread that already
        # runs an event loop (e.g. a test session holding its own browser):
        # do the same work in a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(_check_pages, root, paths, scheme).result()
    return _check_pages(root, paths, scheme)


def _thread_drives_an_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _check_pages(root: Path, paths: list[str] | None, scheme: str) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    root = Path(root)
    paths = page_paths(root) if not paths else paths
    results = {}
    with serve(root) as origin, sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            page = browser.new_page(color_scheme=scheme)
            for path in paths:
                results[path] = axe_violations(page, f"{origin}/{path.lstrip('/')}")
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "site", nargs="?", default="output", type=Path, help="built site folder (default: output)"
    )
    parser.add_argument("pages", nargs="*", help="page paths below the site (default: every page)")
    parser.add_argument(
        "--scheme",
        choices=["light", "dark"],
        default="light",
        help="prefers-color-scheme to emulate",
    )
    args = parser.parse_intermixed_args(argv)
    if not args.site.is_dir():
        print(
            f"error: {args.site}/ does not exist; build the site first (make html)", file=sys.stderr
        )
        return 2
    try:
        results = check_pages(args.site, args.pages, args.scheme)
    except BrowserMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    count = 0
    for path, violations in results.items():
        for violation in violations:
            print(format_violation(path, violation))
            count += 1
    print(f"axe-core: {count} violation(s) on {len(results)} page(s) ({args.scheme} colours)")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
