"""Whole scenes for the demo photos: bank lobby, community square, hutong street, classroom,
a customer's home. Each returns a finished photo-like image of the requested size."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageEnhance

from . import draw as D
from . import people as P
from . import props as O
from . import scenes as S

SS = 2  # supersampling factor: draw at twice the size, then downsample (anti-aliasing)


class Scene:
    """A canvas, a camera and a depth-sorted list of things still to draw."""

    def __init__(self, size: tuple[int, int], rng: random.Random, **cam) -> None:
        self.size = size
        self.rng = rng
        self.img = Image.new("RGB", (size[0] * SS, size[1] * SS))
        self.cam = S.make_cam(self.img.size, rng, **cam)
        self.items: list[tuple[float, int, Callable[[], None]]] = []

    def add(self, z: float, fn: Callable[[], None]) -> None:
        """Queue a drawing at depth z (drawn far to near)."""
        self.items.append((z, len(self.items), fn))

    def figures(self, specs) -> None:
        """Queue figures given as (x, z, height_m, look, facing, pose)."""
        for x, z, height, look, facing, pose in specs:
            self.add(
                z,
                lambda x=x, z=z, height=height, look=look, facing=facing, pose=pose: P.person(
                    self.img, self.cam.p(x, 0, z), self.cam.scale(z) * height, look, facing, pose
                ),
            )

    def render(self, **finish) -> Image.Image:
        """Draw the queued items far to near and give the result a photographic finish."""
        for _, _, fn in sorted(self.items, key=lambda t: (-t[0], t[1])):
            fn()
        shot = handheld(self.img, self.rng)
        return D.finish(shot, self.size, self.rng, **finish)


def handheld(img: Image.Image, rng: random.Random, max_tilt: float = 1.2) -> Image.Image:
    """A slightly tilted, slightly over- or under-exposed frame, as from a hand-held camera."""
    angle = rng.uniform(-max_tilt, max_tilt)
    w, h = img.size
    k = abs(math.sin(math.radians(angle)))
    inset = max(k * h / w, k * w / h) * 0.6 + 0.002  # enough to hide the rotated corners
    out = img.rotate(angle, resample=Image.BICUBIC)
    out = out.crop((int(inset * w), int(inset * h), int(w - inset * w), int(h - inset * h)))
    return ImageEnhance.Brightness(out).enhance(rng.uniform(0.95, 1.05))


def lobby(
    size,
    rng,
    figures,
    *,
    slogan="客户为尊，服务如意；员工为本，诚信如一",
    led=("请 A027 号 到 3 号窗口", "A028  A029  V003"),
    festival=False,
    morning=False,
    pennant: str | None = None,
    ox: float = 0.0,
    oz: float = 0.0,
    notice: str = "投诉电话 95588  010-6702 0000",
    props: bool | None = None,
) -> Image.Image:
    """An outlet's lobby: counters on the right, waiting seats and windows on the left.
    Foreground props (ticket machine, barrier, standee) appear in wide shots only unless
    `props` says otherwise: in a close-up they would hide the people."""
    sc = Scene(size, rng, ox=ox, oz=oz)
    img, cam = sc.img, sc.cam
    half, height, depth = 7.0, 4.2, 16.0
    S.room_shell(
        img,
        cam,
        half,
        height,
        depth,
        (232, 226, 216),
        (206, 198, 188),
        (226, 224, 220),
        near=oz + 0.5,
    )
    _back_wall(sc, half, depth, slogan, led, festival, notice)
    S.ceiling_lights(img, cam, half, height, depth, warm=festival)
    S.side_windows(img, cam, -1, half, depth)
    looks = [P.staff(rng) for _ in range(5)]
    S.counter(img, cam, rng, half - 1.8, 4.0, depth - 1.0, 5, looks)
    if not morning:
        for z in (9.0, 11.0):
            sc.add(z + 0.5, lambda z=z: S.chairs(img, cam, -5.5, z, 6))
    sc.add(depth - 0.8, lambda: S.plant(img, cam, -half + 0.6, depth - 0.8, rng))
    sc.add(5.2, lambda: _service_desk(sc, -2.6, 5.2))
    if (props if props is not None else not (ox or oz)) and not morning:
        _lobby_props(sc)
    if festival:
        for x in (-4.5, -1.5, 1.5, 4.5):
            for z in (5.0, 9.0, 13.0):
                sc.add(0, lambda x=x, z=z: S.lantern(img, cam, x, 3.6, z))
    if pennant:
        sc.add(6.0, lambda: _pennant(sc, 0.6, 6.0, pennant))
    sc.figures(figures)
    return sc.render(warm=0.08 if festival else 0.04)


def _back_wall(
    sc: Scene, half: float, depth: float, slogan: str, led, festival: bool, notice: str
) -> None:
    img, cam = sc.img, sc.cam
    D.poly_fill(
        img,
        cam.quad((-half, 0, depth), (half, 0, depth), (half, 1.0, depth), (-half, 1.0, depth)),
        (150, 110, 80),
    )
    S.banner(img, cam, 0, 3.6, depth - 0.02, 2 * half, slogan, 0.6)
    if led:
        S.led(img, cam, -2.6, 2.35, depth - 0.05, list(led), 2.8)
    S.sign(
        img, cam, 2.4, 2.35, depth - 0.05, 2.4, 0.55, notice, (250, 246, 236), D.RED, border=D.GOLD
    )
    for x in (-5.6, -4.6):  # ATMs
        S.box(img, cam, (x, x + 0.8), (0, 1.7), (depth - 0.7, depth - 0.05), (200, 204, 210))
        S.sign(img, cam, x + 0.4, 1.3, depth - 0.72, 0.5, 0.34, "", (40, 90, 150), D.WHITE)
    if festival:
        for x in (-6.2, 6.2 - 1.8):
            S.sign(img, cam, x, 2.0, depth - 0.05, 0.45, 2.4, "", (200, 26, 30), D.GOLD)
        O.fu_sign(img, cam, -1.0, 1.35, depth - 0.05, 0.7)
        O.fu_sign(img, cam, 1.0, 1.35, depth - 0.05, 0.7)


def _lobby_props(sc: Scene) -> None:
    """Foreground furniture: a queue-ticket machine, a one-metre-line barrier, a standee."""
    img, cam = sc.img, sc.cam

    def ticket_machine() -> None:
        """The queue-ticket kiosk."""
        S.box(img, cam, (2.3, 2.8), (0, 1.45), (4.4, 4.8), (226, 228, 232))
        S.sign(img, cam, 2.55, 1.15, 4.39, 0.4, 0.3, "取号", (40, 110, 180), D.WHITE)

    def barrier() -> None:
        """Brass posts with a red rope along the queue lane."""
        draw = ImageDraw.Draw(img)
        posts = [(3.3, z) for z in (4.6, 6.0, 7.4)]
        for (x, z), (x2, z2) in itertools.pairwise(posts):
            draw.line(
                [cam.p(x, 0.9, z), cam.p(x2, 0.9, z2)],
                fill=(190, 30, 40),
                width=max(2, int(cam.scale(z) * 0.05)),
            )
        for x, z in posts:
            S.box(img, cam, (x - 0.03, x + 0.03), (0, 0.95), (z - 0.03, z + 0.03), (200, 190, 150))
            D.soft_shadow(img, (*cam.p(x - 0.2, 0, z), *cam.p(x + 0.2, 0, z)), 4, 0.3)

    sc.add(4.8, ticket_machine)
    sc.add(7.4, barrier)
    sc.add(
        3.4,
        lambda: O.standee(
            img, cam, -2.3, 3.4, "服务承诺", ["首问负责", "微笑服务", "限时办结", "投诉 95588"]
        ),
    )


def _service_desk(sc: Scene, x: float, z: float) -> None:
    """The lobby manager's enquiry desk with its signs."""
    img, cam = sc.img, sc.cam
    S.box(img, cam, (x - 0.8, x + 0.8), (0, 1.0), (z, z + 0.6), (170, 40, 44), top=(236, 232, 226))
    S.sign(img, cam, x, 1.25, z + 0.3, 1.1, 0.3, "咨询引导", (250, 246, 236), D.RED, border=D.GOLD)
    S.sign(img, cam, x, 0.55, z - 0.01, 1.3, 0.3, "党员先锋岗", D.RED, D.LIGHT_GOLD)


