"""Issue 18: responsive images from the author's photos (plugins/images).

Real builds through tools/build.py over fixture sites with photos made here:
a 4000×3000 JPEG with EXIF GPS data and an orientation tag (6: shown turned
90° clockwise, so 3000×4000)."""

from __future__ import annotations

import re
import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image
from sitebuild import SITEURL, Site

SUMMARY = "Summary: Ein Beitrag mit Bildern.\n"
ARTICLE = (
    "Title: Ein Workshop in Bildern\nDate: 2026-03-01 09:00\nSlug: workshop\n" + SUMMARY + "\n"
    "Einleitung.\n\n"
    '![Die Gruppe am Flipchart]({static}/images/workshop.jpg "Der Workshop im März")\n\n'
    "Mehr Text.\n\n"
    "![Noch einmal die Gruppe](/images/workshop.jpg)\n"
)
HEADER_ARTICLE = (
    "Title: Mit Titelbild\nDate: 2026-03-02 09:00\nSlug: titelbild\n"
    + SUMMARY
    + "Image: {static}/images/workshop.jpg\nImage_alt: Die Gruppe\nImage_focus: 30% 40%\n\nText.\n\n"
    "![Die Gruppe, noch einmal](images/workshop.jpg)\n"
)
TEXT_PAGE = "Title: Kontakt\nSlug: kontakt\n" + SUMMARY + "\nSchreiben Sie mir.\n"
WIDTHS = [160, 320, 480, 800, 1200, 1600]
SIZES = "(min-width: 40rem) 36rem, calc(100vw - 2rem)"
GPS = 0x8825
ORIENTATION = 0x0112


