"""Printed matter for the demo: red-and-gold culture-wall posters and pioneer-post portraits."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, ImageFilter

from . import draw as D
from . import people as P


def _background(size: tuple[int, int]) -> Image.Image:
    """Deep bank red with a warm glow in the middle and faint auspicious-cloud rings."""
    img = D.vgradient(size, (176, 18, 34), (112, 6, 18))
    D.glow(img, (size[0] / 2, size[1] * 0.42), (size[0] * 0.8, size[1] * 0.5), (226, 60, 52), 0.45)
    rings = img.copy()
    draw = ImageDraw.Draw(rings)
    w, h = size
    for cx, cy in ((0, 0), (w, h * 0.35), (w * 0.15, h), (w * 0.9, h * 0.95)):
        for r in range(int(w * 0.08), int(w * 0.55), int(w * 0.045)):
            draw.ellipse(
                (cx - r, cy - r, cx + r, cy + r), outline=(236, 120, 90), width=max(2, w // 400)
            )
    return Image.blend(img, rings, 0.12)


def _frame(img: Image.Image) -> tuple[int, int, int, int]:
    """Gold double frame with a key-fret band; returns the inner box."""
    w, h = img.size
    m = int(w * 0.035)
    draw = ImageDraw.Draw(img)
    draw.rectangle((m, m, w - m, h - m), outline=D.GOLD, width=max(3, w // 220))
    unit = w * 0.03
    D.meander_border(
        img,
        (m + unit * 0.5, m + unit * 0.5, w - m - unit * 0.5, h - m - unit * 0.5),
        unit,
        (214, 160, 70),
    )
    inner = int(m + unit * 2)
    draw.rectangle((inner, inner, w - inner, h - inner), outline=D.GOLD, width=max(2, w // 400))
    return inner, inner, w - inner, h - inner


def _header(img: Image.Image, top: float, label: str) -> None:
    w = img.width
    D.coin_emblem(img, (w / 2, top + w * 0.06), w * 0.045)
    D.text_center(
        img,
        (w / 2, top + w * 0.14),
        "中国工商银行北京珠市口支行",
        D.font(w * 0.032, True),
        D.LIGHT_GOLD,
        spacing=0.12,
    )
    D.text_center(
        img, (w / 2, top + w * 0.19), label, D.font(w * 0.024), (250, 220, 200), spacing=0.3
    )


def _divider(img: Image.Image, y: float) -> None:
    w = img.width
    draw = ImageDraw.Draw(img)
    draw.line([(w * 0.22, y), (w * 0.78, y)], fill=D.GOLD, width=max(2, w // 500))
    r = w * 0.012
    draw.polygon([(w / 2, y - r), (w / 2 + r, y), (w / 2, y + r), (w / 2 - r, y)], fill=D.GOLD)


def _footer(img: Image.Image, rng: random.Random, box: tuple, seal_text: str, note: str) -> None:
    w = img.width
    D.text_center(
        img, (w / 2, box[3] - w * 0.07), note, D.font(w * 0.024), (245, 214, 190), spacing=0.15
    )
    D.seal(img, (box[2] - w * 0.12, box[3] - w * 0.16), w * 0.13, seal_text, rng)


def poster(
    size: tuple[int, int],
    rng: random.Random,
    *,
    title: list[str],
    label: str,
    body: list[str] | None = None,
    steps: list[tuple[str, str]] | None = None,
    grid: list[tuple[str, str]] | None = None,
    seal_text: str = "服务文化",
    note: str = "服务文化墙 · 珠市口支行宣传部",
) -> Image.Image:
    """A culture-wall poster: gold title lines, then body lines, numbered steps or a 2x2 grid."""
    img = _background(size)
    box = _frame(img)
    w, _h = size
    _header(img, box[1], label)
    y = box[1] + w * 0.34
    for line in title:
        fnt = D.fit_font(line, (box[2] - box[0]) * 0.86, w * 0.1, True, "serif")
        D.gold_text(img, (w / 2, y), line, fnt)
        y += fnt.size * 1.45
    _divider(img, y)
    y += w * 0.07
    if body:
        for line in body:
            fnt = D.fit_font(line, (box[2] - box[0]) * 0.82, w * 0.042, False, "serif")
            D.text_center(img, (w / 2, y), line, fnt, D.WHITE)
            y += fnt.size * 1.8
    if steps:
        _steps(img, y, box, steps)
    if grid:
        _grid(img, y, box, grid)
    _footer(img, rng, box, seal_text, note)
    return D.finish(img, size, rng, warm=0.03, blur=0.3, grain_amount=0.035, vig=0.25)


def _steps(img: Image.Image, y: float, box: tuple, steps: list[tuple[str, str]]) -> None:
    """Numbered steps down the poster, joined by a gold line."""
    w = img.width
    draw = ImageDraw.Draw(img)
    gap = min(w * 0.16, (box[3] - w * 0.28 - y) / max(1, len(steps)))
    k = min(1.0, gap / (w * 0.14))  # shrink the lettering when many steps share the space
    x = box[0] + w * 0.12
    draw.line([(x, y), (x, y + gap * (len(steps) - 1))], fill=D.GOLD, width=max(2, w // 300))
    for i, (head, text) in enumerate(steps):
        cy = y + i * gap
        r = w * 0.04 * k
        draw.ellipse((x - r, cy - r, x + r, cy + r), fill=D.LIGHT_GOLD, outline=D.GOLD)
        D.text_center(img, (x, cy), str(i + 1), D.font(r * 1.1, True), D.DARK_RED)
        draw.text(
            (x + w * 0.07, cy - w * 0.024 * k),
            head,
            font=D.font(w * 0.045 * k, True),
            fill=D.LIGHT_GOLD,
            anchor="lm",
        )
        fnt = D.fit_font(text, box[2] - x - w * 0.1, w * 0.03 * k, False)
        draw.text(
            (x + w * 0.07, cy + w * 0.032 * k), text, font=fnt, fill=(250, 232, 220), anchor="lm"
        )


def _grid(img: Image.Image, y: float, box: tuple, cells: list[tuple[str, str]]) -> None:
    """Two columns of cream cards with a red heading and one line of text."""
    w = img.width
    cols = 2
    cw = (box[2] - box[0] - w * 0.14) / cols
    ch = w * 0.2
    for i, (head, text) in enumerate(cells):
        cx0 = box[0] + w * 0.05 + (i % cols) * (cw + w * 0.04)
        cy0 = y + (i // cols) * (ch + w * 0.04)
        D.soft_shadow(img, (cx0 + 8, cy0 + 12, cx0 + cw + 8, cy0 + ch + 12), w / 120, 0.5, False)
        card = D.vgradient((int(cw), int(ch)), (255, 248, 232), (240, 222, 190))
        img.paste(card, (int(cx0), int(cy0)))
        draw = ImageDraw.Draw(img)
        draw.rectangle((cx0, cy0, cx0 + cw, cy0 + ch), outline=D.GOLD, width=max(2, w // 400))
        fnt = D.fit_font(head, cw * 0.86, w * 0.05, True, "serif")
        D.text_center(img, (cx0 + cw / 2, cy0 + ch * 0.38), head, fnt, D.RED)
        f2 = D.fit_font(text, cw * 0.86, w * 0.026, False)
        D.text_center(img, (cx0 + cw / 2, cy0 + ch * 0.72), text, f2, (90, 60, 50))


def on_wall(
    art: Image.Image, size: tuple[int, int], rng: random.Random, wall: tuple = (226, 220, 210)
) -> Image.Image:
    """The poster framed and hung on a lobby wall, lit by a spotlight from above."""
    img = D.vgradient(size, D.shade(wall, 1.05), D.shade(wall, 0.86))
    w, h = size
    scale = min(w * 0.62 / art.width, h * 0.74 / art.height)
    pw, ph = int(art.width * scale), int(art.height * scale)
    x0, y0 = (w - pw) // 2, int(h * 0.1)
    D.glow(img, (w / 2, y0), (pw * 0.9, ph * 0.8), (255, 248, 230), 0.5)
    frame = max(6, pw // 40)
    D.soft_shadow(
        img,
        (x0 - frame + 10, y0 - frame + 18, x0 + pw + frame + 16, y0 + ph + frame + 26),
        w / 90,
        0.55,
        False,
    )
    ImageDraw.Draw(img).rectangle(
        (x0 - frame, y0 - frame, x0 + pw + frame, y0 + ph + frame), fill=(60, 40, 30)
    )
    img.paste(art.resize((pw, ph), Image.LANCZOS), (x0, y0))
    sheen = D.vgradient((pw, ph), (255, 255, 255), (0, 0, 0)).convert("L").point(lambda v: v // 9)
    img.paste((255, 255, 255), (x0, y0), sheen)
    rail_y = y0 + ph + frame + int(h * 0.08)
    ImageDraw.Draw(img).rectangle((0, rail_y, w, h), fill=D.shade(wall, 0.7))
    return D.finish(img, size, rng, warm=0.05, blur=0.6, grain_amount=0.05, vig=0.4)


@dataclass(frozen=True)
class Sitter:
    """Who is portrayed: name plate facts and how they look."""

    name: str
    post: str
    outlet: str
    since: int
    female: bool
    hair: str = "crop"  # crop | side | bob | bun
    glasses: bool = False
    grey: float = 0.0  # 0 black hair .. 1 white
    backdrop: tuple = (190, 30, 40)  # colour of the blurred banner behind
    face: float = 1.0  # face width factor


def portrait(size: tuple[int, int], rng: random.Random, sitter: Sitter) -> Image.Image:
    """An illustrated pioneer-post portrait: bust in uniform with party badge, name plate."""
    ss = 2
    w, h = size[0] * ss, size[1] * ss
    img = _blurred_lobby((w, h), rng, sitter.backdrop)
    look = P.staff(rng, sitter.female)
    look = replace(look, hair=D.mix(look.hair, (196, 196, 192), sitter.grey))
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    _bust(ImageDraw.Draw(layer), w, h, look, sitter)
    P._shade(layer, True)
    D.soft_shadow(img, (w * 0.08, h * 0.5, w * 0.98, h * 1.2), w / 25, 0.45)
    img.paste(layer, (0, 0), layer)
    _face(img, w / 2, h, w, look, sitter)
    _name_plate(img, sitter.name, sitter.post, sitter.outlet, sitter.since)
    return D.finish(img, size, rng, warm=0.03, blur=0.4, grain_amount=0.035, vig=0.3)


def _blurred_lobby(size: tuple[int, int], rng: random.Random, band: tuple) -> Image.Image:
    """An out-of-focus lobby behind the sitter: wall, a banner band, warm lights."""
    w, h = size
    small = (w // 8, h // 8)
    img = D.vgradient(small, (236, 232, 226), (180, 170, 160))
    draw = ImageDraw.Draw(img)
    top = rng.uniform(0.08, 0.16)
    draw.rectangle((0, small[1] * top, small[0], small[1] * (top + 0.08)), fill=band)
    draw.rectangle(
        (small[0] * rng.uniform(0.55, 0.7), small[1] * 0.3, small[0] * 1.1, small[1] * 0.6),
        fill=(200, 196, 190),
    )
    for _ in range(7):
        x, y, r = rng.uniform(0, small[0]), rng.uniform(0, small[1] * 0.3), rng.uniform(4, 9)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 246, 220))
    img = img.filter(ImageFilter.GaussianBlur(small[0] / 40))
    return img.resize(size, Image.BICUBIC)


def _bust(draw: ImageDraw.ImageDraw, w: int, h: int, look: P.Look, sitter: Sitter) -> None:
    """Shoulders in a dark suit, white shirt, red tie or scarf, neck, ears, hair and face."""
    cx = w / 2
    coat, skin = look.coat, look.skin
    if sitter.hair == "bob":
        draw.ellipse((cx - 0.2 * w, 0.1 * h, cx + 0.2 * w, 0.46 * h), fill=look.hair)
    draw.rounded_rectangle(
        (cx - 0.065 * w, 0.38 * h, cx + 0.065 * w, 0.56 * h),
        radius=0.03 * w,
        fill=D.shade(skin, 0.9),
    )
    draw.ellipse((cx - 0.58 * w, 0.5 * h, cx + 0.58 * w, 1.7 * h), fill=coat)
    draw.polygon(
        [(cx - 0.1 * w, 0.51 * h), (cx + 0.1 * w, 0.51 * h), (cx, 0.74 * h)], fill=look.shirt
    )
    for side in (-1, 1):
        draw.polygon(
            [
                (cx + side * 0.1 * w, 0.505 * h),
                (cx + side * 0.005 * w, 0.76 * h),
                (cx + side * 0.13 * w, 0.66 * h),
                (cx + side * 0.2 * w, 0.53 * h),
            ],
            fill=D.shade(coat, 0.8),
            outline=D.shade(coat, 1.35),
        )
    _neckwear(draw, cx, w, h, look, sitter.female)
    _badges(draw, cx, w, h)
    f = sitter.face
    for side in (-1, 1):
        ex = cx + side * 0.155 * w * f
        draw.ellipse((ex - 0.03 * w, 0.27 * h, ex + 0.03 * w, 0.34 * h), fill=D.shade(skin, 0.94))
    draw.ellipse((cx - 0.16 * w * f, 0.14 * h, cx + 0.16 * w * f, 0.42 * h), fill=skin)
    draw.ellipse((cx - 0.125 * w * f, 0.3 * h, cx + 0.125 * w * f, 0.455 * h), fill=skin)
    _hair(draw, cx, w * f, h, look.hair, sitter.hair)


def _neckwear(
    draw: ImageDraw.ImageDraw, cx: float, w: int, h: int, look: P.Look, female: bool
) -> None:
    """A red silk bow for women, a red tie for men."""
    if female:
        for side in (-1, 1):
            draw.polygon(
                [(cx, 0.55 * h), (cx + side * 0.11 * w, 0.51 * h), (cx + side * 0.09 * w, 0.6 * h)],
                fill=look.accent,
            )
        draw.ellipse(
            (cx - 0.03 * w, 0.53 * h, cx + 0.03 * w, 0.575 * h), fill=D.shade(look.accent, 0.8)
        )
        return
    draw.polygon(
        [
            (cx - 0.028 * w, 0.52 * h),
            (cx + 0.028 * w, 0.52 * h),
            (cx + 0.02 * w, 0.555 * h),
            (cx - 0.02 * w, 0.555 * h),
        ],
        fill=D.shade(look.accent, 0.85),
    )
    draw.polygon(
        [
            (cx - 0.02 * w, 0.555 * h),
            (cx + 0.02 * w, 0.555 * h),
            (cx + 0.04 * w, 0.74 * h),
            (cx, 0.77 * h),
            (cx - 0.04 * w, 0.74 * h),
        ],
        fill=look.accent,
    )


def _badges(draw: ImageDraw.ImageDraw, cx: float, w: int, h: int) -> None:
    """The party badge on the left lapel and the staff-number badge on the right."""
    bx, by, r = cx - 0.2 * w, 0.63 * h, 0.022 * w
    draw.ellipse(
        (bx - r, by - r, bx + r, by + r), fill=(214, 26, 30), outline=D.GOLD, width=max(2, w // 300)
    )
    draw.text((bx, by), "★", fill=D.LIGHT_GOLD, anchor="mm", font=D.font(r * 1.1, True))
    draw.rectangle((cx + 0.16 * w, 0.6 * h, cx + 0.28 * w, 0.64 * h), fill=(250, 250, 246))
    draw.rectangle((cx + 0.16 * w, 0.6 * h, cx + 0.28 * w, 0.612 * h), fill=D.RED)


def _hair(draw: ImageDraw.ImageDraw, cx: float, w: float, h: int, hair: tuple, style: str) -> None:
    """Four hairstyles: short crop, side parting, bob, bun."""
    if style == "bun":
        draw.ellipse((cx - 0.09 * w, 0.06 * h, cx + 0.09 * w, 0.15 * h), fill=hair)
    draw.chord((cx - 0.172 * w, 0.115 * h, cx + 0.172 * w, 0.33 * h), 180, 360, fill=hair)
    if style == "side":
        draw.polygon(
            [
                (cx - 0.17 * w, 0.23 * h),
                (cx - 0.17 * w, 0.16 * h),
                (cx + 0.02 * w, 0.12 * h),
                (cx + 0.17 * w, 0.17 * h),
                (cx + 0.17 * w, 0.21 * h),
                (cx - 0.06 * w, 0.18 * h),
            ],
            fill=hair,
        )
        draw.line(
            [(cx - 0.07 * w, 0.125 * h), (cx - 0.09 * w, 0.17 * h)],
            fill=D.shade(hair, 1.3),
            width=max(2, int(w / 200)),
        )
    else:
        draw.polygon(
            [
                (cx - 0.17 * w, 0.225 * h),
                (cx - 0.05 * w, 0.16 * h),
                (cx + 0.17 * w, 0.22 * h),
                (cx + 0.15 * w, 0.16 * h),
                (cx - 0.15 * w, 0.16 * h),
            ],
            fill=hair,
        )
    if style in ("crop", "side"):
        for side in (-1, 1):
            draw.rectangle(
                (
                    cx + side * 0.16 * w - 0.012 * w,
                    0.2 * h,
                    cx + side * 0.16 * w + 0.012 * w,
                    0.28 * h,
                ),
                fill=hair,
            )


def _face(img: Image.Image, cx: float, h: float, w: float, look: P.Look, sitter: Sitter) -> None:
    """Eyes with highlights, brows, nose shadow, smile, blush and optional glasses."""
    draw = ImageDraw.Draw(img)
    for side in (-1, 1):
        ex, ey = cx + side * 0.065 * w, 0.3 * h
        draw.arc(
            (ex - 0.04 * w, ey - 0.045 * h, ex + 0.04 * w, ey - 0.015 * h),
            200,
            340,
            fill=D.shade(look.hair, 0.9),
            width=int(0.012 * w),
        )
        draw.ellipse(
            (ex - 0.02 * w, ey - 0.012 * h, ex + 0.02 * w, ey + 0.016 * h), fill=(40, 30, 28)
        )
        draw.ellipse(
            (ex - 0.004 * w, ey - 0.006 * h, ex + 0.008 * w, ey + 0.002 * h), fill=(250, 250, 250)
        )
        D.glow(img, (ex + side * 0.02 * w, 0.36 * h), (0.04 * w, 0.018 * h), (236, 120, 110), 0.3)
        if sitter.glasses:
            draw.rounded_rectangle(
                (ex - 0.05 * w, ey - 0.025 * h, ex + 0.05 * w, ey + 0.03 * h),
                radius=0.015 * w,
                outline=(50, 44, 44),
                width=int(0.007 * w),
            )
    if sitter.glasses:
        draw.line(
            [(cx - 0.015 * w, 0.298 * h), (cx + 0.015 * w, 0.298 * h)],
            fill=(50, 44, 44),
            width=int(0.006 * w),
        )
    draw.line(
        [(cx + 0.005 * w, 0.31 * h), (cx - 0.012 * w, 0.365 * h), (cx + 0.012 * w, 0.37 * h)],
        fill=D.shade(look.skin, 0.78),
        width=int(0.008 * w),
        joint="curve",
    )
    draw.chord((cx - 0.055 * w, 0.37 * h, cx + 0.055 * w, 0.41 * h), 0, 180, fill=(190, 80, 76))
    D.glow(img, (cx - 0.05 * w, 0.16 * h), (0.08 * w, 0.025 * h), D.shade(look.hair, 2.0), 0.3)


def _name_plate(img: Image.Image, name: str, post: str, outlet: str, since: int) -> None:
    w, h = img.size
    y0 = int(h * 0.76)
    D.soft_shadow(img, (w * 0.06, y0 + 10, w * 0.94, h * 0.97 + 14), w / 60, 0.5, False)
    plate = D.vgradient((int(w * 0.88), int(h * 0.21)), (255, 250, 238), (236, 222, 196))
    img.paste(plate, (int(w * 0.06), y0))
    draw = ImageDraw.Draw(img)
    band = y0 + h * 0.05
    draw.rectangle((w * 0.06, y0, w * 0.94, band), fill=D.RED)
    D.text_center(
        img,
        (w / 2, (y0 + band) / 2),
        "共产党员先锋服务岗",
        D.font(h * 0.028, True),
        D.LIGHT_GOLD,
        spacing=0.25,
    )
    D.text_center(
        img, (w / 2, band + h * 0.055), name, D.font(h * 0.05, True, "serif"), D.INK, spacing=0.3
    )
    D.text_center(
        img,
        (w / 2, band + h * 0.118),
        f"{outlet} · {post} · {since} 年入党",
        D.fit_font(f"{outlet} · {post} · {since} 年入党", w * 0.8, h * 0.024, False),
        (110, 70, 60),
    )
    draw.rectangle((w * 0.06, y0, w * 0.94, h * 0.97), outline=D.GOLD, width=max(3, w // 300))