def _pennant(sc: Scene, x: float, z: float, text: str) -> None:
    """A silk pennant (锦旗) held up between two figures: red with gold vertical text."""
    img, cam = sc.img, sc.cam
    (x0, y0), (x1, y1) = cam.p(x - 0.45, 1.75, z), cam.p(x + 0.45, 0.55, z)
    D.soft_shadow(img, (x0 + 6, y0 + 8, x1 + 8, y1 + 12), 8, 0.4, False)
    img.paste(
        D.vgradient((int(x1 - x0), int(y1 - y0)), (210, 30, 36), (170, 16, 24)), (int(x0), int(y0))
    )
    draw = ImageDraw.Draw(img)
    draw.polygon([(x0, y1), (x1, y1), ((x0 + x1) / 2, y1 + (y1 - y0) * 0.12)], fill=(170, 16, 24))
    draw.rectangle((x0 - 6, y0 - 10, x1 + 6, y0), fill=D.GOLD)
    n = len(text)
    fnt = D.font((y1 - y0) * 0.8 / max(n, 1), True, "serif")
    for i, ch in enumerate(text):
        D.text_center(
            img, ((x0 + x1) / 2, y0 + (y1 - y0) * (i + 0.6) / (n + 0.2)), ch, fnt, D.LIGHT_GOLD
        )


