"""No photo on the intranet is upscaled, and no `sizes` asks for more than is drawn (issue 12
item 4, issue 13 item 4), measured in Chromium on the demo site.

Every intranet page type that shows photos (home, section indexes, a story of each kind, one
with body photos, the pioneer profile and index, the outlet, tag and campaign hubs) at
1366x768@1x and 390x844@3x: for every photo, the width it is drawn at (object-fit applied)
times the device pixel ratio must not exceed the pixels of the source Chromium chose, unless
that source is already the widest (the original is smaller: shown as it is). And the chosen
source must be the one an exact `sizes` would pick: the narrowest that covers the drawing.
Screenshots: test-artifacts/photo-sizes/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import photo_sizes
import pytest
from intranet_site import REPO
from support import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = REPO / "test-artifacts" / "photo-sizes"
VIEWPORTS = ("1366x768@1", "390x844@3")
# Kinds a demo of the intranet must have for the test to mean something.
EXPECTED = {"home", "index-moments", "index-pioneer-posts", "story-moments",
            "story-pioneer-posts", "story-culture-wall", "story-body-photos", "hub-outlets",
            "hub-campaigns"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(base URL, page types) of the demo built and served under /culture/."""
    need_chromium()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    www = tmp_path_factory.mktemp("photo-sizes")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(www / "culture"), strict=True)
    build(config)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield (f"http://127.0.0.1:{server.server_address[1]}/culture/",
           photo_sizes.photo_pages(www / "culture"))
    server.shutdown()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_photo_is_upscaled_and_no_sizes_is_oversized(demo, browser, viewport):
    base, types = demo
    assert EXPECTED <= set(types), f"the demo lacks {sorted(EXPECTED - set(types))}"
    folder = ARTIFACTS / viewport
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    upscaled, oversized, counted = [], [], {}
    for kind, url in types.items():
        # A fresh context per page: Chromium takes a wider source it already holds.
        context, page = photo_sizes.new_page(browser, viewport)
        try:
            shown = photo_sizes.shown_photos(page, base + url, kind)
            page.screenshot(path=str(folder / f"{kind}.png"), full_page=True)
        finally:
            context.close()
        counted[kind] = len(shown)
        upscaled += [s.line() for s in shown if s.upscaled]
        oversized += [s.line() for s in shown if s.width > s.smallest_enough]
    assert all(counted[k] for k in EXPECTED), counted  # every page type drew photos
    assert (upscaled, oversized) == ([], [])
