"""Stylised people for the demo scenes: staff in uniform, customers, elders, volunteers."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from PIL import Image, ImageChops, ImageDraw

from .draw import NAVY, RED, hgradient, mix, shade, soft_shadow

SKINS = [(241, 204, 172), (232, 190, 152), (222, 178, 140), (246, 214, 186)]
COATS = [
    (72, 96, 140),
    (160, 70, 60),
    (90, 110, 80),
    (200, 170, 120),
    (60, 60, 66),
    (130, 150, 170),
    (170, 120, 150),
    (220, 210, 190),
    (110, 80, 60),
    (40, 90, 110),
]
TROUSERS = [(40, 44, 56), (70, 74, 84), (90, 80, 70), (50, 60, 90), (120, 110, 100)]


@dataclass(frozen=True)
class Look:
    """How a figure is dressed."""

    coat: tuple
    trousers: tuple
    hair: tuple
    skin: tuple
    long_hair: bool = False
    accent: tuple | None = None  # tie or scarf colour (staff)
    shirt: tuple | None = None
    vest: tuple | None = None
    skirt: bool = False
    badge: bool = False
    cane: bool = False
    small: float = 1.0  # children and stooping elders are drawn smaller


def staff(rng: random.Random, female: bool | None = None) -> Look:
    """A member of staff: dark uniform, white shirt, red tie or scarf, party badge."""
    female = rng.random() < 0.55 if female is None else female
    return Look(
        coat=mix(NAVY, (20, 24, 34), rng.random() * 0.5),
        trousers=(30, 32, 42),
        hair=(28, 24, 22),
        skin=rng.choice(SKINS),
        long_hair=female,
        accent=RED,
        shirt=(245, 245, 240),
        skirt=female and rng.random() < 0.6,
        badge=True,
    )


def customer(rng: random.Random) -> Look:
    """A customer in everyday clothes."""
    female = rng.random() < 0.5
    return Look(
        coat=rng.choice(COATS),
        trousers=rng.choice(TROUSERS),
        hair=rng.choice([(30, 26, 24), (60, 42, 30), (40, 34, 30)]),
        skin=rng.choice(SKINS),
        long_hair=female and rng.random() < 0.7,
    )


def elder(rng: random.Random, cane: bool | None = None) -> Look:
    """An elderly customer: grey hair, muted coat, sometimes a cane."""
    grey = rng.choice([(200, 200, 196), (170, 170, 168), (225, 222, 215)])
    return Look(
        coat=rng.choice([(120, 100, 80), (90, 70, 60), (100, 110, 120), (150, 60, 50)]),
        trousers=rng.choice(TROUSERS),
        hair=grey,
        skin=rng.choice(SKINS),
        cane=rng.random() < 0.5 if cane is None else cane,
        small=0.94,
    )


def volunteer(rng: random.Random, base: Look | None = None) -> Look:
    """Anyone wearing the red volunteer vest over their clothes."""
    return replace(base or staff(rng), vest=(214, 36, 40))


def child(rng: random.Random) -> Look:
    """A child with a parent."""
    return replace(customer(rng), small=0.62, long_hair=rng.random() < 0.5)


def person(
    img: Image.Image,
    feet: tuple,
    height: float,
    look: Look,
    facing: str = "front",
    pose: str = "down",
    light_from_left: bool = True,
) -> None:
    """Draw a figure whose feet stand at `feet` (pixels) and who is `height` pixels tall.

    facing: front | back; pose: down | hold (papers/tablet) | point | seated | wave."""
    h = height * look.small
    if h < 6:
        return
    seated = pose == "seated"
    w = int(h * 0.7)
    layer = Image.new("RGBA", (w, int(h * 1.05) + 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx = w / 2
    if not seated:
        _legs(draw, cx, h, look)
    elif facing == "front":
        _seated_legs(draw, cx, h, look)
    _body(draw, cx, h, look, facing, pose)
    if seated and facing == "back":
        _chair_back(draw, cx, h)
    _head(draw, cx, h, look, facing)
    _shade(layer, light_from_left)
    fx, fy = feet
    soft_shadow(img, (fx - h * 0.2, fy - h * 0.03, fx + h * 0.2, fy + h * 0.03), h * 0.03, 0.45)
    img.paste(layer, (int(fx - w / 2), int(fy - h)), layer)


def _legs(draw: ImageDraw.ImageDraw, cx: float, h: float, look: Look) -> None:
    leg = look.trousers if not look.skirt else mix(look.skin, (60, 50, 50), 0.5)
    for side in (-1, 1):
        x0 = cx + side * 0.012 * h if side > 0 else cx - 0.092 * h
        draw.rounded_rectangle((x0, 0.5 * h, x0 + 0.08 * h, 0.97 * h), radius=0.03 * h, fill=leg)
        draw.ellipse((x0 - 0.01 * h, 0.94 * h, x0 + 0.1 * h, 1.0 * h), fill=(26, 22, 22))
    if look.skirt:
        draw.polygon(
            [
                (cx - 0.1 * h, 0.46 * h),
                (cx + 0.1 * h, 0.46 * h),
                (cx + 0.12 * h, 0.7 * h),
                (cx - 0.12 * h, 0.7 * h),
            ],
            fill=look.coat,
        )
    if look.cane:
        draw.line(
            [(cx + 0.2 * h, 0.5 * h), (cx + 0.24 * h, 1.0 * h)],
            fill=(90, 60, 40),
            width=max(1, int(0.018 * h)),
        )


def _seated_legs(draw: ImageDraw.ImageDraw, cx: float, h: float, look: Look) -> None:
    draw.rounded_rectangle(
        (cx - 0.12 * h, 0.48 * h, cx + 0.12 * h, 0.62 * h),
        radius=0.04 * h,
        fill=shade(look.trousers, 1.1),
    )
    for side in (-1, 1):
        x0 = cx + side * 0.02 * h if side > 0 else cx - 0.1 * h
        draw.rounded_rectangle(
            (x0, 0.58 * h, x0 + 0.08 * h, 0.97 * h), radius=0.03 * h, fill=look.trousers
        )
        draw.ellipse((x0 - 0.01 * h, 0.94 * h, x0 + 0.1 * h, 1.0 * h), fill=(26, 22, 22))


def _chair_back(draw: ImageDraw.ImageDraw, cx: float, h: float) -> None:
    """Seen from behind, a seated figure's legs are hidden by the chair."""
    dark = (54, 56, 62)
    draw.rounded_rectangle(
        (cx - 0.15 * h, 0.4 * h, cx + 0.15 * h, 0.66 * h), radius=0.03 * h, fill=dark
    )
    for side in (-1, 1):
        x = cx + side * 0.12 * h
        draw.line(
            [(x, 0.66 * h), (x + side * 0.01 * h, 1.0 * h)],
            fill=(120, 122, 128),
            width=max(1, int(0.02 * h)),
        )


