"""Make one photo's derivatives: check, decode, orient, resize, convert, strip, encode.

`run(job)` is what the process pool calls: a plain picklable Job in, a plain Outcome out.
Every bad input becomes an Outcome with a problem code (E3xx), never an exception.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import struct
import traceback
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pillow_heif
from PIL import Image, ImageCms, ImageFile, ImageFilter, UnidentifiedImageError

from gallery import paths
from gallery.disk import is_disk_error
from gallery.fileio import write_atomic
from gallery.photos.sniff import BadPhoto, accepted_signature

pillow_heif.register_heif_opener()

# Bump when the output of the same job changes, so cached derivatives are made again.
PIPELINE_VERSION = 3
WEBP_METHOD = 2  # 0-6: 4 costs twice the time of 2 for a barely smaller file
PREVIEW_SIZE = 16  # the longer side of the inline preview, in pixels
# The lobby screens' backdrop: a small, heavily blurred and dimmed WebP that a screen stretches
# behind a photo that does not fill it (a landscape photo on a portrait screen, a poster). It
# is blurred here, once, because old TV boxes render a CSS blur filter slowly. Stretched 12x
# on a 1080p screen it shows no pixel edges: nothing of the detail is left to show.
BACKDROP_SIZE = 160  # its longer side, in pixels
BACKDROP_BLUR = 6  # the Gaussian radius at that size
BACKDROP_DIM = 0.55  # the brightness kept, so white captions read over it
BACKDROP_QUALITY = 50
RESAMPLE = Image.Resampling.LANCZOS
# A cheap integer reduction before resampling: Pillow's docs call 3.0 indistinguishable from
# plain resampling; the smaller sizes use 2.0, as Pillow's own thumbnail() does.
REDUCING_GAP = 3.0
SMALLER_GAP = 2.0
ORIENTATION_TAG = 0x0112
# EXIF orientation -> the transpose that shows the photo upright (EXIF 2.32, tag 274).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Pillow format -> (name shown to staff, accepted extensions; the first is the suggested one).
FORMATS = {
    "JPEG": ("JPEG", (".jpg", ".jpeg", ".jpe")),
    "MPO": ("JPEG", (".jpg", ".jpeg", ".jpe")),
    "PNG": ("PNG", (".png",)),
    "HEIF": ("HEIC", (".heic", ".heif", ".hif")),
    "WEBP": ("WebP", (".webp",)),
    "TIFF": ("TIFF", (".tif", ".tiff")),
    "GIF": ("GIF", (".gif",)),
}
OPENERS = ("JPEG", "PNG", "HEIF", "WEBP", "TIFF", "GIF")  # Pillow's openers (MPO comes via JPEG)
# Formats Pillow knows by a strong signature, named when staff use them instead of a photo.
OTHER_FORMATS = ("BMP", "AVIF", "PSD", "JPEG2000", "ICO", "PPM", "DDS", "QOI", "PCX")
CUT_SHORT = ("truncated", "premature end", "end of file")  # decoder words for a file cut short
# What the decoders raise on bad data, caught only around calls into Pillow (open, verify,
# load, EXIF): Pillow's own list plus RuntimeError, which pillow-heif documents for libheif
# errors. Pillow turns IndexError and struct.error from its plugins into OSError or
# UnidentifiedImageError; KeyError and IndexError are never caught: raised by our code they
# are bugs, which must not be shown to staff as a damaged photo (E306).
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, RuntimeError, struct.error,
                 zlib.error)


@dataclass(frozen=True)
class Job:
    """One photo to derive: where it is, its cache key and the derivative settings."""

    source: str
    key: str
    cache_dir: str
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: int
    max_pixels: int
    jpeg_width: int = 0  # with WebP: JPEG only at the widest width up to this (0: at every width)


@dataclass(frozen=True)
class Outcome:
    """A job's result: the manifest of written derivatives, or a problem code and values."""

    key: str
    manifest: dict[str, Any] | None
    code: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # the traceback of a bug of ours (not a problem of the photo)
    disk: tuple[int, str] | None = None  # (errno, path) of a full or read-only disk