def photo(width=4000, height=3000, orientation=6) -> bytes:
    """A phone photo: EXIF with GPS position, camera serial and orientation.
    The stored picture's top-left quarter is red, the rest blue-grey with noise."""
    # Soft blotches with fine grain: compresses about like a real photo.
    im = Image.merge(
        "RGB",
        [
            Image.effect_noise((width // 16, height // 16), 60 + 10 * i).resize(
                (width, height), Image.Resampling.BICUBIC
            )
            for i in range(3)
        ],
    )
    im = Image.blend(im, Image.effect_noise((width, height), 12).convert("RGB"), 0.15)
    im.paste((200, 30, 30), (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[GPS] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    buf = BytesIO()
    im.save(buf, "JPEG", quality=85, exif=exif)
    return buf.getvalue()


@pytest.fixture(scope="module")
def photo_bytes():
    return photo()


@pytest.fixture(scope="module")
def built(tmp_path_factory, photo_bytes):
    site = Site(tmp_path_factory.mktemp("images") / "site")
    site.write("images/workshop.jpg", photo_bytes)
    site.write("articles/workshop.md", ARTICLE)
    site.write("articles/titelbild.md", HEADER_ARTICLE)
    site.write("pages/kontakt.md", TEXT_PAGE)
    build = site.build()
    assert build.returncode == 0, build.stderr
    return site, build


def cache_state(site: Site) -> dict:
    cache = site.root / "cache" / "images"
    return {
        str(p.relative_to(cache)): p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()
    }


def test_picture_has_sources_widths_sizes_and_dimensions(built):
    _site, build = built
    soup = build.soup("workshop/index.html")
    pictures = soup.select(".prose picture")
    assert len(pictures) == 2
    for pic in pictures:
        sources = pic.find_all("source")
        assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
        for source, ext in zip(sources, ("avif", "webp"), strict=True):
            entries = [e.strip().split(" ") for e in source["srcset"].split(",")]
            assert [int(w[:-1]) for _, w in entries] == WIDTHS
            assert all(
                url.startswith("/images/workshop.") and url.endswith(f".{ext}")
                for url, _ in entries
            )
            assert source["sizes"] == SIZES
        img = pic.find("img")
        assert (img["width"], img["height"]) == ("3000", "4000")  # turned by its orientation tag
        assert img["src"] == "/images/workshop.jpg"
        assert img["sizes"] == SIZES
        assert [int(e.split()[1][:-1]) for e in img["srcset"].split(",")] == WIDTHS
        for entry in img["srcset"].split(","):
            assert (build.output / entry.split()[0].lstrip("/")).is_file()
    first, second = (p.find("img") for p in pictures)
    assert first["alt"] == "Die Gruppe am Flipchart"
    assert (first.get("loading"), first.get("fetchpriority")) == ("eager", "high")
    assert (second.get("loading"), second.get("decoding"), second.get("fetchpriority")) == (
        "lazy",
        "async",
        None,
    )
    figure = pictures[0].parent
    assert figure.name == "figure" and figure.figcaption.get_text() == "Der Workshop im März"
    assert pictures[1].parent.name == "p"  # no title: no figure


def test_no_metadata_in_any_written_image_and_orientation_applied(built):
    _site, build = built
    files = [
        p
        for p in (build.output / "images").rglob("*")
        if p.suffix in (".jpg", ".png", ".webp", ".avif")
    ]
    assert len(files) >= 3 * len(WIDTHS) + 2
    for path in files:
        with Image.open(path) as im:
            assert not im.getexif(), f"{path.name} has EXIF"
            assert not (
                {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "photoshop"} & set(im.info)
            ), (path.name, im.info.keys())
            assert b"SERIAL-123456" not in path.read_bytes()
    name = next(p for p in files if p.name.endswith(".480w.jpg"))
    with Image.open(name) as im:
        assert im.size == (480, 640)
        rgb = im.convert("RGB")
        # The stored top-left red quarter is shown top-right after turning 90° clockwise.
        assert rgb.getpixel((400, 80))[0] > 150 > rgb.getpixel((80, 80))[0]
    with Image.open(build.output / "images" / "workshop.jpg") as im:
        assert im.size == (3000, 4000) and not im.getexif()


def test_rebuild_encodes_nothing(built):
    site, build = built
    before = cache_state(site)
    assert any(name.endswith(".avif") for name in before)
    again = site.build()
    assert again.returncode == 0, again.stderr
    assert cache_state(site) == before  # no file written again, none added


def test_header_image_teaser_and_open_graph_crop(built):
    _site, build = built
    soup = build.soup("titelbild/index.html")
    hero = soup.select_one(".article-hero picture img")
    assert hero["alt"] == "Die Gruppe" and hero.get("fetchpriority") == "high"
    body_img = soup.select_one(".prose picture img")
    assert body_img["loading"] == "lazy"  # the header image is the page's first
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert re.fullmatch(
        r"https://blog\.example\.org/images/workshop\.[0-9a-f]{8}\.og-30-40\.jpg", og["og:image"]
    )
    assert (og["og:image:width"], og["og:image:height"], og["og:image:alt"]) == (
        "1200",
        "630",
        "Die Gruppe",
    )
    crop = build.output / og["og:image"].removeprefix(SITEURL + "/")
    with Image.open(crop) as im:
        assert im.size == (1200, 630) and not im.getexif()
    teaser = build.soup("index.html").select_one(".teaser picture img")
    assert teaser is not None and teaser["sizes"] == "6rem" and teaser["alt"] == ""


def test_share_card_for_a_page_without_image(built):
    _site, build = built
    soup = build.soup("kontakt/index.html")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:image"].startswith(f"{SITEURL}/images/share/kontakt.")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert "Kontakt" in og["og:image:alt"]
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    card = build.output / og["og:image"].removeprefix(SITEURL + "/")
    assert card.stat().st_size < 100_000
    with Image.open(card) as im:
        assert im.size == (1200, 630)


def test_feed_has_the_original_as_one_absolute_img(built):
    _site, build = built
    feed = build.html("feeds/alle.atom.xml")
    assert "&lt;picture" not in feed and "<picture" not in feed and "srcset" not in feed
    assert f'src="{SITEURL}/images/workshop.jpg"' in feed.replace("&lt;", "<").replace(
        "&gt;", ">"
    ).replace("&quot;", '"')


# --- Bad input: the publish stops naming file and image; nothing written ------------


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width×height (a decompression bomb's header)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def truncated_photo() -> bytes:
    data = photo(800, 600, orientation=1)
    return data[: len(data) // 2]


BAD = {
    "missing": (None, "fehlt.jpg", ["fehlt.jpg", "does not exist"]),
    "truncated": (truncated_photo, "kaputt.jpg", ["kaputt.jpg", "truncated"]),
    "bomb": (lambda: png_header(30000, 30000), "riesig.png", ["riesig.png", "900 megapixels"]),
    "unsupported": (lambda: b"BM" + b"\0" * 60, "alt.bmp", ["alt.bmp", "format"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_image_stops_the_publish_naming_file_and_image(tmp_path, case):
    make, name, words = BAD[case]
    site = Site(tmp_path / "site")
    if make is not None:
        site.write(f"images/{name}", make())
    site.write(
        "articles/bild.md",
        "Title: Bild\nDate: 2026-03-01\nSlug: bild\n"
        + SUMMARY
        + f"\n![Ein Bild]({{static}}/images/{name})\n",
    )
    build = site.build()
    assert build.returncode != 0
    lines = [line for line in build.stderr.splitlines() if line.startswith("error:")]
    assert any(
        "content/articles/bild.md" in line and all(w in line for w in words) for line in lines
    ), build.stderr
    assert "Traceback" not in build.stderr
    assert not build.output.exists()  # nothing half-written


def test_image_without_alt_text_stops_the_publish(tmp_path):
    site = Site(tmp_path / "site")
    site.write("images/foto.jpg", photo(800, 600, orientation=1))
    site.write(
        "articles/bild.md",
        "Title: Bild\nDate: 2026-03-01\nSlug: bild\n"
        + SUMMARY
        + "\n![]({static}/images/foto.jpg)\n",
    )
    build = site.build()
    assert build.returncode != 0
    assert re.search(
        r"error: content/articles/bild\.md: the image \S*foto\.jpg has no alt text", build.stderr
    ), build.stderr
    assert not build.output.exists()


def test_text_only_site_makes_no_image_work(tmp_path):
    """Zero cost without images: no cache folder, only the cards."""
    site = Site(tmp_path / "site")
    site.write(
        "articles/text.md",
        "Title: Nur Text\nDate: 2026-03-01\nSlug: text\n" + SUMMARY + "\nText.\n",
    )
    build = site.build(overrides={"IMAGES": {"share_cards": False}})
    assert build.returncode == 0, build.stderr
    assert not (site.root / "cache").exists()
    assert not (build.output / "images").exists()


def test_unknown_image_setting_is_named(tmp_path):
    site = Site(tmp_path / "site")
    site.write(
        "articles/text.md",
        "Title: Nur Text\nDate: 2026-03-01\nSlug: text\n" + SUMMARY + "\nText.\n",
    )
    build = site.build(strict=False, overrides={"IMAGES": {"widht": [100]}})
    assert "images: unknown option IMAGES['widht']" in build.stderr
