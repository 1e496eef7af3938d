"""A cheap look at a photo's first bytes, decoding nothing (no Pillow: `culture check` stays fast).

`culture check` without --photos sniffs every photo a page uses: an empty file, a file that is
no image, or an image in a format we do not take is found here, with the pipeline's own codes.
A header stating more pixels than `images: max_pixels` (a decompression bomb) is told from
the header alone, as the pipeline reads it. Damage inside a file and a file cut short after its
header need the decoder: gallery.photos.verify decodes, after this look, the photos no build has
decoded. A photo is taken by its content, never by its extension: a PNG saved as .jpg is a PNG.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from gallery.content import model
from gallery.content.discover import shown_path
from gallery.problems import Problem, problem

# First bytes of the accepted formats: a file that starts like one but cannot be opened
# was cut short, rather than being something else.
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00",
              b"MM\x00*", b"RIFF")
HEIF_BRANDS = (b"ftypheic", b"ftypmif1", b"ftypheix", b"ftyphevc", b"ftypmsf1")


class BadPhoto(Exception):
    """A photo that cannot be used, with the problem code that explains why."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def accepted_signature(head: bytes) -> bool:
    """Whether the first bytes are those of a format we accept (HEIC by its ftyp brand)."""
    return head.startswith(SIGNATURES) or head[4:12] in HEIF_BRANDS


# Strong signatures of formats we refuse by name (E307) without opening them with Pillow.
OTHER_SIGNATURES = ((b"BM", "BMP"), (b"8BPS", "PSD"), (b"\x00\x00\x00\x0cjP  ", "JPEG2000"),
                    (b"\xff\x4f\xff\x51", "JPEG2000"), (b"\x00\x00\x01\x00", "ICO"),
                    (b"qoif", "QOI"), (b"DDS ", "DDS"))


def sniff(path: Path, max_pixels: int = 0) -> BadPhoto | None:
    """A cheap look at a photo's first bytes, decoding nothing (`culture check` without
    --photos): empty, not an image, another format, or (PNG, GIF, WebP, JPEG) more pixels than
    `max_pixels` by its header, as the pipeline reads it. Damage inside the file and a file
    cut short after its header are left to the pipeline."""
    try:
        with path.open("rb") as f:
            head = f.read(32)
            size = header_size(f, head) if max_pixels and accepted_signature(head) else None
    except OSError:
        return BadPhoto("E308")
    if not head:
        return BadPhoto("E301")
    if head.startswith(b"RIFF") and head[8:12] != b"WEBP":
        return BadPhoto("E302", file=path.name)  # a WAV or AVI file, not a WebP photo
    if size and size[0] * size[1] > max_pixels:  # the words of derive.check_header
        width, height = size
        return BadPhoto("E304", width=width, height=height,
                        megapixels=f"{width * height / 1e6:.0f}", limit=f"{max_pixels / 1e6:.0f}")
    if accepted_signature(head):
        return None
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return BadPhoto("E307", format="AVIF")
    for signature, name in OTHER_SIGNATURES:
        if head.startswith(signature):
            return BadPhoto("E307", format=name)
    return BadPhoto("E302", file=path.name)


def header_size(f: BinaryIO, head: bytes) -> tuple[int, int] | None:
    """Width and height as the header of a PNG, GIF, WebP or JPEG states them (what the
    decoder would allocate), reading a few bytes; None for other formats or a header cut short."""
    if head.startswith(b"\x89PNG") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP" and len(head) >= 30:
        return _webp_size(head)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(f)
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    """The canvas (VP8X) or frame size (VP8, VP8L) of a WebP file from its first 30 bytes."""
    chunk = head[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return (int.from_bytes(head[26:28], "little") & 0x3FFF,
                int.from_bytes(head[28:30], "little") & 0x3FFF)
    return None


# JPEG start-of-frame markers (C4 Huffman tables, C8 reserved and CC arithmetic coding are not)
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(f: BinaryIO) -> tuple[int, int] | None:
    """The frame size of a JPEG: its segments are skipped by their lengths up to the frame
    header (a few small reads: the EXIF block before it may be 64 KB)."""
    position = 2
    for _ in range(64):
        f.seek(position)
        marker = f.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return None
        if marker[1] == 0xFF:  # fill byte
            position += 1
            continue
        if marker[1] in SOF_MARKERS:
            frame = f.read(5)
            if len(frame) < 5:
                return None
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        position += 2 + int.from_bytes(marker[2:4], "big")
    return None


def story_photos(site: model.Site) -> list[model.Photo]:
    """Every photo the visible stories and the hand-written pages use, each source once."""
    found: dict[Path, model.Photo] = {}
    for story in site.visible():
        for photo in story.all_photos:
            found.setdefault(photo.source, photo)
    for page in site.pages:
        for photo in page.body_photos:
            found.setdefault(photo.source, photo)
    return list(found.values())


def sniff_photos(photos: Iterable[model.Photo], root: Path | None = None,
                 max_pixels: int = 0) -> list[Problem]:
    """The problems a look at each photo's first bytes finds (`sniff`), decoding none."""
    problems = []
    for photo in photos:
        bad = sniff(photo.source, max_pixels)
        if bad is not None:
            problems.append(as_problem(photo.source, bad, root))
    return sorted(problems)


def as_problem(source: Path, bad: BadPhoto, root: Path | None = None) -> Problem:
    """A bad photo as the problem line staff read: its path, line 1, its file name shown."""
    shown = shown_path(root, source) if root else source.as_posix()
    values = {**bad.values, **({"file": source.name} if "file" in bad.values else {})}
    return problem(shown, 1, bad.code, **values)
