"""Props for the rendered scenes: outdoor backdrops, buildings, trees, tents, tables,
standees, projection screens and festive decorations."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from .draw import (
    GOLD,
    LIGHT_GOLD,
    RED,
    WHITE,
    fit_font,
    font,
    glow,
    mix,
    poly_fill,
    shade,
    soft_shadow,
    text_center,
    vgradient,
)
from .scenes import Cam, banner, box, lantern


def sky_and_ground(
    img: Image.Image, cam: Cam, ground: tuple, sky_top: tuple, sky_bottom: tuple
) -> None:
    """Outdoor backdrop: sky above the horizon, paving below."""
    img.paste(vgradient((img.width, int(cam.vy) + 1), sky_top, sky_bottom), (0, 0))
    img.paste(
        vgradient((img.width, img.height - int(cam.vy)), shade(ground, 0.9), shade(ground, 1.1)),
        (0, int(cam.vy)),
    )
    glow(
        img, (img.width * 0.8, cam.vy * 0.3), (img.width * 0.5, cam.vy * 0.6), (255, 250, 230), 0.35
    )


def building(
    img: Image.Image,
    cam: Cam,
    rng: random.Random,
    x: tuple,
    z: tuple,
    height: float,
    color: tuple,
    style: str = "flat",
) -> None:
    """A building seen from the street: a box with rows of windows (flat) or a grey-brick
    courtyard wall with a red door and tiled eave (hutong)."""
    box(img, cam, x, (0, height), z, color)
    face_x = x[1] if x[1] < 0 else x[0]
    draw = ImageDraw.Draw(img)
    if style == "hutong":
        eave = cam.quad(
            (face_x, height, z[0]),
            (face_x, height, z[1]),
            (face_x, height - 0.35, z[1]),
            (face_x, height - 0.35, z[0]),
        )
        poly_fill(img, eave, (70, 72, 76))
        dz = z[0] + (z[1] - z[0]) * 0.4
        poly_fill(
            img,
            cam.quad(
                (face_x, 0, dz), (face_x, 0, dz + 1.3), (face_x, 2.3, dz + 1.3), (face_x, 2.3, dz)
            ),
            (170, 30, 28),
        )
        for lz in (dz - 0.3, dz + 1.6):
            lantern(img, cam, face_x - (0.2 if face_x > 0 else -0.2), 2.5, lz)
        return
    floors = int(height / 3)
    zz = z[0] + 0.6
    while zz < z[1] - 0.8:
        for f in range(floors):
            y = 1.0 + f * 3
            lit = rng.random() < 0.3
            poly_fill(
                img,
                cam.quad(
                    (face_x, y, zz),
                    (face_x, y, zz + 1.1),
                    (face_x, y + 1.5, zz + 1.1),
                    (face_x, y + 1.5, zz),
                ),
                (250, 230, 180) if lit else (120, 150, 175),
            )
        zz += 2.2
    draw.line(
        [cam.p(face_x, height, z[0]), cam.p(face_x, height, z[1])], fill=shade(color, 0.7), width=3
    )


def tree(
    img: Image.Image, cam: Cam, x: float, z: float, rng: random.Random, height: float = 5.0
) -> None:
    """A street tree: trunk and a clustered crown."""
    s = cam.scale(z)
    bx, by = cam.p(x, 0, z)
    tx, ty = cam.p(x, height * 0.55, z)
    ImageDraw.Draw(img).line([(bx, by), (tx, ty)], fill=(80, 60, 44), width=max(2, int(0.18 * s)))
    cx, cy = cam.p(x, height * 0.75, z)
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        dx, dy = rng.gauss(0, 0.8) * s, rng.gauss(0, 0.6) * s
        r = rng.uniform(0.3, 0.6) * s
        draw.ellipse(
            (cx + dx - r, cy + dy - r, cx + dx + r, cy + dy + r),
            fill=mix((50, 100, 50), (130, 180, 90), rng.random()),
        )


def tent(
    img: Image.Image, cam: Cam, x: float, z: float, width: float, text: str, color: tuple = RED
) -> None:
    """A pop-up canopy tent with a printed valance."""
    s = cam.scale(z)
    draw = ImageDraw.Draw(img)
    for dx in (-width / 2, width / 2):
        draw.line(
            [cam.p(x + dx, 0, z), cam.p(x + dx, 2.4, z)],
            fill=(200, 200, 204),
            width=max(2, int(0.05 * s)),
        )
    roof = cam.quad(
        (x - width / 2 - 0.1, 2.4, z),
        (x + width / 2 + 0.1, 2.4, z),
        (x + width / 2 - 0.3, 2.9, z + 1.5),
        (x - width / 2 + 0.3, 2.9, z + 1.5),
    )
    poly_fill(img, roof, shade(color, 1.1))
    banner(img, cam, x, 2.25, z - 0.01, width + 0.2, text, 0.32, color, (255, 246, 210))


def table(img: Image.Image, cam: Cam, x: float, z: float, width: float, cloth: tuple = RED) -> None:
    """A table with a cloth hanging to the floor and a few leaflets on top."""
    box(
        img,
        cam,
        (x - width / 2, x + width / 2),
        (0, 0.76),
        (z, z + 0.7),
        cloth,
        top=shade(cloth, 1.2),
    )
    draw = ImageDraw.Draw(img)
    for i in range(3):
        lx = x - width / 3 + i * width / 3
        draw.polygon(
            cam.quad(
                (lx - 0.12, 0.77, z + 0.15),
                (lx + 0.12, 0.77, z + 0.15),
                (lx + 0.12, 0.77, z + 0.45),
                (lx - 0.12, 0.77, z + 0.45),
            ),
            fill=WHITE,
        )


def standee(img: Image.Image, cam: Cam, x: float, z: float, title: str, lines: list[str]) -> None:
    """A roll-up banner stand (易拉宝) with a title and a few lines."""
    (x0, y0), (x1, y1) = cam.p(x - 0.4, 2.0, z), cam.p(x + 0.4, 0, z)
    soft_shadow(img, (x0, y1 - 8, x1 + 10, y1 + 8), 6, 0.4)
    img.paste(
        vgradient((int(x1 - x0), int(y1 - y0)), (250, 246, 236), (230, 210, 190)),
        (int(x0), int(y0)),
    )
    draw = ImageDraw.Draw(img)
    draw.rectangle((x0, y0, x1, y0 + (y1 - y0) * 0.22), fill=RED)
    fnt = fit_font(title, (x1 - x0) * 0.85, (y1 - y0) * 0.06)
    text_center(img, ((x0 + x1) / 2, y0 + (y1 - y0) * 0.11), title, fnt, (255, 240, 190))
    for i, line in enumerate(lines):
        f2 = fit_font(line, (x1 - x0) * 0.8, (y1 - y0) * 0.04, False)
        text_center(
            img, ((x0 + x1) / 2, y0 + (y1 - y0) * (0.32 + i * 0.09)), line, f2, (60, 40, 40)
        )
    draw.rectangle((x0 - 4, y1 - 10, x1 + 4, y1), fill=(150, 150, 156))


def screen(
    img: Image.Image,
    cam: Cam,
    x: float,
    y: float,
    z: float,
    width: float,
    title: str,
    bullets: list[str],
) -> None:
    """A projection screen or TV showing a slide."""
    height = width * 0.58
    (x0, y0), (x1, y1) = (
        cam.p(x - width / 2, y + height / 2, z),
        cam.p(x + width / 2, y - height / 2, z),
    )
    glow(
        img,
        ((x0 + x1) / 2, (y0 + y1) / 2),
        ((x1 - x0) * 0.8, (y1 - y0) * 0.9),
        (240, 245, 255),
        0.3,
    )
    img.paste(
        vgradient((int(x1 - x0), int(y1 - y0)), (252, 250, 246), (236, 232, 226)),
        (int(x0), int(y0)),
    )
    draw = ImageDraw.Draw(img)
    draw.rectangle((x0, y0, x1, y0 + (y1 - y0) * 0.2), fill=RED)
    fnt = fit_font(title, (x1 - x0) * 0.85, (y1 - y0) * 0.1)
    text_center(img, ((x0 + x1) / 2, y0 + (y1 - y0) * 0.1), title, fnt, (255, 240, 200))
    for i, line in enumerate(bullets):
        f2 = fit_font(line, (x1 - x0) * 0.8, (y1 - y0) * 0.075, False)
        text_center(
            img, ((x0 + x1) / 2, y0 + (y1 - y0) * (0.34 + i * 0.15)), line, f2, (50, 40, 40)
        )
    draw.rectangle((x0, y0, x1, y1), outline=(60, 60, 64), width=max(2, int((x1 - x0) / 120)))


def fu_sign(img: Image.Image, cam: Cam, x: float, y: float, z: float, size: float = 0.6) -> None:
    """The character 福 on a red diamond with a gold edge (spring festival decoration)."""
    s = cam.scale(z) * size
    cx, cy = cam.p(x, y, z)
    ImageDraw.Draw(img).polygon(
        [(cx, cy - s / 2), (cx + s / 2, cy), (cx, cy + s / 2), (cx - s / 2, cy)],
        fill=(210, 30, 34),
        outline=GOLD,
    )
    text_center(img, (cx, cy), "福", font(s * 0.45, True, "serif"), LIGHT_GOLD)