def _body(
    draw: ImageDraw.ImageDraw, cx: float, h: float, look: Look, facing: str, pose: str
) -> None:
    top, bottom = 0.16 * h, 0.53 * h
    arm_w = 0.062 * h
    for side in (-1, 1):
        x = cx + side * 0.125 * h
        if pose == "point" and side == 1:
            draw.line(
                [(x, top + 0.03 * h), (x + 0.2 * h, top - 0.02 * h)],
                fill=look.coat,
                width=int(arm_w),
            )
            draw.ellipse(
                (x + 0.18 * h, top - 0.05 * h, x + 0.24 * h, top + 0.01 * h), fill=look.skin
            )
        elif pose == "wave" and side == 1:
            draw.line(
                [(x, top + 0.03 * h), (x + 0.1 * h, top - 0.12 * h)],
                fill=look.coat,
                width=int(arm_w),
            )
            draw.ellipse(
                (x + 0.07 * h, top - 0.17 * h, x + 0.13 * h, top - 0.11 * h), fill=look.skin
            )
        else:
            draw.rounded_rectangle(
                (
                    x - arm_w / 2 + side * 0.01 * h,
                    top + 0.01 * h,
                    x + arm_w / 2 + side * 0.01 * h,
                    0.49 * h,
                ),
                radius=arm_w / 2,
                fill=shade(look.coat, 0.9),
            )
            if facing == "front" or pose != "hold":
                hx = x + side * 0.01 * h
                draw.ellipse((hx - 0.03 * h, 0.47 * h, hx + 0.03 * h, 0.53 * h), fill=look.skin)
    draw.rounded_rectangle(
        (cx - 0.125 * h, top, cx + 0.125 * h, bottom), radius=0.055 * h, fill=look.coat
    )
    if look.vest:
        draw.rounded_rectangle(
            (cx - 0.105 * h, top + 0.02 * h, cx + 0.105 * h, bottom - 0.01 * h),
            radius=0.04 * h,
            fill=look.vest,
        )
    if facing == "front":
        _front_details(draw, cx, h, look, pose)


