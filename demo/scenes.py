"""Rendered scenes for the demo photos: rooms and streets in one-point perspective."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from . import people as P
from .draw import (
    GOLD,
    RED,
    fit_font,
    glow,
    mix,
    poly_fill,
    shade,
    soft_shadow,
    text_center,
    vgradient,
)


@dataclass(frozen=True)
class Cam:
    """A pinhole camera at height `eye` metres looking down +Z; `f` and the vanishing point
    are in canvas pixels."""

    w: int
    h: int
    f: float
    vx: float
    vy: float
    eye: float = 1.55
    ox: float = 0.0  # where the camera stands: sideways and forward offsets in metres
    oz: float = 0.0

    def p(self, x: float, y: float, z: float) -> tuple[float, float]:
        """Project a world point (metres) to the canvas."""
        z = max(0.05, z - self.oz)
        return (self.vx + self.f * (x - self.ox) / z, self.vy + self.f * (self.eye - y) / z)

    def quad(self, *pts) -> list[tuple[float, float]]:
        """Project several world points."""
        return [self.p(*q) for q in pts]

    def scale(self, z: float) -> float:
        """Pixels per metre at depth z."""
        return self.f / max(0.05, z - self.oz)


def make_cam(
    size: tuple[int, int],
    rng: random.Random,
    eye: float = 1.55,
    horizon: float = 0.44,
    spread: float = 0.06,
    ox: float = 0.0,
    oz: float = 0.0,
) -> Cam:
    """A camera with a slightly random vanishing point, like a handheld shot."""
    w, h = size
    return Cam(
        w,
        h,
        f=0.62 * max(w, h),
        vx=w * (0.5 + rng.uniform(-spread, spread)),
        vy=h * (horizon + rng.uniform(-0.03, 0.03)),
        eye=eye,
        ox=ox,
        oz=oz,
    )


def alpha_poly(img: Image.Image, pts, color: tuple, alpha: float) -> None:
    """A translucent polygon (light beams, glass)."""
    poly_fill(img, pts, Image.blend(img, Image.new("RGB", img.size, color), alpha))


def box(
    img: Image.Image, cam: Cam, x: tuple, y: tuple, z: tuple, color: tuple, top: tuple | None = None
) -> None:
    """A solid box with its visible faces lit differently."""
    (x0, x1), (y0, y1), (z0, z1) = x, y, z
    if y1 < cam.eye:
        poly_fill(
            img,
            cam.quad((x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1)),
            top or shade(color, 1.25),
        )
    if x1 < 0:
        poly_fill(
            img, cam.quad((x1, y0, z0), (x1, y0, z1), (x1, y1, z1), (x1, y1, z0)), shade(color, 0.8)
        )
    elif x0 > 0:
        poly_fill(
            img, cam.quad((x0, y0, z0), (x0, y0, z1), (x0, y1, z1), (x0, y1, z0)), shade(color, 0.8)
        )
    poly_fill(img, cam.quad((x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0)), color)


def sign(
    img: Image.Image,
    cam: Cam,
    x: float,
    y: float,
    z: float,
    width: float,
    height: float,
    text: str,
    bg: tuple,
    fg: tuple,
    bold: bool = True,
    family: str = "sans",
    border: tuple | None = None,
) -> None:
    """A flat sign facing the camera, centred at (x, y, z), with one line of text."""
    (x0, y0), (x1, y1) = (
        cam.p(x - width / 2, y + height / 2, z),
        cam.p(x + width / 2, y - height / 2, z),
    )
    soft_shadow(img, (x0 + 4, y0 + 6, x1 + 6, y1 + 10), max(2, (x1 - x0) / 60), 0.35, False)
    ImageDraw.Draw(img).rectangle(
        (x0, y0, x1, y1), fill=bg, outline=border, width=max(1, int((y1 - y0) / 14))
    )
    if text:
        fnt = fit_font(text, (x1 - x0) * 0.88, (y1 - y0) * 0.62, bold, family)
        text_center(img, ((x0 + x1) / 2, (y0 + y1) / 2), text, fnt, fg)


def led(
    img: Image.Image, cam: Cam, x: float, y: float, z: float, lines: list[str], width: float = 2.4
) -> None:
    """A queue-number LED display: black panel, glowing red and green characters."""
    height = 0.34 * len(lines) + 0.1
    (x0, y0), (x1, y1) = (
        cam.p(x - width / 2, y + height / 2, z),
        cam.p(x + width / 2, y - height / 2, z),
    )
    soft_shadow(img, (x0, y0 + 5, x1 + 4, y1 + 9), 6, 0.4, False)
    ImageDraw.Draw(img).rectangle(
        (x0, y0, x1, y1), fill=(14, 12, 14), outline=(70, 70, 74), width=max(1, int((y1 - y0) / 30))
    )
    step = (y1 - y0) / len(lines)
    for i, line in enumerate(lines):
        color = (255, 60, 40) if i == 0 else (90, 240, 110)
        cy = y0 + step * (i + 0.5)
        fnt = fit_font(line, (x1 - x0) * 0.9, step * 0.62)
        glow(img, ((x0 + x1) / 2, cy), ((x1 - x0) * 0.45, step * 0.5), color, 0.18)
        text_center(img, ((x0 + x1) / 2, cy), line, fnt, color)


def plant(
    img: Image.Image, cam: Cam, x: float, z: float, rng: random.Random, height: float = 1.4
) -> None:
    """A potted plant: a pot and layered leaves."""
    box(img, cam, (x - 0.22, x + 0.22), (0, 0.45), (z - 0.22, z + 0.22), (150, 120, 90))
    s = cam.scale(z)
    cx, cy = cam.p(x, 0.45 + height * 0.45, z)
    draw = ImageDraw.Draw(img)
    for _i in range(26):
        dx, dy = rng.gauss(0, 0.22) * s, rng.gauss(0, 0.28) * s
        r = rng.uniform(0.08, 0.16) * s
        g = mix((40, 90, 40), (110, 170, 80), rng.random())
        draw.ellipse((cx + dx - r, cy + dy - r * 0.7, cx + dx + r, cy + dy + r * 0.7), fill=g)


def lantern(img: Image.Image, cam: Cam, x: float, y: float, z: float) -> None:
    """A red paper lantern with gold caps and tassel, glowing slightly."""
    s = cam.scale(z)
    cx, cy = cam.p(x, y, z)
    draw = ImageDraw.Draw(img)
    draw.line(
        [(cx, cy - 0.5 * s), (cx, cy - 0.25 * s)], fill=(60, 40, 30), width=max(1, int(s * 0.02))
    )
    glow(img, (cx, cy), (0.45 * s, 0.4 * s), (255, 120, 60), 0.25)
    draw.ellipse((cx - 0.28 * s, cy - 0.22 * s, cx + 0.28 * s, cy + 0.22 * s), fill=(214, 30, 30))
    draw.ellipse((cx - 0.16 * s, cy - 0.21 * s, cx + 0.16 * s, cy + 0.21 * s), fill=(232, 58, 40))
    for dy in (-0.23, 0.2):
        draw.rectangle((cx - 0.1 * s, cy + dy * s, cx + 0.1 * s, cy + (dy + 0.05) * s), fill=GOLD)
    draw.line(
        [(cx, cy + 0.25 * s), (cx, cy + 0.48 * s)], fill=(230, 180, 60), width=max(1, int(s * 0.03))
    )


def room_shell(
    img: Image.Image,
    cam: Cam,
    half: float,
    height: float,
    depth: float,
    wall: tuple,
    floor: tuple,
    ceiling: tuple,
    near: float = 0.5,
) -> None:
    """Ceiling, floor and three walls of a box-shaped room."""
    img.paste(vgradient(img.size, shade(wall, 1.08), shade(wall, 0.9)))
    poly_fill(
        img,
        cam.quad(
            (-half, height, near),
            (half, height, near),
            (half, height, depth),
            (-half, height, depth),
        ),
        vgradient(img.size, ceiling, shade(ceiling, 0.82)),
    )
    poly_fill(
        img,
        cam.quad((-half, 0, near), (half, 0, near), (half, 0, depth), (-half, 0, depth)),
        vgradient(img.size, shade(floor, 0.9), shade(floor, 1.12)),
    )
    for side in (-1, 1):
        poly_fill(
            img,
            cam.quad(
                (side * half, 0, near),
                (side * half, 0, depth),
                (side * half, height, depth),
                (side * half, height, near),
            ),
            vgradient(img.size, shade(wall, 0.96), shade(wall, 0.78)),
        )
    poly_fill(
        img,
        cam.quad(
            (-half, 0, depth), (half, 0, depth), (half, height, depth), (-half, height, depth)
        ),
        vgradient(img.size, wall, shade(wall, 0.93)),
    )
    floor_tiles(img, cam, half, depth, floor, near)
    for side in (-1, 1):  # skirting boards
        poly_fill(
            img,
            cam.quad(
                (side * half, 0, near),
                (side * half, 0, depth),
                (side * half, 0.12, depth),
                (side * half, 0.12, near),
            ),
            shade(wall, 0.6),
        )


def floor_tiles(
    img: Image.Image,
    cam: Cam,
    half: float,
    depth: float,
    floor: tuple,
    near: float,
    tile: float = 1.2,
) -> None:
    """Polished tiles: each a little lighter or darker, with thin joints."""
    rng = random.Random(int(half * 100 + depth))
    line = shade(floor, 0.8)
    width = max(1, int(img.width / 900))
    z = 0.6 + tile * int(max(0.0, near - 0.6) / tile)
    while z < depth:
        x = -half
        while x < half:
            k = 1 + rng.uniform(-0.035, 0.035)
            pts = cam.quad((x, 0, z), (x + tile, 0, z), (x + tile, 0, z + tile), (x, 0, z + tile))
            poly_fill(img, pts, shade(floor, k))
            ImageDraw.Draw(img).polygon(pts, outline=line, width=width)
            x += tile
        z += tile


def ceiling_lights(
    img: Image.Image, cam: Cam, half: float, height: float, depth: float, warm: bool = False
) -> None:
    """Rows of ceiling panels with soft glows."""
    color = (255, 240, 210) if warm else (250, 252, 255)
    z = 2.5
    while z < depth - 0.5:
        if z - cam.oz < 0.8:  # behind or too close to the camera
            z += 3.0
            continue
        for x in (-half * 0.5, 0, half * 0.5):
            pts = cam.quad(
                (x - 0.5, height, z),
                (x + 0.5, height, z),
                (x + 0.5, height, z + 0.7),
                (x - 0.5, height, z + 0.7),
            )
            poly_fill(img, pts, color)
            cx, cy = cam.p(x, height - 0.05, z + 0.35)
            s = cam.scale(z)
            glow(img, (cx, cy + 0.2 * s), (1.1 * s, 0.6 * s), (255, 250, 235), 0.35)
        z += 3.0


def side_windows(
    img: Image.Image,
    cam: Cam,
    side: int,
    half: float,
    depth: float,
    sky: tuple = (214, 232, 246),
    beams: bool = True,
) -> None:
    """Tall windows in a side wall with daylight falling across the floor."""
    x = side * half
    z = 2.0
    while z < depth - 1.5:
        if z - cam.oz < 0.6:
            z += 2.6
            continue
        pts = cam.quad((x, 0.5, z), (x, 0.5, z + 1.6), (x, 3.1, z + 1.6), (x, 3.1, z))
        poly_fill(img, pts, vgradient(img.size, (250, 253, 255), sky))
        draw = ImageDraw.Draw(img)
        frame = (120, 120, 124)
        width = max(2, int(cam.scale(z) * 0.04))
        draw.line([cam.p(x, 0.5, z + 0.8), cam.p(x, 3.1, z + 0.8)], fill=frame, width=width)
        draw.line([cam.p(x, 1.8, z), cam.p(x, 1.8, z + 1.6)], fill=frame, width=width)
        draw.polygon(pts, outline=frame, width=width)
        if beams:
            beam = cam.quad(
                (x, 0, z),
                (x, 0, z + 1.6),
                (x - side * 2.6, 0, z + 2.6),
                (x - side * 2.6, 0, z + 1.0),
            )
            alpha_poly(img, beam, (255, 250, 230), 0.22)
        cx, cy = cam.p(x, 1.8, z + 0.8)
        glow(img, (cx, cy), (cam.scale(z) * 1.5, cam.scale(z) * 1.6), (255, 252, 240), 0.3)
        z += 2.6


def banner(
    img: Image.Image,
    cam: Cam,
    x: float,
    y: float,
    z: float,
    width: float,
    text: str,
    height: float = 0.5,
    bg: tuple = RED,
    fg: tuple = (255, 238, 170),
) -> None:
    """A red cloth banner with gold text, slightly darker along its folds."""
    (x0, y0), (x1, y1) = (
        cam.p(x - width / 2, y + height / 2, z),
        cam.p(x + width / 2, y - height / 2, z),
    )
    soft_shadow(img, (x0, y0 + 6, x1, y1 + 12), 8, 0.35, False)
    ImageDraw.Draw(img).rectangle((x0, y0, x1, y1), fill=bg)
    n = max(3, int(width * 2))
    for i in range(n):
        fx = x0 + (x1 - x0) * (i + 0.5) / n
        glow(
            img, (fx, (y0 + y1) / 2), ((x1 - x0) / n * 0.4, (y1 - y0) * 0.6), shade(bg, 1.25), 0.25
        )
    fnt = fit_font(text, (x1 - x0) * 0.9, (y1 - y0) * 0.6, True, "sans")
    text_center(img, ((x0 + x1) / 2, (y0 + y1) / 2), text, fnt, fg, shadow=((60, 0, 0), 160))


def counter(
    img: Image.Image,
    cam: Cam,
    rng: random.Random,
    x: float,
    z0: float,
    z1: float,
    windows: int,
    staff_looks: list,
    numbers_from: int = 1,
) -> None:
    """Teller counters along the right wall, far to near, with staff and window numbers."""
    seg = (z1 - z0) / windows
    for i in reversed(range(windows)):
        za, zb = z0 + i * seg, z0 + (i + 1) * seg
        if za - cam.oz < 0.6:
            continue
        look = staff_looks[i % len(staff_looks)]
        fx, fy = cam.p(x + 0.7, 0, (za + zb) / 2)
        P.person(img, (fx, fy), cam.scale((za + zb) / 2) * 1.62, look, "front")
        box(img, cam, (x, x + 0.6), (0, 1.1), (za, zb), (236, 228, 214), top=(200, 60, 60))
        alpha_poly(
            img,
            cam.quad((x, 1.1, za), (x, 1.1, zb), (x, 2.2, zb), (x, 2.2, za)),
            (210, 230, 240),
            0.25,
        )
        ImageDraw.Draw(img).line(
            [cam.p(x, 1.1, za), cam.p(x, 2.2, za)],
            fill=(180, 186, 190),
            width=max(1, int(cam.scale(za) * 0.03)),
        )
        sign(
            img,
            cam,
            x + 0.1,
            2.55,
            za + 0.2,
            0.5,
            0.3,
            f"{numbers_from + i}",
            (20, 20, 24),
            (255, 90, 60),
        )


def chairs(
    img: Image.Image, cam: Cam, x0: float, z: float, n: int, color: tuple = (40, 90, 160)
) -> None:
    """A row of waiting-area seats."""
    steel = (150, 154, 160)
    for x in (x0 + 0.1, x0 + n * 0.6 - 0.2):
        box(img, cam, (x, x + 0.06), (0, 0.42), (z + 0.2, z + 0.3), steel)
    box(img, cam, (x0, x0 + n * 0.6), (0.36, 0.42), (z + 0.1, z + 0.4), steel)
    for i in range(n):
        x = x0 + i * 0.6
        box(img, cam, (x, x + 0.52), (0.42, 0.48), (z, z + 0.5), color)
        box(img, cam, (x, x + 0.52), (0.48, 0.95), (z + 0.42, z + 0.5), shade(color, 0.9))
