"""Lobby screens against the server: offline playback from the service-worker cache, content
updates swapped in place, new player code swapped in without a blank frame, plain-HTTP mode."""

from __future__ import annotations

import base64
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from screen_support import (
    TZ,
    Server,
    beijing,
    build_screen_site,
    moment,
    photo_bytes,
    pioneer,
    player,
    state,
    step,
    wait_slides,
)
from support import CHROMIUM, CHROMIUM_ARGS, SETTINGS

from gallery.publish import builds as publish
from gallery.screens import files as screen_files

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screens"
VIEWPORT = {"width": 640, "height": 360}
NOW = beijing(2026, 11, 30, 10, 0)
NEW = "moments/2024-06-01-new"
SCREENS = """\
screens:
  - name: lobby
    outlet: qianmen
    poll: 30
    playlist:
      - slogan: 客户为尊，服务如意
        duration: 6
      - section: moments
        duration: 8
      - section: pioneer-posts
        duration: 6
"""


@pytest.fixture
def root(project, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-30")
    return project({
        "site_src/moments/2024-05-01-a/index.md": moment("暖心服务在前门"),
        "site_src/moments/2024-05-01-a/1.jpg": photo_bytes((200, 40, 30)),
        "site_src/pioneer-posts/2024-03-01-zhang/index.md": pioneer("张明"),
        "site_src/pioneer-posts/2024-03-01-zhang/portrait.jpg": photo_bytes((30, 60, 200),
                                                                            (600, 800)),
    }, settings=SETTINGS + SCREENS)


@pytest.fixture
def served(root, tmp_path):
    """The project published (atomically) to tmp_path/site and served on loopback."""
    target = tmp_path / "site"
    publish.publish(target, lambda out: build_screen_site(root, out))
    server = Server(target)
    server.start()
    yield target, server
    server.stop()


def open_screen(browser, port: int, host: str = "127.0.0.1"):
    context = browser.new_context(timezone_id=TZ, viewport=VIEWPORT)
    page = context.new_page()
    page.clock.install(time=NOW - dt.timedelta(seconds=5))
    page.clock.pause_at(NOW)                                   # time moves only when told
    page.goto(f"http://{host}:{port}/screen/lobby/")
    frame = player(page)
    wait_slides(frame, 1)
    return page, frame


CACHED = """async () => {
  if (!navigator.serviceWorker.controller) return [];
  const names = await caches.keys();
  const urls = [];
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(name + ' ' + request.url);
  }
  return urls;
}"""


def wait_cached(page, frame, *needles: str) -> list[str]:
    """Wait until the service worker controls the player and has cached a URL with `needles`
    (each entry reads "cache-name url")."""
    for _ in range(100):
        urls = frame.evaluate(CACHED)
        if any(all(n in u for n in needles) for u in urls):
            return urls
        page.wait_for_timeout(100)
    raise AssertionError(f"{needles} never cached: {urls}")


def play_until(page, frame, wanted: str, limit_ms: int) -> int:
    """Advance fake time second by second until `wanted` shows; the fake ms it took."""
    for elapsed in range(0, limit_ms + 1000, 1000):
        if state(frame)["current"] == wanted:
            return elapsed
        step(page, frame, 1000)
        page.wait_for_timeout(20)
    raise AssertionError(f"{wanted} not shown within {limit_ms} ms: {state(frame)}")


def test_with_the_server_gone_a_reload_plays_from_the_cache_and_recovers(browser, served):
    _target, server = served
    page, frame = open_screen(browser, server.port)
    urls = wait_cached(page, frame, "portrait-")
    assert any(u.endswith("/screen/lobby/playlist.json") for u in urls)
    assert any("/moments/2024-05-01-a/photos/1-" in u for u in urls)
    server.stop()
    page.reload()
    frame = player(page)
    wait_slides(frame, 1)
    seen = {state(frame)["current"]}
    for _ in range(3):
        step(page, frame, 8000)
        page.wait_for_timeout(900)
        seen.add(state(frame)["current"])
        assert frame.evaluate("document.querySelector('.layer.on img').complete")
    assert {"slogan-1", "moments/2024-05-01-a", "pioneer-posts/2024-03-01-zhang"} <= seen
    photo = frame.evaluate("""[...document.querySelectorAll('.layer img')]
        .map(i => i.naturalWidth).filter(w => w > 0).length""")
    assert photo >= 1
    server.start()                                              # same port: the server is back
    step(page, frame, 61000)
    page.wait_for_timeout(300)
    assert any(r.startswith("/screen/heartbeat.txt?screen=lobby") for r in server.requests)
    page.context.close()


class Screencast:
    """Every frame Chromium paints, via the DevTools screencast."""

    def __init__(self, page) -> None:
        self.frames: list[bytes] = []
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.on("Page.screencastFrame", self._frame)
        self.cdp.send("Page.startScreencast", {"format": "png", "everyNthFrame": 1})

    def _frame(self, params: dict) -> None:
        self.frames.append(base64.b64decode(params["data"]))
        self.cdp.send("Page.screencastFrameAck", {"sessionId": params["sessionId"]})

    def stop(self) -> list[bytes]:
        self.cdp.send("Page.stopScreencast")
        return self.frames


def blank(png: bytes) -> bool:
    """A frame without a slide: the stage (above the bar) is one flat colour."""
    with Image.open(io.BytesIO(png)) as shot:
        stage = shot.convert("L").crop((0, 0, shot.width, int(shot.height * 0.8)))
        return ImageStat.Stat(stage).stddev[0] < 2


def test_blank_detection_finds_a_frame_without_a_slide(browser, served):
    _target, server = served
    page, frame = open_screen(browser, server.port)
    frame.evaluate("document.querySelectorAll('.layer').forEach(l => l.classList.remove('on'))")
    page.wait_for_timeout(1000)
    assert blank(page.screenshot())
    page.context.close()


def test_a_content_rebuild_is_swapped_in_place_without_a_blank_frame(browser, served, root):
    target, server = served
    page, frame = open_screen(browser, server.port)
    page.evaluate("window.__mark = 'shell'")
    frame.evaluate("window.__mark = 'player'")
    old_build = state(frame)["build"]
    cast = Screencast(page)
    (root / "site_src/moments/2024-06-01-new").mkdir(parents=True)
    (root / "site_src/moments/2024-06-01-new/index.md").write_text(
        moment("新上线的暖心故事", day="2024-06-01"), "utf-8")
    (root / "site_src/moments/2024-06-01-new/1.jpg").write_bytes(photo_bytes((20, 150, 60)))
    publish.publish(target, lambda out: build_screen_site(root, out))
    elapsed = play_until(page, frame, NEW, (30 + 8) * 1000)    # one poll plus one slide
    page.wait_for_timeout(1500)                                 # let the cross-fade finish
    frames = cast.stop()
    assert elapsed <= 38000
    assert state(frame)["build"] != old_build
    assert page.evaluate("window.__mark") == "shell" and frame.evaluate("window.__mark") == "player"
    assert len(frames) >= 5
    assert not any(blank(f) for f in frames), "a frame without a slide was painted"
    wait_cached(page, frame, f"culture-screen-lobby-{state(frame)['build']} ",
                "/2024-06-01-new/photos/")           # the new worker precached the new build
    page.context.close()


def test_new_player_code_swaps_in_a_new_player_without_a_blank_frame(browser, served, root,
                                                                      tmp_path, monkeypatch):
    target, server = served
    page, frame = open_screen(browser, server.port)
    page.evaluate("window.__mark = 'shell'")
    frame.evaluate("window.__mark = 'old player'")
    changed = tmp_path / "player-v2"
    shutil.copytree(screen_files.PLAYER_DIR, changed)
    with (changed / "player.js").open("a", encoding="utf-8") as code:
        code.write("\n/* v2 */\n")
    monkeypatch.setattr(screen_files, "PLAYER_DIR", changed)
    publish.publish(target, lambda out: build_screen_site(root, out))
    cast = Screencast(page)
    page.clock.run_for(30000)              # one poll: the old player sees the new code (and goes)
    page.wait_for_function("document.querySelectorAll('iframe').length === 1 && "
                           "document.querySelector('iframe').src.indexOf('?v=') > 0",
                           timeout=10000)
    fresh = player(page)
    wait_slides(fresh, 1)
    page.wait_for_timeout(1500)
    frames = cast.stop()
    assert page.evaluate("window.__mark") == "shell"            # the top page never reloaded
    assert fresh.evaluate("window.__mark") is None
    assert fresh.evaluate("window.__screen.version") == screen_files.code_hash(
        screen_files.PLAYER_FILES)
    assert len(frames) >= 3 and not any(blank(f) for f in frames)
    page.context.close()


def test_on_plain_http_the_player_plays_without_a_cache_and_shows_a_marker(pw, served):
    _target, server = served
    mapped = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--host-resolver-rules=MAP screens.intranet.test 127.0.0.1"])
    try:
        page, frame = open_screen(mapped, server.port, host="screens.intranet.test")
        assert frame.evaluate("window.isSecureContext") is False
        assert frame.evaluate("'serviceWorker' in navigator") is False
        assert frame.is_visible("#insecure")
        assert frame.inner_text("#insecure") == "未启用离线缓存"
        first = state(frame)["current"]
        step(page, frame, 6000)
        page.wait_for_timeout(300)
        assert state(frame)["current"] != first
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "landscape-plain-http-marker.png")
    finally:
        mapped.close()
