"""Drawing primitives for the demo images: fonts, gradients, glows, shadows, film finish, EXIF.

Pure Pillow (no numpy), deterministic: every random choice comes from a seeded random.Random.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = {
    ("sans", False): "NotoSansCJK-Regular.ttc",
    ("sans", True): "NotoSansCJK-Bold.ttc",
    ("serif", False): "NotoSerifCJK-Regular.ttc",
    ("serif", True): "NotoSerifCJK-Bold.ttc",
}
SC_INDEX = 2  # face index of Simplified Chinese in the Noto CJK collections

RED = (190, 22, 38)
DARK_RED = (120, 8, 20)
GOLD = (226, 184, 92)
LIGHT_GOLD = (250, 224, 150)
NAVY = (32, 40, 62)
WHITE = (250, 248, 242)
INK = (38, 34, 32)

_fonts: dict[tuple[str, bool, int], ImageFont.FreeTypeFont] = {}


class FontMissing(RuntimeError):
    """The Noto CJK fonts are not installed."""


def check_fonts() -> None:
    """Fail with a clear message when a needed font file is absent."""
    missing = [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise FontMissing(
            f"Missing Chinese fonts in {FONT_DIR}: {', '.join(missing)}.\n"
            "Install them with: apt-get install fonts-noto-cjk (then check `fc-list :lang=zh`)."
        )


def font(size: float, bold: bool = False, family: str = "sans") -> ImageFont.FreeTypeFont:
    """A Simplified Chinese Noto font at `size` pixels."""
    key = (family, bold, max(4, int(size)))
    if key not in _fonts:
        path = FONT_DIR / FONT_FILES[(family, bold)]
        _fonts[key] = ImageFont.truetype(str(path), key[2], index=SC_INDEX)
    return _fonts[key]


def mix(a: tuple, b: tuple, t: float) -> tuple[int, ...]:
    """Linear blend of two RGB colours."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=False))


def shade(c: tuple, k: float) -> tuple[int, ...]:
    """A colour darkened (k < 1) or lightened towards white (k > 1)."""
    if k <= 1:
        return tuple(int(v * k) for v in c)
    return mix(c, (255, 255, 255), min(1.0, k - 1))


def vgradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    """A vertical two-colour gradient."""
    ramp = Image.linear_gradient("L").resize((1, 256)).resize(size, Image.BILINEAR)
    return ImageOps.colorize(ramp, top, bottom)


def hgradient(size: tuple[int, int], left: tuple, right: tuple) -> Image.Image:
    """A horizontal two-colour gradient."""
    ramp = Image.linear_gradient("L").rotate(90).transpose(Image.FLIP_LEFT_RIGHT)
    return ImageOps.colorize(ramp.resize(size, Image.BILINEAR), left, right)


def radial_mask(size: tuple[int, int], strength: float = 1.0, power: int = 1) -> Image.Image:
    """An L mask bright in the middle and fading to 0 at the ellipse edge."""
    base = ImageOps.invert(Image.radial_gradient("L"))
    if power > 1:
        base = base.point(lambda v: int(255 * (v / 255) ** power))
    return base.resize(size, Image.BILINEAR).point(lambda v: int(v * strength))


def glow(
    img: Image.Image, center: tuple, radius: tuple, color: tuple, strength: float, power: int = 2
) -> None:
    """Add a soft light (screen-like blend) around `center`."""
    rx, ry = int(radius[0]), int(radius[1])
    if rx < 2 or ry < 2:
        return
    box = (int(center[0] - rx), int(center[1] - ry))
    mask = radial_mask((2 * rx, 2 * ry), strength, power)
    img.paste(Image.new("RGB", mask.size, color), box, mask)