def _front_details(draw: ImageDraw.ImageDraw, cx: float, h: float, look: Look, pose: str) -> None:
    if look.shirt and not look.vest:
        draw.polygon(
            [(cx - 0.045 * h, 0.165 * h), (cx + 0.045 * h, 0.165 * h), (cx, 0.3 * h)],
            fill=look.shirt,
        )
        if look.long_hair:
            draw.polygon(
                [
                    (cx - 0.04 * h, 0.17 * h),
                    (cx + 0.04 * h, 0.17 * h),
                    (cx + 0.015 * h, 0.22 * h),
                    (cx - 0.015 * h, 0.22 * h),
                ],
                fill=look.accent,
            )
        else:
            draw.polygon(
                [
                    (cx - 0.012 * h, 0.175 * h),
                    (cx + 0.012 * h, 0.175 * h),
                    (cx + 0.016 * h, 0.27 * h),
                    (cx, 0.29 * h),
                    (cx - 0.016 * h, 0.27 * h),
                ],
                fill=look.accent,
            )
    if look.badge:
        r = 0.011 * h
        bx, by = cx - 0.07 * h, 0.23 * h
        draw.ellipse((bx - r, by - r, bx + r, by + r), fill=(215, 30, 30), outline=(240, 200, 90))
    if pose == "hold":
        draw.rounded_rectangle(
            (cx - 0.09 * h, 0.33 * h, cx + 0.09 * h, 0.45 * h),
            radius=0.01 * h,
            fill=(248, 248, 244),
            outline=(200, 200, 200),
        )
        for side in (-1, 1):
            hx = cx + side * 0.085 * h
            draw.ellipse((hx - 0.028 * h, 0.37 * h, hx + 0.028 * h, 0.43 * h), fill=look.skin)


def _head(draw: ImageDraw.ImageDraw, cx: float, h: float, look: Look, facing: str) -> None:
    draw.rectangle(
        (cx - 0.024 * h, 0.12 * h, cx + 0.024 * h, 0.175 * h), fill=shade(look.skin, 0.88)
    )
    if look.long_hair and facing == "back":
        draw.rounded_rectangle(
            (cx - 0.07 * h, 0.03 * h, cx + 0.07 * h, 0.21 * h), radius=0.05 * h, fill=look.hair
        )
    elif look.long_hair:
        for x0 in (cx - 0.074 * h, cx + 0.036 * h):
            draw.rounded_rectangle(
                (x0, 0.04 * h, x0 + 0.038 * h, 0.2 * h), radius=0.018 * h, fill=look.hair
            )
    hair_box = (cx - 0.064 * h, -0.002 * h, cx + 0.064 * h, 0.1 * h)
    draw.ellipse(hair_box, fill=look.hair)
    if facing == "back":
        draw.ellipse((cx - 0.062 * h, 0.01 * h, cx + 0.062 * h, 0.14 * h), fill=look.hair)
        return
    draw.ellipse((cx - 0.056 * h, 0.022 * h, cx + 0.056 * h, 0.148 * h), fill=look.skin)
    draw.chord((cx - 0.062 * h, -0.004 * h, cx + 0.062 * h, 0.085 * h), 180, 360, fill=look.hair)
    if h > 60:
        eye = (34, 28, 26)
        for side in (-1, 1):
            ex = cx + side * 0.022 * h
            draw.ellipse((ex - 0.0065 * h, 0.077 * h, ex + 0.0065 * h, 0.09 * h), fill=eye)
        draw.arc(
            (cx - 0.018 * h, 0.1 * h, cx + 0.018 * h, 0.122 * h),
            20,
            160,
            fill=(170, 80, 70),
            width=max(1, int(0.006 * h)),
        )


def _shade(layer: Image.Image, light_from_left: bool) -> None:
    """Darken the figure towards the side away from the light, for volume."""
    alpha = layer.getchannel("A")
    ramp = hgradient(layer.size, (0, 0, 0), (255, 255, 255)).convert("L")
    if not light_from_left:
        ramp = ramp.transpose(Image.FLIP_LEFT_RIGHT)
    mask = ImageChops.multiply(alpha, ramp.point(lambda v: int(v * 0.35)))
    dark = Image.new("RGBA", layer.size, (10, 10, 20, 255))
    rgb = Image.composite(dark, layer, mask)
    layer.paste(rgb, (0, 0), alpha)
    layer.putalpha(alpha)
