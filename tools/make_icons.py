"""Draw the site's icon set from one geometry: SVG and PNG fallbacks.

The mark is a dot with two rings around it ("Resonanz") on the accent colour.
Why our own code: the PNGs are tiny and made of circles, so a signed-distance
rasteriser in plain Python (zlib for PNG) draws them exactly and reproducibly,
without an image library or a browser. Run it after changing the geometry;
its output in theme/static/icons/ is committed:

    .venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "theme" / "static" / "icons"
# Served from the site root (pelicanconf's EXTRA_PATH_METADATA puts it there).
ICO = OUT.parent.parent.parent / "content" / "extra" / "favicon.ico"

# Geometry on a 100 x 100 canvas.
ACCENT = (0x8C, 0x34, 0x13)  # --color-accent of the light theme
MARK = (0xFF, 0xFF, 0xFF)
CORNER = 22  # corner radius of the tile; 0 for the apple-touch-icon
DOT = 11
RINGS = (26, 40)
RING_WIDTH = 7

# (file name, size in px, rounded corners?)
PNGS = [
    ("favicon-32.png", 32, True),
    ("apple-touch-icon.png", 180, False),  # iOS rounds the corners itself
    ("icon-192.png", 192, True),
    ("icon-512.png", 512, True),
]


def svg() -> str:
    rings = "".join(
        f'<circle cx="50" cy="50" r="{r}" fill="none" stroke="#fff" stroke-width="{RING_WIDTH}"/>'
        for r in RINGS
    )
    colour = "#%02x%02x%02x" % ACCENT
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{CORNER}" fill="{colour}"/>'
        f'<circle cx="50" cy="50" r="{DOT}" fill="#fff"/>{rings}</svg>\n'
    )


def _tile_distance(x: float, y: float, corner: float) -> float:
    """Signed distance (canvas units) to the rounded square 0..100."""
    qx = abs(x - 50) - (50 - corner)
    qy = abs(y - 50) - (50 - corner)
    outside = math.hypot(max(qx, 0), max(qy, 0))
    return outside + min(max(qx, qy), 0) - corner


def _mark_distance(x: float, y: float) -> float:
    d = math.hypot(x - 50, y - 50)
    distances = [d - DOT] + [abs(d - r) - RING_WIDTH / 2 for r in RINGS]
    return min(distances)


def _coverage(distance: float, scale: float) -> float:
    """Anti-aliasing: the share of a pixel inside a shape, from its distance."""
    return min(max(0.5 - distance * scale, 0.0), 1.0)


def rgba_pixels(size: int, rounded: bool) -> bytes:
    scale = size / 100  # pixels per canvas unit
    corner = CORNER if rounded else 0
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # PNG filter type "none" for this row
        y = (py + 0.5) / scale
        for px in range(size):
            x = (px + 0.5) / scale
            tile = _coverage(_tile_distance(x, y, corner), scale)
            mark = _coverage(_mark_distance(x, y), scale)
            colour = [round(a + (b - a) * mark) for a, b in zip(ACCENT, MARK, strict=True)]
            rows += bytes(colour) + bytes([round(255 * tile)])
    return bytes(rows)


def png(size: int, rounded: bool) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rgba_pixels(size, rounded), 9))
        + chunk(b"IEND", b"")
    )


def ico(png_data: bytes, size: int) -> bytes:
    """A one-image .ico that wraps a PNG (every browser since IE 11 reads it).

    Pages link their icons, but crawlers and feed readers still ask for
    /favicon.ico at the root: without it they get a 404.
    """
    header = struct.pack("<HHH", 0, 1, 1)  # reserved, type icon, one image
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png_data), 6 + 16)
    return header + entry + png_data


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(), encoding="utf-8")
    for name, size, rounded in PNGS:
        data = png(size, rounded)
        (OUT / name).write_bytes(data)
    ICO.write_bytes(ico(png(32, True), 32))
    for path in [*sorted(OUT.iterdir()), ICO]:
        print(f"{path.relative_to(OUT.parent.parent.parent)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