def poly_fill(img: Image.Image, pts, fill_img: Image.Image | tuple) -> None:
    """Fill a polygon with a colour or with an image (e.g. a gradient) of the canvas size."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = (
        max(0, int(min(xs))),
        max(0, int(min(ys))),
        min(img.width, int(max(xs)) + 1),
        min(img.height, int(max(ys)) + 1),
    )
    if box[2] <= box[0] or box[3] <= box[1]:
        return
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    ImageDraw.Draw(mask).polygon([(x - box[0], y - box[1]) for x, y in pts], fill=255)
    if isinstance(fill_img, tuple):
        img.paste(fill_img, box, mask)
    else:
        img.paste(fill_img.crop(box), box, mask)


def soft_shadow(
    img: Image.Image,
    box: tuple,
    blur: float,
    opacity: float,
    ellipse: bool = True,
    color: tuple = (20, 16, 14),
) -> None:
    """A blurred dark ellipse or rectangle (contact shadows, drop shadows)."""
    pad = int(blur * 3) + 2
    w, h = int(box[2] - box[0]) + 2 * pad, int(box[3] - box[1]) + 2 * pad
    if w < 3 or h < 3:
        return
    mask = Image.new("L", (w, h), 0)
    shape = (pad, pad, w - pad, h - pad)
    draw = ImageDraw.Draw(mask)
    (draw.ellipse if ellipse else draw.rectangle)(shape, fill=int(255 * opacity))
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    img.paste(Image.new("RGB", (w, h), color), (int(box[0]) - pad, int(box[1]) - pad), mask)


def text_size(text: str, fnt: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """Width and height of a line of text."""
    left, top, right, bottom = fnt.getbbox(text)
    return right - left, bottom - top


def fit_font(
    text: str, max_w: float, size: float, bold: bool = True, family: str = "sans"
) -> ImageFont.FreeTypeFont:
    """The largest font not above `size` whose line fits in `max_w`."""
    while size > 6:
        fnt = font(size, bold, family)
        if text_size(text, fnt)[0] <= max_w:
            return fnt
        size *= 0.92
    return font(6, bold, family)


def text_center(
    img: Image.Image,
    xy: tuple,
    text: str,
    fnt,
    fill: tuple,
    shadow: tuple | None = None,
    spacing: float = 0,
) -> None:
    """Draw text centred at `xy`, optionally with a soft drop shadow; `spacing` is extra
    tracking between characters (as a fraction of the font size)."""
    draw = ImageDraw.Draw(img)
    if spacing:
        step = [text_size(ch, fnt)[0] + fnt.size * spacing for ch in text]
        total = sum(step) - fnt.size * spacing
        x = xy[0] - total / 2
        for ch, w in zip(text, step, strict=False):
            text_center(img, (x + (w - fnt.size * spacing) / 2, xy[1]), ch, fnt, fill, shadow)
            x += w
        return
    if shadow:
        tw, th = text_size(text, fnt)
        layer = Image.new("L", (tw + fnt.size * 2, th + fnt.size * 2), 0)
        ImageDraw.Draw(layer).text(
            (layer.width / 2, layer.height / 2), text, font=fnt, fill=shadow[1], anchor="mm"
        )
        layer = layer.filter(ImageFilter.GaussianBlur(max(1, fnt.size / 14)))
        off = max(1, fnt.size // 16)
        img.paste(
            Image.new("RGB", layer.size, shadow[0]),
            (int(xy[0] - layer.width / 2 + off), int(xy[1] - layer.height / 2 + off)),
            layer,
        )
    draw.text(xy, text, font=fnt, fill=fill, anchor="mm")


def gold_text(img: Image.Image, xy: tuple, text: str, fnt, spacing: float = 0.08) -> None:
    """Big text filled with a metallic gold gradient, with an embossed shadow."""
    step = [text_size(ch, fnt)[0] + fnt.size * spacing for ch in text]
    total = int(sum(step)) + fnt.size
    h = int(fnt.size * 1.6)
    mask = Image.new("L", (total, h), 0)
    x = fnt.size / 2
    draw = ImageDraw.Draw(mask)
    for ch, w in zip(text, step, strict=False):
        draw.text((x + (w - fnt.size * spacing) / 2, h / 2), ch, font=fnt, fill=255, anchor="mm")
        x += w
    origin = (int(xy[0] - total / 2), int(xy[1] - h / 2))
    dark = mask.filter(ImageFilter.GaussianBlur(max(1, fnt.size / 18)))
    off = max(2, fnt.size // 22)
    img.paste(Image.new("RGB", mask.size, (70, 4, 10)), (origin[0] + off, origin[1] + off), dark)
    band = vgradient((1, h), LIGHT_GOLD, (176, 120, 40)).resize((total, h))
    shine = vgradient((1, h), (255, 246, 200), GOLD).resize((total, h))
    band = Image.composite(
        shine,
        band,
        vgradient((1, h), (255,) * 3, (0,) * 3)
        .convert("L")
        .resize((total, h))
        .point(lambda v: 255 if v > 150 else 0),
    )
    img.paste(band, origin, mask)


def grain(
    img: Image.Image, rng: random.Random, amount: float = 0.06, scale: int = 2, mono: bool = True
) -> Image.Image:
    """Film grain from seeded random bytes, generated at 1/scale and upsampled."""
    w, h = max(1, img.width // scale), max(1, img.height // scale)
    if mono:
        noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).convert("RGB")
    else:
        noise = Image.frombytes("RGB", (w, h), rng.randbytes(w * h * 3))
    noise = noise.resize(img.size, Image.BILINEAR)
    grey = Image.new("RGB", img.size, (128, 128, 128))
    noisy = ImageChops.overlay(img, Image.blend(grey, noise, 0.5))
    return Image.blend(img, noisy, amount * 4)


def vignette(img: Image.Image, strength: float = 0.35) -> Image.Image:
    """Darken the corners like a real lens."""
    mask = ImageOps.invert(radial_mask(img.size, 1.0, 1)).point(
        lambda v: int(v * strength * (v / 255))
    )
    return Image.composite(Image.new("RGB", img.size, (0, 0, 0)), img, mask)


def finish(
    img: Image.Image,
    size: tuple[int, int],
    rng: random.Random,
    warm: float = 0.04,
    blur: float = 0.5,
    grain_amount: float = 0.05,
    vig: float = 0.35,
) -> Image.Image:
    """Downsample the supersampled canvas and give it a photographic look."""
    out = img.resize(size, Image.LANCZOS)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if warm:
        out = Image.blend(
            out, ImageOps.colorize(out.convert("L"), (30, 18, 8), (255, 244, 226)), warm
        )
    out = vignette(out, vig)
    return grain(out, rng, grain_amount)


def rough_edge_mask(size: tuple[int, int], rng: random.Random, holes: float = 0.18) -> Image.Image:
    """A mask with speckled gaps, for ink seals that did not print evenly."""
    w, h = max(1, size[0] // 3), max(1, size[1] // 3)
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).resize(size, Image.BILINEAR)
    noise = noise.filter(ImageFilter.GaussianBlur(2))
    cut = int(255 * (0.5 - holes / 2))
    return noise.point(lambda v: 0 if v < cut else 255)


def seal(
    img: Image.Image,
    center: tuple,
    side: float,
    text: str,
    rng: random.Random,
    angle: float = -6,
    color: tuple = (200, 30, 36),
) -> None:
    """A square red seal with four characters in a 2x2 grid, slightly rotated and worn."""
    s = int(side)
    stamp = Image.new("L", (s, s), 0)
    draw = ImageDraw.Draw(stamp)
    draw.rounded_rectangle((0, 0, s - 1, s - 1), radius=s // 12, fill=255)
    fnt = font(s * 0.36, True, "serif")
    chars = (text + "    ")[:4]
    cells = [(0.72, 0.28), (0.72, 0.72), (0.28, 0.28), (0.28, 0.72)]  # read top-right first
    for ch, (cx, cy) in zip(chars, cells, strict=False):
        draw.text((cx * s, cy * s), ch, font=fnt, fill=0, anchor="mm")
    draw.rounded_rectangle(
        (s * 0.05, s * 0.05, s * 0.95, s * 0.95), radius=s // 14, outline=0, width=max(1, s // 40)
    )
    stamp = ImageChops.multiply(stamp, rough_edge_mask((s, s), rng))
    stamp = stamp.rotate(angle, resample=Image.BICUBIC, expand=True)
    img.paste(
        Image.new("RGB", stamp.size, color),
        (int(center[0] - stamp.width / 2), int(center[1] - stamp.height / 2)),
        stamp.point(lambda v: int(v * 0.9)),
    )


def meander_border(img: Image.Image, box: tuple, unit: float, color: tuple) -> None:
    """A Chinese key-fret (回纹) border along the inside of `box`."""
    draw = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    w = max(1, int(unit / 5))
    for edge in ("top", "bottom", "left", "right"):
        length = (x1 - x0) if edge in ("top", "bottom") else (y1 - y0)
        n = max(1, int(length // (unit * 1.25)))
        step = length / n
        for i in range(n):
            t = i * step + (step - unit) / 2
            if edge == "top":
                ox, oy = x0 + t, y0
            elif edge == "bottom":
                ox, oy = x0 + t, y1 - unit
            elif edge == "left":
                ox, oy = x0, y0 + t
            else:
                ox, oy = x1 - unit, y0 + t
            _fret(draw, ox, oy, unit, color, w)


def _fret(draw: ImageDraw.ImageDraw, x: float, y: float, u: float, color: tuple, w: int) -> None:
    """One square spiral of the key-fret pattern."""
    pts = [
        (0, 1),
        (0, 0),
        (1, 0),
        (1, 1),
        (0.25, 1),
        (0.25, 0.25),
        (0.75, 0.25),
        (0.75, 0.75),
        (0.5, 0.75),
        (0.5, 0.5),
    ]
    draw.line([(x + px * u, y + py * u) for px, py in pts], fill=color, width=w, joint="curve")


def coin_emblem(img: Image.Image, center: tuple, r: float, color: tuple = GOLD) -> None:
    """A round coin with a square hole (an old Chinese cash coin), the bank's motif."""
    draw = ImageDraw.Draw(img)
    cx, cy = center
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=color, width=max(2, int(r * 0.14)))
    q = r * 0.38
    draw.rectangle((cx - q, cy - q, cx + q, cy + q), outline=color, width=max(2, int(r * 0.14)))
    for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0)):
        a = (cx + dx * q * 1.2 - dy * r * 0.1, cy + dy * q * 1.2 - dx * r * 0.1)
        b = (cx + dx * r * 0.78 + dy * r * 0.1, cy + dy * r * 0.78 + dx * r * 0.1)
        draw.rectangle(
            (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])), fill=color
        )


