"""Reading, cleaning and encoding images, with a cache by content hash.

- probe(): what the Markdown extension and the templates need (size after
  the orientation tag, format, content hash), from the file's header; a
  pure function of the file, remembered per process by its path and stat.
- plan(): the derived files of an image, a function of the image and the
  settings only, so every run and every page agree on their names.
- Cache: one folder per image and settings (cache/images/<key>/), each file
  written to a temporary name and renamed: an interrupted build leaves no
  half-written file. A file in the cache is never encoded again.
- encode_entry(): decodes once, applies the orientation to the pixels,
  converts the colour profile to sRGB and drops every metadata block (EXIF
  with GPS and serial numbers, XMP, IPTC, comments), then writes what the
  cache lacks. Runs in threads: Pillow releases the GIL while decoding,
  resizing and encoding.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .settings import ENCODING_KEYS

# Bumped when the encoding changes: every cache key changes with it.
VERSION = "2"

RASTER = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".avif": "AVIF",
    ".gif": "GIF",
}
SUPPORTED = (*RASTER, ".svg")
MIME = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
}
EXT = {"avif": ".avif", "webp": ".webp", "jpeg": ".jpg", "png": ".png", "gif": ".gif"}
# The copied original keeps its format.
ORIGINAL = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "GIF": "gif"}
# Orientation tag values that turn the picture on its side.
SIDEWAYS = {5, 6, 7, 8}
ORIENTATION = 0x0112


class ImageProblem(Exception):
    """A problem of an image, in words for its author."""


@dataclass(frozen=True)
class Probe:
    path: str  # absolute
    rel: str  # below content/, with /
    sha: str  # sha256 of the file
    width: int  # as shown: after the orientation tag
    height: int
    format: str  # Pillow's: JPEG, PNG, ...
    animated: bool
    alpha: bool

    @property
    def stem(self) -> str:
        return posixpath.splitext(self.rel)[0]

    @property
    def fallback(self) -> str:
        """The <img>'s format: the original's, or JPEG/PNG for WebP/AVIF originals."""
        if self.format == "JPEG":
            return "jpeg"
        if self.format in ("PNG", "GIF"):
            return "png"
        return "png" if self.alpha else "jpeg"


_PROBES: dict[tuple, Probe] = {}


def _file_sha(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def probe(path: str, rel: str, max_pixels: int) -> Probe:
    """The image's facts from its header; ImageProblem if it cannot be one."""
    try:
        st = os.stat(path)
    except OSError:
        raise ImageProblem("does not exist") from None
    # ctime and inode too: a photo copied over the old one with its own
    # mtime (cp -p, rsync -t, a camera's date) is still seen as new.
    key = (path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, max_pixels)
    if key in _PROBES:
        return _PROBES[key]
    ext = posixpath.splitext(rel)[1].lower()
    if ext not in RASTER:
        raise ImageProblem(f"has a format the site cannot show ({ext or 'no extension'})")
    try:
        with warnings.catch_warnings():
            # Our own limit below; Pillow's error above twice its limit stays.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
                if width * height > max_pixels:
                    raise ImageProblem(
                        f"is {width}×{height} px ({width * height / 1e6:.0f} megapixels), more than "
                        f"IMAGES['max_pixels'] ({max_pixels / 1e6:.0f}); scale it down to at most 4000 px wide"
                    )
                orientation = im.getexif().get(ORIENTATION, 1)
                animated = bool(getattr(im, "is_animated", False))
                alpha = im.mode in ("RGBA", "LA", "PA", "RGBa") or "transparency" in im.info
                fmt = im.format
    except Image.DecompressionBombError as exc:
        m = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(m.group(1)) / 1e6:.0f} megapixels" if m else "too many pixels"
        raise ImageProblem(
            f"is far too large ({size}: a decompression bomb?); "
            "scale it down to at most 4000 px wide"
        ) from None
    except UnidentifiedImageError:
        raise ImageProblem(
            "is no image Pillow can read (damaged, or not what its name says)"
        ) from None
    except OSError as exc:
        raise ImageProblem(f"cannot be read ({exc})") from None
    if orientation in SIDEWAYS:
        width, height = height, width
    result = Probe(path, rel, _file_sha(path), width, height, fmt, animated, alpha)
    _PROBES[key] = result
    return result


