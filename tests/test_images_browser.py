"""Story photos in a real Chromium: the lightbox, lazy pictures, nothing loaded off-site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
from imaging import encode, quadrants
from test_images_build import STORY, build, make_site, story

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_site(directory: Path):
    """Serve a built site over HTTP on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(Quiet, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A built tiny site with three story photos, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("lightbox")
    photos = [("1.jpg", "第一张：大堂"), ("2.jpg", "第二张：柜台"),
              ("3.png", "<img src=x onerror=window.hacked=1>门口")]
    files = {f"{STORY}/index.md": story(photos),
             f"{STORY}/1.jpg": encode(quadrants(800, 600), "JPEG"),
             f"{STORY}/2.jpg": encode(quadrants(600, 800), "JPEG"),
             f"{STORY}/3.png": encode(quadrants(640, 480), "PNG")}
    make_site(root, files)
    result = build(root)
    assert result.returncode == 0, result.stderr
    with serve_site(root / "site") as url:
        yield url


@pytest.fixture
def page(browser):
    fresh = browser.new_page(viewport={"width": 1280, "height": 900})
    yield fresh
    fresh.context.close()


def test_lightbox_opens_with_caption_and_navigates_by_keyboard(served, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served + "moments/2024-05-01-nuan-xin-fu-wu/")
    page.wait_for_load_state("networkidle")
    pictures = page.locator("figure.culture-photo picture img")
    assert pictures.count() == 3
    page.locator("figure.culture-photo a.glightbox").first.click()
    slide = page.locator(".glightbox-container .gslide.current")
    slide.locator("img").wait_for(state="visible")
    assert slide.locator(".gslide-title").inner_text() == "第一张：大堂"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('.gslide.current .gslide-title')?.textContent === '第二张：柜台'")
    shown = page.locator(".gslide.current img")
    assert shown.get_attribute("src").endswith(".webp")  # the largest derivative is WebP
    size = "[document.querySelector('.gslide.current img').naturalWidth, " \
           "document.querySelector('.gslide.current img').naturalHeight]"
    assert page.evaluate(size) == [240, 320]  # the largest derivative of the 600x800 photo
    page.keyboard.press("ArrowRight")  # a caption with HTML in it shows as text
    page.wait_for_function(
        "document.querySelector('.gslide.current .gslide-title')?.textContent.endsWith('门口')")
    title = page.locator(".gslide.current .gslide-title")
    assert title.inner_text() == "<img src=x onerror=window.hacked=1>门口"
    assert title.locator("img").count() == 0 and page.evaluate("window.hacked") is None
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    assert requested and all(url.startswith((served, "data:"))
                             for url in requested), requested


def test_pictures_choose_webp_and_keep_their_box(served, page):
    page.goto(served + "moments/2024-05-01-nuan-xin-fu-wu/")
    first = page.locator("figure.culture-photo picture img").first
    first.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('figure.culture-photo img').complete"
        " && document.querySelector('figure.culture-photo img').naturalWidth > 0")
    assert first.evaluate("img => img.currentSrc").endswith(".webp")
    box = first.bounding_box()
    assert box["width"] > 0 and abs(box["height"] / box["width"] - 0.75) < 0.02