def community(
    size,
    rng,
    figures,
    *,
    tent_text: str,
    standee: tuple[str, list[str]],
    style: str = "flat",
    sky=((150, 190, 230), (232, 240, 246)),
    oz: float = 0.0,
) -> Image.Image:
    """An outdoor square: buildings on both sides, a tent with a banner, a standee."""
    sc = Scene(size, rng, eye=1.6, horizon=0.5, oz=oz)
    img, cam = sc.img, sc.cam
    ground = (180, 176, 170) if style == "flat" else (150, 150, 152)
    O.sky_and_ground(img, cam, ground, *sky)
    S.floor_tiles(img, cam, 7.0, 42.0, ground, oz + 0.5, tile=1.0 if style == "flat" else 0.6)
    for side in (-1, 1):
        for z0 in (30.0, 18.0, 6.0):
            xs = (side * 7.0, side * 16.0) if side > 0 else (-16.0, -7.0)
            h = rng.uniform(12, 24) if style == "flat" else 4.2
            color = (
                D.mix((200, 180, 160), (220, 210, 196), rng.random())
                if style == "flat"
                else D.mix((120, 122, 126), (140, 142, 146), rng.random())
            )
            sc.add(
                z0 + 12,
                lambda xs=xs, z0=z0, h=h, color=color: O.building(
                    img, cam, rng, xs, (z0, z0 + 11.5), h, color, style
                ),
            )
    for z in (8.0, 16.0, 24.0):
        for x in (-5.5, 5.5):
            sc.add(z, lambda x=x, z=z: O.tree(img, cam, x, z, rng, 5.5))
    sc.add(10.0, lambda: O.tent(img, cam, 0.0, 10.0, 3.6, tent_text))
    sc.add(9.6, lambda: O.table(img, cam, 0.0, 9.6, 2.6))
    sc.add(8.6, lambda: O.standee(img, cam, -2.6, 8.6, standee[0], standee[1]))
    sc.figures(figures)
    return sc.render(warm=0.05, vig=0.3)


def classroom(
    size,
    rng,
    figures,
    *,
    title: str,
    bullets: list[str],
    rows: int = 4,
    wall=(226, 222, 214),
    seated_looks=None,
) -> Image.Image:
    """A training room: a slide on the back wall, rows of tables, people seen from behind."""
    sc = Scene(size, rng, eye=1.5, horizon=0.46)
    img, cam = sc.img, sc.cam
    half, height, depth = 5.0, 3.4, 12.0
    S.room_shell(img, cam, half, height, depth, wall, (170, 130, 100), (236, 234, 230))
    S.ceiling_lights(img, cam, half, height, depth)
    S.side_windows(img, cam, 1, half, depth, beams=True)
    O.screen(img, cam, -0.4, 1.9, depth - 0.05, 3.6, title, bullets)
    S.banner(img, cam, 0, 3.05, depth - 0.03, 7.0, "服务重质量 · 业务讲技能 · 窗口塑形象", 0.36)
    looks = seated_looks or []
    for r in range(rows):
        z = 3.2 + r * 1.5
        sc.add(z + 0.3, lambda z=z: _desk_row(sc, z))
        for i, x in enumerate((-3.0, -1.6, 1.0, 2.4)):
            look = looks[(r * 4 + i) % len(looks)] if looks else P.customer(rng)
            sc.figures([(x + 0.3, z - 0.35, 1.3, look, "back", "seated")])
    sc.figures(figures)
    return sc.render(warm=0.05)