def settings_key(cfg: dict) -> str:
    return json.dumps({k: cfg[k] for k in ENCODING_KEYS}, sort_keys=True)


def entry_key(p: Probe, cfg: dict) -> str:
    return hashlib.sha256(f"{VERSION}\n{p.sha}\n{settings_key(cfg)}".encode()).hexdigest()[:16]


def widths(p: Probe, cfg: dict) -> list[int]:
    """Widths of the derived images: never wider than the image itself."""
    wanted = sorted(set(cfg["widths"]) | set(cfg["teaser_widths"]))
    result = [w for w in wanted if w < p.width]
    if p.width <= max(wanted):
        result.append(p.width)
    return result or [p.width]


def variant_name(p: Probe, cfg: dict, width: int, fmt: str) -> str:
    """Path of a derived image below the site's root, e.g. images/foto.1a2b3c4d.480w.avif."""
    return f"{p.stem}.{entry_key(p, cfg)[:8]}.{width}w{EXT[fmt]}"


def og_name(p: Probe, cfg: dict, focus: tuple[int, int]) -> str:
    return f"{p.stem}.{entry_key(p, cfg)[:8]}.og-{focus[0]}-{focus[1]}.jpg"


def og_size(p: Probe, cfg: dict) -> tuple[int, int]:
    """The Open Graph crop's size: og_size, or smaller for a small image (never upscaled)."""
    ow, oh = cfg["og_size"]
    scale = min(1.0, p.width / ow, p.height / oh)
    return max(1, round(ow * scale)), max(1, round(oh * scale))


def plan(p: Probe, cfg: dict, derived: bool) -> dict[str, tuple]:
    """{cache file name: what to make}; `derived` False: the clean original only."""
    files = {"original" + EXT[ORIGINAL[p.format]]: ("original",)}
    if derived:
        for w in widths(p, cfg):
            for fmt in [*cfg["formats"], p.fallback]:
                files[f"{w}w{EXT[fmt]}"] = ("resize", w, fmt)
    return files


# --- Encoding ----------------------------------------------------------------

_SRGB = None


def _srgb():
    global _SRGB
    if _SRGB is None:
        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB


def load_clean(path: str) -> Image.Image:
    """The decoded image, turned as its orientation tag says, in sRGB, without metadata."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as im:
            im.load()  # a truncated file fails here
            icc = im.info.get("icc_profile")
            im = ImageOps.exif_transpose(im)
    alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    mode = "RGBA" if alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if im.mode not in ("RGB", "RGBA", "CMYK", "L"):
                im = im.convert(mode)
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            im = ImageCms.profileToProfile(im, source, _srgb(), outputMode=out_mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            im = im.convert(mode)
    if im.mode != mode:
        im = im.convert(mode)
    # Nothing of the file's metadata reaches a written file.
    im.info = {}
    return im


def _encode(im: Image.Image, fmt: str, cfg: dict, dense: bool = False) -> bytes:
    """`dense`: a width only screens of high density fetch (settings.py)."""
    buf = io.BytesIO()
    q = {**cfg["quality"], **cfg["dense_quality"]} if dense else cfg["quality"]
    if fmt == "jpeg":
        (im.convert("RGB") if im.mode != "RGB" else im).save(
            buf, "JPEG", quality=q["jpeg"], optimize=True, progressive=True
        )
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=q["webp"], method=4)
    elif fmt == "avif":
        # libaom's speed 9: several times faster than 8 (Pillow 13's wheel),
        # for slightly larger files (bench/README.md).
        im.save(buf, "AVIF", quality=q["avif"], speed=9)
    elif fmt == "png":
        im.save(buf, "PNG", compress_level=9)
    elif fmt == "gif":
        im.convert("P", palette=Image.Palette.ADAPTIVE).save(buf, "GIF")
    else:  # pragma: no cover - plan() makes no other
        raise ValueError(fmt)
    return buf.getvalue()


def write_atomic(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def crop_focus(im: Image.Image, size: tuple[int, int], focus: tuple[int, int]) -> Image.Image:
    """The largest crop of the target's aspect ratio around focus (percent), scaled to size."""
    tw, th = size
    w, h = im.size
    if w * th > h * tw:  # wider than the target: crop the sides
        cw, ch = round(h * tw / th), h
    else:
        cw, ch = w, round(w * th / tw)
    cx, cy = w * focus[0] / 100, h * focus[1] / 100
    left = min(max(0, round(cx - cw / 2)), w - cw)
    top = min(max(0, round(cy - ch / 2)), h - ch)
    return im.resize(size, Image.Resampling.LANCZOS, box=(left, top, left + cw, top + ch))


