"""Helpers for screen tests: tiny projects with stories and photos, a fake image pipeline,
and a loopback web server."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import shutil
import threading
from pathlib import Path

from PIL import Image, ImageDraw
from support import approval

from gallery.photos.cache import Variant
from gallery.project import load_project
from gallery.screens.files import write_screens

WIDTHS = (480, 960, 1920)


def photo_bytes(color: tuple[int, int, int], size=(1200, 800), label: str = "") -> bytes:
    """A JPEG with a flat colour, a white diagonal band and an optional label."""
    import io

    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    draw.rectangle([size[0] // 3, size[1] // 3, size[0] // 2, size[1] // 2], fill=(255, 255, 255))
    if label:
        draw.text((20, 20), label, fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def moment(title: str, outlet: str = "qianmen", audience: str = "public", day: str = "2024-05-01",
           photo: str = "1.jpg", caption: str = "大堂经理耐心讲解", extra: str = "") -> str:
    """Front matter of a service moment with one photo."""
    return f"""\
---
title: {title}
audience: {audience}
{approval(audience, day)}date: {day}
outlet: {outlet}
summary: {title}的摘要
photos:
  - file: {photo}
    caption: {caption}
    alt: {title}的照片
{extra}---

正文：{title}。
"""


def pioneer(member: str, outlet: str = "qianmen", audience: str = "public") -> str:
    """Front matter of a pioneer post with a portrait."""
    return f"""\
---
member: {member}
post: 大堂经理
outlet: {outlet}
audience: {audience}
{approval(audience, "2024-03-01", "false")}portrait: portrait.jpg
pledge: 首问负责，一次办好
motto: 把客户的事当自己的事
member_since: 2008
date: 2024-03-01
---

{member}的先锋岗。
"""


def idea(title: str, audience: str = "public") -> str:
    """Front matter of a core idea without a photo (a text slide)."""
    return f"""\
---
title: {title}
audience: {audience}
{approval(audience, customers="false")}kind: idea
tags: [核心理念]
summary: 客户为尊，服务如意；员工为本，诚信如一
---

{title}。
"""


def fake_pipeline(site_dir: Path):
    """A variants_for that writes resized JPEG and WebP derivatives into `site_dir`."""
    cache: dict[Path, tuple[Variant, ...]] = {}

    def variants_for(photo) -> tuple[Variant, ...]:
        if photo.source not in cache:
            cache[photo.source] = tuple(_derive(photo, site_dir))
        return cache[photo.source]

    return variants_for


def _derive(photo, site_dir: Path):
    folder = photo.source.parent
    base = f"{folder.parent.name}/{folder.name}/photos/{Path(photo.file).stem}"
    with Image.open(photo.source) as image:
        for width in WIDTHS:
            height = round(image.height * width / image.width)
            small = image.resize((width, height))
            for fmt, ext in (("jpeg", "jpg"), ("webp", "webp")):
                url = f"{base}-{width}.{ext}"
                (site_dir / url).parent.mkdir(parents=True, exist_ok=True)
                small.save(site_dir / url, fmt.upper(), quality=80)
                yield Variant(width, height, fmt, url)


def build_screen_site(root: Path, out: Path) -> Path:
    """Validate the project at `root` and write its screens (with fake derivatives) to `out`."""
    project = load_project(root)
    assert not project.errors, [str(p) for p in project.errors]
    out.mkdir(parents=True, exist_ok=True)
    write_screens(project.screens, project.notice, project.settings, project.site, out,
                  fake_pipeline(out))
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; records request paths instead of printing them."""

    def log_message(self, format, *args):
        self.server.requests.append(self.path)


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that does not print a client hanging up mid-response."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Server:
    """A thread-based loopback server for a folder; stoppable and restartable on its port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.requests: list[str] = []
        self.httpd = None

    def start(self) -> str:
        handler = functools.partial(QuietHandler, directory=str(self.folder))
        self.httpd = QuietServer(("127.0.0.1", self.port), handler)
        self.httpd.requests = self.requests
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


@contextlib.contextmanager
def serving(folder: Path):
    """Serve `folder` on 127.0.0.1 for the duration of the block."""
    server = Server(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def copy_tree(src: Path, dst: Path) -> None:
    """Replace `dst` with a copy of `src`."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)


TZ = "Asia/Shanghai"


def beijing(*args) -> dt.datetime:
    """A wall-clock time in Beijing (the context's time zone), for page.clock.install."""
    return dt.datetime(*args, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def player(page):
    """The frame the player runs in (the shell's current iframe)."""
    page.wait_for_function("document.querySelector('iframe:not(.pending)') !== null")
    handle = page.query_selector("iframe:not(.pending)")
    frame = handle.content_frame()
    frame.wait_for_function("window.__screen !== undefined")
    return frame


def state(frame) -> dict:
    """The player's state: slides shown, current item, build, closed, notice."""
    return frame.evaluate("window.__screen.state()")


def wait_slides(frame, count: int, timeout: float = 10000) -> dict:
    """Wait (real time) until the player has shown `count` slides; return its state."""
    frame.wait_for_function(f"window.__screen.state().slides >= {count}", polling=20,
                            timeout=timeout)
    return state(frame)


def step(page, frame, ms: int) -> dict:
    """Advance the fake clock by `ms` and wait until any slide change it caused is shown."""
    page.clock.run_for(ms)
    frame.wait_for_function("!window.__screen.state().busy", polling=10)
    return state(frame)


def jump(page, frame, ms: int, chunk: int = 20000) -> dict:
    """Advance fake time by `ms` in chunks, letting photos decode (in real time) in between.

    One long run_for would starve decodes while fake time races past the player's stall
    watchdog, which then (rightly) replaces the player."""
    while ms > 0:
        step(page, frame, min(ms, chunk))
        ms -= chunk
    return state(frame)
