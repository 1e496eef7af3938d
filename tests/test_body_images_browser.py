"""A photo inside a story's body, in a real Chromium: responsive picture and the lightbox."""

from __future__ import annotations

import pytest
from imaging import encode, quadrants
from test_images_browser import page, serve_site  # noqa: F401 - `page` is a fixture
from test_images_build import STORY, build, make_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BODY_STORY = """\
---
title: 暖心服务
outlet: qianmen
date: 2024-05-01
---
大堂经理主动上前。

![大堂经理在引导客户](lobby.jpg "大堂一角：<b>引导</b>")

写法示例：`![说明](lobby.jpg)`。
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A tiny site whose one story shows its photo in the body, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("body-image")
    make_site(root, {f"{STORY}/index.md": BODY_STORY,
                     f"{STORY}/lobby.jpg": encode(quadrants(800, 600), "JPEG")})
    result = build(root)
    assert result.returncode == 0, result.stderr
    with serve_site(root / "site") as url:
        yield url


def test_body_photo_is_a_webp_picture_that_opens_in_the_lightbox(served, page):  # noqa: F811
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served + "moments/2024-05-01-nuan-xin-fu-wu/")
    img = page.locator("article figure.culture-photo picture img")
    assert img.count() == 1
    img.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('article figure.culture-photo img').complete"
        " && document.querySelector('article figure.culture-photo img').naturalWidth > 0")
    assert img.evaluate("i => i.currentSrc").endswith(".webp")
    assert img.get_attribute("alt") == "大堂经理在引导客户"
    assert page.locator("article code").inner_text() == "![说明](lobby.jpg)"
    page.locator("article figure.culture-photo a.glightbox").click()
    slide = page.locator(".glightbox-container .gslide.current")
    slide.locator("img").wait_for(state="visible")
    assert slide.locator(".gslide-title").inner_text() == "大堂一角：<b>引导</b>"
    assert slide.locator(".gslide-title b").count() == 0
    assert slide.locator("img").get_attribute("src").endswith("-320.webp")  # the largest
    assert not [u for u in requested if "lobby.jpg" in u]
    assert requested and all(url.startswith((served, "data:"))
                             for url in requested), requested