def encode_entry(p: Probe, cfg: dict, folder: str, files: dict[str, tuple]) -> int:
    """Write the files of `files` that `folder` lacks; returns how many were encoded."""
    missing = {
        name: spec for name, spec in files.items() if not os.path.exists(os.path.join(folder, name))
    }
    if not missing:
        return 0
    im = load_clean(p.path)
    base = None
    # Largest first, each from a copy at the largest needed width: one
    # expensive resize of the full picture per image.
    for name, spec in sorted(
        missing.items(), key=lambda kv: -(kv[1][1] if kv[1][0] == "resize" else 10**9)
    ):
        kind = spec[0]
        if kind == "original":
            fmt = ORIGINAL[p.format]
            if fmt == "jpeg":  # only feed readers fetch it: a plain JPEG, faster to write
                buf = io.BytesIO()
                im.convert("RGB").save(buf, "JPEG", quality=cfg["quality"]["jpeg"])
                data = buf.getvalue()
            else:
                data = _encode(im, fmt, cfg)
        elif kind == "resize":
            width, fmt = spec[1], spec[2]
            if base is None or base.width < width:
                base = (
                    im
                    if width >= im.width
                    else im.resize(
                        (width, max(1, round(im.height * width / im.width))),
                        Image.Resampling.LANCZOS,
                        reducing_gap=2.0,
                    )
                )
            out = (
                base
                if base.width == width
                else base.resize(
                    (width, max(1, round(base.height * width / base.width))),
                    Image.Resampling.LANCZOS,
                )
            )
            data = _encode(out, fmt, cfg, dense=width > cfg["dense_from"])
        elif kind == "og":
            size, focus = spec[1], spec[2]
            data = _encode(crop_focus(im, size, focus), "jpeg", cfg)
        else:  # pragma: no cover
            raise ValueError(kind)
        write_atomic(os.path.join(folder, name), data)
    return len(missing)


def run_parallel(jobs: list, worker, count: int) -> list:
    """worker(job) for every job, on `count` threads; results (or exceptions) in order."""

    def safe(job):
        try:
            return worker(job)
        except Exception as exc:  # reported by the caller, naming the image
            return exc

    if count <= 1 or len(jobs) <= 1:
        return [safe(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="images") as pool:
        return list(pool.map(safe, jobs))


def place(source: str, target: str) -> bool:
    """Copy a cached file into the site unless the same file is there; True if copied."""
    try:
        s, t = os.stat(source), os.stat(target)
        if s.st_size == t.st_size and s.st_mtime_ns == t.st_mtime_ns:
            # Kept, but marked as written by this build: tools/output_folder.py
            # sweeps files of a reused folder whose ctime predates the build.
            os.utime(target, ns=(t.st_atime_ns, t.st_mtime_ns))
            return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = f"{target}.{os.getpid()}.tmp"
    # A hard link where the cache and the site share a file system: no bytes
    # copied (a site of 1000 posts has 1000 cards). Cached files are never
    # changed in place, only replaced, so the link cannot change under the site.
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copy2(source, tmp)
    os.replace(tmp, target)
    return True