def save_jpeg(
    img: Image.Image,
    path: Path,
    quality: int = 85,
    exif: Image.Exif | None = None,
    orientation: int = 1,
) -> None:
    """Write a JPEG; with `orientation` 6 or 8 the pixels are stored rotated and the EXIF tag
    says how to turn them upright again (as phone cameras do)."""
    exif = exif if exif is not None else Image.Exif()
    if orientation == 6:
        img = img.transpose(Image.ROTATE_90)
    elif orientation == 8:
        img = img.transpose(Image.ROTATE_270)
    if orientation != 1:
        exif[0x0112] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=quality, optimize=True, exif=exif.tobytes())


def camera_exif(when: str, model: str = "DemoCam X100", gps: tuple | None = None) -> Image.Exif:
    """EXIF of a fictional camera: make, model, capture time and optionally a GPS position
    (latitude, longitude in degrees) so the pipeline's metadata stripping can be proven."""
    from PIL.TiffImagePlugin import IFDRational

    exif = Image.Exif()
    exif[0x010F] = "Demo"  # Make
    exif[0x0110] = model  # Model
    # Software: the generator's name when the photos were committed; a new name here would
    # rewrite all 42 committed JPEGs for nothing.
    exif[0x0131] = "scripts/demo_images.py"
    exif.get_ifd(0x8769)[0x9003] = when  # DateTimeOriginal
    if gps:

        def dms(value: float) -> tuple:
            """Degrees as EXIF rationals: degrees, minutes, hundredths of seconds."""
            deg = int(value)
            minutes = int((value - deg) * 60)
            seconds = round(((value - deg) * 60 - minutes) * 60 * 100)
            return (IFDRational(deg, 1), IFDRational(minutes, 1), IFDRational(seconds, 100))

        exif[0x8825] = {1: "N", 2: dms(gps[0]), 3: "E", 4: dms(gps[1])}
    return exif