def run(job: Job) -> Outcome:
    """Derive one photo; bad input becomes an Outcome with a problem code, a bug its traceback."""
    try:
        return Outcome(job.key, derive(job))
    except BadPhoto as bad:
        return Outcome(job.key, None, bad.code, bad.values)
    except OSError as err:
        if not is_disk_error(err):
            return Outcome(job.key, None, error=traceback.format_exc())
        return Outcome(job.key, None, error=traceback.format_exc(),
                       disk=(err.errno or 0, str(err.filename)))
    except Exception:  # noqa: BLE001 - a bug of ours, carried to the parent as text (pickles)
        return Outcome(job.key, None, error=traceback.format_exc())


def derive(job: Job) -> dict[str, Any]:
    """Write all derivatives of a photo into the cache; return its manifest."""
    path = Path(job.source)
    with strict_pillow(), open_photo(path, job.max_pixels) as im:
        orientation = _orientation(im)
        swap = orientation in (5, 6, 7, 8)
        width, height = (im.height, im.width) if swap else im.size
        sizes = outputs(job, width, height)
        stored = sizes[0][0][::-1] if swap else sizes[0][0]
        largest = fit(decode(im, stored, path), stored)
    largest = to_srgb(largest)
    if orientation in UPRIGHT:
        largest = largest.transpose(UPRIGHT[orientation])
    image = _drop_opaque_alpha(largest)
    variants, files = [], {}
    for size, formats in sizes:  # each from the next larger one: cheaper than from the original
        if image.size != size:
            image = image.resize(size, RESAMPLE, reducing_gap=SMALLER_GAP)
        image.info = {}  # nothing of the original's metadata may reach an output
        for fmt in formats:
            variant, data = write(image, job, fmt)
            variants.append(variant)
            files[paths.photo_name(job.key, variant[0], fmt)] = [len(data),
                                                                 hashlib.sha256(data).hexdigest()]
    back = backdrop(image)
    files[paths.backdrop_name(job.key)] = write_backdrop(back, job)
    manifest = sealed({"version": PIPELINE_VERSION, "key": job.key, "width": width,
                       "height": height, "variants": sorted(variants),
                       "backdrop": list(back.size),
                       "opaque": image.mode != "RGBA", "files": files, **placeholder(image)})
    write_atomic(Path(job.cache_dir) / paths.photo_manifest(job.key),
                  json.dumps(manifest).encode())
    return manifest


