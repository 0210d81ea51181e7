"""make localize-images: copy the images posts load from other hosts into content/images/.

A post moved here from another blog often shows images from that blog's
server (`![Karte](https://alter-blog.de/img/karte.png)`, `<img src="https://…">`).
The published site refuses them (its Content-Security-Policy would block
them, and each would tell that host about every reader), so `make publish`
stops naming each one. This tool

1. finds every such image in content/ (Markdown images and `<img src>`,
   outside code blocks);
2. downloads each URL once into content/images/ (a name from the URL's file
   name, made unique with a short hash if another URL has the same one) and
   checks that it is an image (Pillow reads it);
3. rewrites the posts to link the copy: `{static}/images/karte.png`.

Links to the site's own former domain (OLD_DOMAINS in pelicanconf.py, or
--old-domain) are its own files: when content/ has the file at the URL's
path (or below images/), that file is linked and nothing is downloaded.

All or nothing: if any download fails, the report names file and URL and
neither a post nor content/images/ is changed.

    python tools/localize_images.py [--content content] [--old-domain alter-blog.de]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import posixpath
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path.cwd()
MARKUP = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm")
# ![alt](URL "title") and <img … src="URL" …>; group "url".
MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?(?P<url>(?:https?:)?//[^\s)>]+)>?")
HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?(?P<url>(?:https?:)?//[^"'\s>]+)""", re.I)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}
FORMAT_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "AVIF": ".avif"}
TIMEOUT = 30
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Found:
    path: Path  # the post
    url: str


@dataclass
class Plan:
    downloads: dict[str, Path] = field(default_factory=dict)  # URL -> new file
    own: dict[str, str] = field(default_factory=dict)  # URL -> {static} path of a file content/ has
    problems: list[str] = field(default_factory=list)


def outside_code(text: str):
    """(start, end) spans of the text outside fenced code blocks."""
    start, fence, pos = 0, None, 0
    for line in text.splitlines(keepends=True):
        m = FENCE.match(line)
        if fence is None and m:
            yield start, pos
            fence = m.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
            start = pos + len(line)
        pos += len(line)
    if fence is None:
        yield start, len(text)


def find_images(content: Path) -> list[Found]:
    found = []
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(MARKUP):
                continue
            path = Path(folder) / name
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            if "//" not in text:
                continue
            for start, end in outside_code(text):
                for pattern in (MD_IMAGE, HTML_IMAGE):
                    for m in pattern.finditer(text, start, end):
                        found.append(Found(path, m.group("url")))
    return found


def absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def own_file(url: str, content: Path, old_domains: set[str]) -> str | None:
    """`{static}` path of the file content/ has for a URL on a former domain."""
    parts = urlsplit(absolute(url))
    if (parts.hostname or "").lower() not in old_domains:
        return None
    rel = unquote(parts.path).lstrip("/")
    if not rel or ".." in rel.split("/"):
        return None
    for candidate in (rel, "images/" + rel, "images/" + posixpath.basename(rel)):
        if (content / candidate).is_file():
            return "{static}/" + candidate
    return None


def file_name(url: str, taken: set[str]) -> str:
    base = posixpath.basename(unquote(urlsplit(absolute(url)).path)) or "bild"
    stem, suffix = posixpath.splitext(base)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "bild"
    name = stem + suffix.lower()
    if name in taken:
        name = f"{stem}-{hashlib.sha1(url.encode()).hexdigest()[:8]}{suffix.lower()}"
    taken.add(name)
    return name


def download(url: str) -> bytes:
    request = urllib.request.Request(
        absolute(url), headers={"User-Agent": "localize-images (Pelican site)"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http/https only)
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def image_suffix(data: bytes, name: str) -> str:
    """The file's suffix as its content says; ValueError if it is no image."""
    if name.lower().endswith(".svg") and b"<svg" in data[:2048]:
        return ".svg"
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return FORMAT_SUFFIX.get(image.format, "." + (image.format or "img").lower())
    except Exception as exc:  # Pillow raises many kinds for a non-image
        raise ValueError(f"is no image ({type(exc).__name__})") from None


def plan(found: list[Found], content: Path, old_domains: set[str]) -> tuple[Plan, dict[str, bytes]]:
    result, data = Plan(), {}
    images = content / "images"
    taken = {p.name for p in images.iterdir()} if images.is_dir() else set()
    for item in found:
        if item.url in result.downloads or item.url in result.own or item.url in data:
            continue
        mine = own_file(item.url, content, old_domains)
        if mine:
            result.own[item.url] = mine
            continue
        try:
            body = download(item.url)
            suffix = image_suffix(body, item.url)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            result.problems.append(
                f"{relative(item.path)}: {item.url}: could not be copied ({reason}); "
                "fix or remove the image in the post, or copy it into content/images/ "
                "and link it as {static}/images/<name>"
            )
            continue
        name = file_name(item.url, taken)
        if posixpath.splitext(name)[1].lower() not in IMAGE_SUFFIXES:
            name = posixpath.splitext(name)[0] + suffix
        result.downloads[item.url] = images / name
        data[item.url] = body
    return result, data


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def rewrite(found: list[Found], targets: dict[str, str]) -> dict[Path, str]:
    """New text of each post that links an image of `targets` (URL -> link)."""
    changed: dict[Path, str] = {}
    for path in sorted({f.path for f in found}):
        text = path.read_text(encoding="utf-8-sig")
        pieces, last = [], 0
        for start, end in outside_code(text):
            pieces.append(text[last:start])
            chunk = text[start:end]
            for pattern in (MD_IMAGE, HTML_IMAGE):
                chunk = pattern.sub(
                    lambda m: m.group(0).replace(
                        m.group("url"), targets.get(m.group("url"), m.group("url"))
                    ),
                    chunk,
                )
            pieces.append(chunk)
            last = end
        pieces.append(text[last:])
        new = "".join(pieces)
        if new != text:
            changed[path] = new
    return changed


def old_domains_setting() -> list[str]:
    sys.path.insert(0, str(ROOT))
    try:
        import pelicanconf  # noqa: PLC0415
    except ImportError:
        return []
    finally:
        sys.path.remove(str(ROOT))
    return list(getattr(pelicanconf, "OLD_DOMAINS", []) or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default="content", type=Path)
    parser.add_argument(
        "--old-domain",
        action="append",
        default=None,
        help="a former host name of the site (default: OLD_DOMAINS in pelicanconf.py)",
    )
    args = parser.parse_args(argv)
    content = args.content
    old = {
        d.lower().strip()
        for d in (args.old_domain if args.old_domain is not None else old_domains_setting())
    }
    found = find_images(content)
    if not found:
        print("no images from other hosts in content/")
        return 0
    result, data = plan(found, content, old)
    if result.problems:
        for problem in result.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(
            f"localize-images stopped: {len(result.problems)} image(s) could not be copied; "
            "no post and no file was changed.",
            file=sys.stderr,
        )
        return 1
    targets = dict(result.own)
    for url, target in result.downloads.items():
        targets[url] = "{static}/images/" + target.name
    changed = rewrite(found, targets)
    if result.downloads:
        (content / "images").mkdir(parents=True, exist_ok=True)
    for url, target in result.downloads.items():
        target.write_bytes(data[url])
        print(f"{url} -> {relative(target)}")
    for url, link in result.own.items():
        print(f"{url} -> {link} (a file of the site's former domain)")
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
        print(f"rewritten: {relative(path)}")
    print(
        f"{len(targets)} image(s) now from this site, {len(changed)} post(s) rewritten; "
        "check them with make html or make publish"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
