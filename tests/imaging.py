"""Helpers for photo tests: synthetic images with known pixels and metadata, made in code."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

CHECKOUT = Path(__file__).resolve().parents[1]
# Real-world sample photos (HEIC, IPTC) in ../shared/photos beside the checkout, never
# committed; the tests that use them skip when the folder is absent.
SHARED_PHOTOS = CHECKOUT.parent / "shared" / "photos"

# The four quadrants of the upright test pattern: top-left, top-right, bottom-left, bottom-right.
QUADRANTS = ((220, 30, 30), (30, 200, 40), (40, 60, 220), (240, 240, 240))


def quadrants(width: int = 640, height: int = 480) -> Image.Image:
    """An upright RGB pattern: a different flat colour in each quadrant."""
    im = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    boxes = ((0, 0, half_w, half_h), (half_w, 0, width, half_h),
             (0, half_h, half_w, height), (half_w, half_h, width, height))
    for box, colour in zip(boxes, QUADRANTS, strict=False):
        im.paste(colour, box)
    return im


def quadrant_colours(im: Image.Image) -> list[tuple[int, ...]]:
    """The colour at the centre of each quadrant, in QUADRANTS order."""
    rgb = im.convert("RGB")
    w, h = rgb.size
    return [rgb.getpixel((x * w // 4, y * h // 4)) for y in (1, 3) for x in (1, 3)]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    """Whether two colours are equal within a per-channel tolerance (lossy encoders)."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """The mean absolute per-channel difference of two RGB images of the same size."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3


def encode(im: Image.Image, fmt: str, **options) -> bytes:
    """An image's bytes in a format."""
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


def jpeg_with_orientation(im: Image.Image, orientation: int) -> bytes:
    """A JPEG of `im` whose EXIF says `orientation`."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(im, "JPEG", quality=95, exif=exif.tobytes())


def with_app_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """A JPEG with an extra APPn segment right after SOI (how IPTC and others are stored)."""
    segment = bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def iptc_segment(caption: str) -> bytes:
    """A Photoshop APP13 payload holding one IPTC caption record."""
    text = caption.encode("utf-8")
    record = b"\x1c\x02\x78" + struct.pack(">H", len(text)) + text
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(record))
    block += record + (b"\x00" if len(record) % 2 else b"")
    return b"Photoshop 3.0\x00" + block


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_16bit_rgb(rows: list[list[tuple[int, int, int]]]) -> bytes:
    """A 16-bit-per-channel RGB PNG (Pillow cannot write one), written by hand."""
    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + b"".join(struct.pack(">HHH", *px) for px in row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size but holds almost no data (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    return (b"desc\x00\x00\x00\x00" + struct.pack(">I", len(ascii_text)) + ascii_text
            + b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 3 + b"\x00" * 67)


# sRGB's colorants adapted to D50, as in the sRGB ICC profile.
SRGB_RED, SRGB_GREEN, SRGB_BLUE = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), \
    (0.1431, 0.0606, 0.7141)


def swapped_icc() -> bytes:
    """An RGB display profile whose red and green primaries are sRGB's green and red.

    A pixel stored as (R, G, B) in this space is (G, R, B) in sRGB: a test can see whether a
    conversion happened, not just that a profile was present.
    """
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">I", 1) + struct.pack(">H", 0x0233) + b"\x00\x00"
    tags = [(b"desc", _desc("Swapped red-green test profile")),
            (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", _xyz(*SRGB_GREEN)), (b"gXYZ", _xyz(*SRGB_RED)), (b"bXYZ", _xyz(*SRGB_BLUE)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
            (b"cprt", b"text\x00\x00\x00\x00" + b"none\x00")]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body += b"\x00" * (-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"\x00" * 4 + struct.pack(">I", 0x02100000) + b"mntr"
              + b"RGB " + b"XYZ " + b"\x00" * 12 + b"acsp" + b"\x00" * 24 + struct.pack(">I", 0)
              + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\x00" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def riff_chunks(data: bytes) -> list[bytes]:
    """The chunk names of a WebP file (VP8, VP8L, VP8X, ALPH, EXIF, XMP , ICCP...)."""
    names, pos = [], 12
    while pos + 8 <= len(data):
        name, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        names.append(name)
        pos += 8 + size + (size & 1)
    return names


def jpeg_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's segments before the image data (APPn, COM, DQT...)."""
    markers, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        pos += 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
    return markers