def seal(manifest: dict[str, Any]) -> str:
    """A manifest's checksum over everything but itself: a damaged manifest fails it."""
    body = {k: v for k, v in manifest.items() if k != "check"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def sealed(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest with its checksum."""
    return manifest | {"check": seal(manifest)}


def outputs(job: Job, width: int, height: int) -> list[tuple[tuple[int, int], tuple[str, ...]]]:
    """(pixel size, formats) of every derivative, largest first. With WebP and a `jpeg_width`,
    JPEG is made at one size only (the <img> fallback for browsers without WebP): the widest
    of `widths` up to `jpeg_width`, else the narrowest."""
    one_jpeg = bool(job.jpeg_width) and "webp" in job.formats and "jpeg" in job.formats
    everywhere = {f for f in job.formats if not (one_jpeg and f == "jpeg")}
    made: dict[tuple[int, int], set[str]] = {}
    for w in job.widths:
        made.setdefault(bounded(w, width, height), set()).update(everywhere)
    if one_jpeg:  # the widest size up to jpeg_width (else the narrowest): never an extra size
        jpeg = max((w for w in job.widths if w <= job.jpeg_width), default=min(job.widths))
        made[bounded(jpeg, width, height)].add("jpeg")
    return [(size, tuple(f for f in job.formats if f in made[size]))
            for size in sorted(made, reverse=True)]


def bounded(size: int, width: int, height: int) -> tuple[int, int]:
    """The derivative for a configured size: its longer side at most `size`, never upscaled.

    Landscape photos come out `size` wide, portrait ones `size` tall (as sigal and photo
    sites do): a 2560 px wide portrait would be 8.7 MP that no screen shows whole.
    """
    scale = min(1.0, size / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def fit(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The decoded image at exactly `size` (a new image: the source file closes after)."""
    if im.size == size:
        return im.copy()
    return im.resize(size, RESAMPLE, reducing_gap=REDUCING_GAP)


@contextlib.contextmanager
def strict_pillow() -> Iterator[None]:
    """Pillow settings for one job: our own pixel limit, never fill truncated files."""
    saved = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
    Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = None, False
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved


@contextlib.contextmanager
def open_photo(path: Path, max_pixels: int) -> Iterator[Image.Image]:
    """Open a photo lazily (header only) and check it before anything is decoded."""
    try:
        fp = path.open("rb")
        size = os.fstat(fp.fileno()).st_size
    except OSError:
        raise BadPhoto("E308") from None
    with fp:
        if size == 0:
            raise BadPhoto("E301")
        try:
            im = Image.open(fp, formats=OPENERS)
        except UnidentifiedImageError:
            raise _unidentified(path) from None
        except DECODE_ERRORS as err:
            raise _broken(err, path) from None
        with im:
            check_header(im, path, max_pixels)
            yield im


def upright_size(path: Path) -> tuple[int, int] | None:
    """A photo's upright pixel size from its header (EXIF orientation applied); None when
    it cannot be read as an image (the photo stage reports why)."""
    try:
        with strict_pillow(), Image.open(path, formats=OPENERS) as im:
            width, height = im.size
            return (height, width) if _orientation(im) in (5, 6, 7, 8) else (width, height)
    except (UnidentifiedImageError, *DECODE_ERRORS):
        return None


def _unidentified(path: Path) -> BadPhoto:
    """Why a file is not an image we accept: cut short, another format, or not an image."""
    with path.open("rb") as f:
        head = f.read(16)
    if accepted_signature(head):  # it starts like one: cut short, not something else
        return BadPhoto("E305")
    with contextlib.suppress(UnidentifiedImageError, *DECODE_ERRORS), \
            Image.open(path, formats=list(OTHER_FORMATS)) as other:
        return BadPhoto("E307", format=other.format)
    return BadPhoto("E302", file=path.name)


def _broken(err: BaseException, path: Path) -> BadPhoto:
    """A decoder error: a file cut short (E305) or damaged data (E306)."""
    text = str(err).lower()
    cut = isinstance(err, EOFError) or any(m in text for m in CUT_SHORT) or _cut_short(path)
    return BadPhoto("E305" if cut else "E306")


def _cut_short(path: Path) -> bool:
    """Whether a file lacks the end its format requires (PNG IEND, JPEG EOI, RIFF size)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(12)
        f.seek(max(0, size - 1024))
        tail = f.read()
    if head.startswith(b"RIFF"):
        return int.from_bytes(head[4:8], "little") + 8 > size
    if head.startswith(b"\x89PNG"):
        return b"IEND" not in tail
    if head.startswith(b"\xff\xd8"):
        return b"\xff\xd9" not in tail
    return False


def check_header(im: Image.Image, path: Path, max_pixels: int) -> None:
    """Reject oversized photos from the header alone. A photo is taken by its content: a PNG
    saved as .jpg (WeChat and Windows, which hides extensions, do this) is a PNG, and only
    derivatives are published, so its name never reaches a browser (E303 is retired)."""
    if FORMATS.get(im.format or "") is None:  # cannot happen: OPENERS opens only these
        raise BadPhoto("E302", file=path.name)
    width, height = im.size
    if width * height > max_pixels:
        raise BadPhoto("E304", width=width, height=height,
                       megapixels=f"{width * height / 1e6:.0f}", limit=f"{max_pixels / 1e6:.0f}")


def _orientation(im: Image.Image) -> int:
    """The EXIF orientation (1-8); 1 when absent or invalid."""
    try:
        value = im.getexif().get(ORIENTATION_TAG, 1)
    except DECODE_ERRORS:
        return 1  # an unreadable EXIF block only loses the rotation; the pixels are fine
    return value if value in range(1, 9) else 1


def decode(im: Image.Image, size: tuple[int, int], path: Path) -> Image.Image:
    """Decode at the smallest JPEG scale that still covers `size`; 8-bit RGB(A) or CMYK."""
    if im.format in ("JPEG", "MPO"):
        im.draft(None, size)  # DCT scaling: decodes a quarter of the pixels for 1600 of 4000
    try:
        if im.format == "PNG":  # loading skips chunk checksums: damaged pixels would pass
            with Image.open(path, formats=["PNG"]) as check:
                check.verify()
        im.load()
    except DECODE_ERRORS as err:
        raise _broken(err, path) from None
    return normalise(im)  # decoded pixels: what fails from here on is a bug, not the photo


def normalise(im: Image.Image) -> Image.Image:
    """8 bits per channel in RGB or RGBA (CMYK kept when an ICC profile will convert it)."""
    # Grey and palette profiles are not worth converting; RGB and CMYK ones are.
    icc = im.info.get("icc_profile") if im.mode in ("RGB", "RGBA", "CMYK") else None
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        im = _scale_to_8_bits(im)
    if im.mode == "CMYK" and icc:
        return im
    if im.mode in ("P", "PA"):
        im = im.convert("RGBA" if "transparency" in im.info or im.mode == "PA" else "RGB")
    if im.mode in ("LA", "La", "RGBa"):
        im = im.convert("RGBA")
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGB")
    if icc:
        im.info["icc_profile"] = icc
    return im


def _scale_to_8_bits(im: Image.Image) -> Image.Image:
    """16-bit or 32-bit grey to 8 bits by scaling (a plain convert clips it to white)."""
    im = im.convert("F") if im.mode == "F" else im.convert("I")
    _low, high = cast(tuple[float, float], im.getextrema())  # one band: (min, max)
    top: float = 65535 if high > 255 else 255
    if im.mode == "F":
        top = high if high > 0 else 1
    return im.point(lambda v: v * (255 / top)).convert("L")


def to_srgb(im: Image.Image) -> Image.Image:
    """Convert to sRGB through the embedded ICC profile; no profile means sRGB already."""
    icc = im.info.get("icc_profile")
    if not icc:
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode != "CMYK" and ImageCms.getProfileDescription(source).lower().startswith("srgb"):
            return im
        mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, source, SRGB, outputMode=mode)
        return converted if converted is not None else im  # None only when inPlace=True
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A damaged profile: the pixels are still good, shown as if they were sRGB.
        return im.convert("RGB") if im.mode == "CMYK" else im


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _drop_opaque_alpha(im: Image.Image) -> Image.Image:
    """RGB when every pixel is opaque: smaller files, and a placeholder can show behind."""
    if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        return im.convert("RGB")
    return im


def flatten(im: Image.Image) -> Image.Image:
    """An RGB image: transparent areas on white (JPEG has no alpha)."""
    if im.mode != "RGBA":
        return im
    background = Image.new("RGB", im.size, "white")
    background.paste(im, mask=im.getchannel("A"))
    return background


def write(im: Image.Image, job: Job, fmt: str) -> tuple[tuple[int, int, str], bytes]:
    """Encode one derivative into the cache; return (width, height, format) and its bytes."""
    out = io.BytesIO()
    if fmt == "webp":
        im.save(out, "WEBP", quality=job.quality, method=WEBP_METHOD)
    else:
        flatten(im).save(out, "JPEG", quality=job.quality, progressive=True, optimize=True)
    name = paths.photo_name(job.key, im.width, fmt)
    data = out.getvalue()
    write_atomic(Path(job.cache_dir) / name, data)
    return (im.width, im.height, fmt), data


def backdrop(im: Image.Image) -> Image.Image:
    """The lobby screens' backdrop of a photo: small, blurred and dimmed (see BACKDROP_SIZE)."""
    small = flatten(im).convert("RGB")
    small.thumbnail((BACKDROP_SIZE, BACKDROP_SIZE), Image.Resampling.BOX)
    blurred = small.filter(ImageFilter.GaussianBlur(BACKDROP_BLUR))
    return blurred.point(lambda v: round(v * BACKDROP_DIM))


def write_backdrop(im: Image.Image, job: Job) -> list[Any]:
    """Encode the backdrop into the cache; return its [size, sha256] for the manifest."""
    out = io.BytesIO()
    im.save(out, "WEBP", quality=BACKDROP_QUALITY, method=WEBP_METHOD)
    data = out.getvalue()
    write_atomic(Path(job.cache_dir) / paths.backdrop_name(job.key), data)
    return [len(data), hashlib.sha256(data).hexdigest()]


def placeholder(im: Image.Image) -> dict[str, str]:
    """The average colour (#rrggbb) and a tiny WebP preview (about 100 bytes) as a data URI."""
    rgb = flatten(im).convert("RGB")
    pixel = rgb.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    red, green, blue = cast(tuple[int, int, int], pixel)  # an RGB pixel
    tiny = rgb.copy()
    tiny.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.BOX)
    data = io.BytesIO()
    tiny.save(data, "WEBP", quality=60)
    preview = "data:image/webp;base64," + base64.b64encode(data.getvalue()).decode("ascii")
    return {"color": f"#{red:02x}{green:02x}{blue:02x}", "preview": preview}

