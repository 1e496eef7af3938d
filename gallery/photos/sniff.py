"""A cheap look at a photo's first bytes, decoding nothing (no Pillow: `culture check` stays fast).

`culture check` without --photos sniffs every photo a page uses: an empty file, a file that is
no image, or an image in a format we do not take is found here, with the pipeline's own codes.
Damage inside a file, a file cut short after its header and the pixel count need the decoder
(`culture check --photos`, and every build). A photo is taken by its content, never by its
extension: a PNG saved as .jpg is a PNG.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

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


def sniff(path: Path) -> BadPhoto | None:
    """A cheap look at a photo's first bytes, decoding nothing (`culture check` without
    --photos): empty, not an image, or another format. Damage inside the file, a file cut
    short after its header and the pixel count are left to the pipeline."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError:
        return BadPhoto("E308")
    if not head:
        return BadPhoto("E301")
    if head.startswith(b"RIFF") and head[8:12] != b"WEBP":
        return BadPhoto("E302", file=path.name)  # a WAV or AVI file, not a WebP photo
    if accepted_signature(head):
        return None
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return BadPhoto("E307", format="AVIF")
    for signature, name in OTHER_SIGNATURES:
        if head.startswith(signature):
            return BadPhoto("E307", format=name)
    return BadPhoto("E302", file=path.name)


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


def sniff_photos(photos: Iterable[model.Photo], root: Path | None = None) -> list[Problem]:
    """The problems a look at each photo's first bytes finds (`sniff`), decoding none."""
    problems = []
    for photo in photos:
        bad = sniff(photo.source)
        if bad is not None:
            shown = shown_path(root, photo.source) if root else photo.source.as_posix()
            values = {**bad.values, **({"file": photo.source.name} if "file" in bad.values else {})}
            problems.append(problem(shown, 1, bad.code, **values))
    return sorted(problems)