def _desk_row(sc: Scene, z: float) -> None:
    for x0 in (-3.6, 0.6):
        S.box(sc.img, sc.cam, (x0, x0 + 2.6), (0.7, 0.76), (z, z + 0.55), (236, 236, 232))
        for x in (x0 + 0.1, x0 + 2.44):
            S.box(sc.img, sc.cam, (x, x + 0.06), (0, 0.7), (z + 0.05, z + 0.5), (120, 120, 126))


def home(size, rng, figures, *, calendar: str = "2024") -> Image.Image:
    """A customer's living room: a window with curtains, a sofa, a tea table."""
    sc = Scene(size, rng, eye=1.3, horizon=0.4)
    img, cam = sc.img, sc.cam
    half, height, depth = 3.0, 2.9, 5.2
    S.room_shell(img, cam, half, height, depth, (238, 222, 196), (160, 118, 84), (240, 236, 228))
    wx0, wx1 = -2.5, -0.5
    D.poly_fill(
        img,
        cam.quad(
            (wx0, 1.0, depth - 0.02),
            (wx1, 1.0, depth - 0.02),
            (wx1, 2.4, depth - 0.02),
            (wx0, 2.4, depth - 0.02),
        ),
        D.vgradient(img.size, (252, 253, 255), (206, 228, 242)),
    )
    draw = ImageDraw.Draw(img)
    draw.line(
        [cam.p((wx0 + wx1) / 2, 1.0, depth), cam.p((wx0 + wx1) / 2, 2.4, depth)],
        fill=(236, 236, 236),
        width=int(cam.scale(depth) * 0.05),
    )
    gx, gy = cam.p((wx0 + wx1) / 2, 1.7, depth)
    D.glow(img, (gx, gy), (cam.scale(depth) * 2.4, cam.scale(depth) * 1.8), (255, 250, 236), 0.55)
    beam = cam.quad(
        (wx0, 0, depth), (wx1, 0, depth), (wx1 + 1.2, 0, depth - 2.6), (wx0 + 0.6, 0, depth - 2.6)
    )
    S.alpha_poly(img, beam, (255, 246, 220), 0.25)
    for x in (wx0 - 0.35, wx1 - 0.05):
        D.poly_fill(
            img,
            cam.quad(
                (x, 0.8, depth - 0.1),
                (x + 0.4, 0.8, depth - 0.1),
                (x + 0.4, 2.6, depth - 0.1),
                (x, 2.6, depth - 0.1),
            ),
            D.hgradient(img.size, (200, 150, 116), (160, 110, 84)),
        )
    S.sign(img, cam, 1.5, 1.75, depth - 0.02, 0.6, 0.8, calendar, (250, 248, 240), D.RED)
    S.sign(img, cam, 1.5, 2.3, depth - 0.02, 0.6, 0.22, "福寿安康", D.RED, D.LIGHT_GOLD)
    sc.add(depth - 0.3, lambda: S.plant(img, cam, 2.4, depth - 0.5, rng, 1.1))
    sc.add(4.4, lambda: _sofa(sc, -0.4, 3.9))
    sc.add(
        2.7,
        lambda: S.box(
            img, cam, (-1.3, -0.1), (0.0, 0.42), (2.7, 3.2), (130, 90, 60), top=(164, 120, 84)
        ),
    )
    sc.add(2.69, lambda: _teacup(sc, -0.6, 0.42, 2.95))
    sc.figures(figures)
    return sc.render(warm=0.1, vig=0.45)


def _teacup(sc: Scene, x: float, y: float, z: float) -> None:
    cx, cy = sc.cam.p(x, y, z)
    s = sc.cam.scale(z)
    ImageDraw.Draw(sc.img).rounded_rectangle(
        (cx - 0.05 * s, cy - 0.1 * s, cx + 0.05 * s, cy), radius=0.02 * s, fill=(245, 245, 240)
    )


def _sofa(sc: Scene, x: float, z: float) -> None:
    fabric = (120, 130, 150)
    S.box(sc.img, sc.cam, (x - 1.4, x + 1.4), (0, 0.45), (z, z + 0.8), fabric)
    S.box(
        sc.img, sc.cam, (x - 1.4, x + 1.4), (0.45, 0.95), (z + 0.6, z + 0.85), D.shade(fabric, 0.9)
    )
    for ax in (x - 1.5, x + 1.3):
        S.box(sc.img, sc.cam, (ax, ax + 0.2), (0, 0.65), (z, z + 0.85), D.shade(fabric, 0.8))
