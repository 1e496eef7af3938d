"""The lobby-screen player in Debian's Chromium with a fake clock: timing, schedules, opening
hours, the emergency notice, heartbeats, failing items, a 24-hour soak and screenshots."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from screen_support import (
    TZ,
    beijing,
    build_screen_site,
    idea,
    jump,
    moment,
    photo_bytes,
    pioneer,
    player,
    serving,
    state,
    step,
    wait_slides,
)
from support import SETTINGS

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screens"
LANDSCAPE, PORTRAIT = {"width": 960, "height": 540}, {"width": 540, "height": 960}

SCREENS = """\
campaigns:
  - id: shi-jiu-da
    name: 服务口碑新变化
    slogan: 喜迎党的十九大
    start: 2026-11-01
    end: 2026-12-31
screens:
  - name: lobby
    outlet: qianmen
    poll: 30
    hours:
      - days: mon-sun
        time: 08:00-22:00
    playlist:
      - slogan: 客户为尊，服务如意
        duration: 5
      - section: moments
        duration: 8
      - section: pioneer-posts
        duration: 6
        schedule: {days: mon-fri, time: 09:00-17:00}
      - section: culture-wall
        duration: 7
  - name: tall
    outlet: qianmen
    orientation: portrait
    playlist:
      - section: moments
      - section: pioneer-posts
      - section: culture-wall
      - slogan: 员工为本，诚信如一
  - name: night
    outlet: qianmen
    hours:
      - days: fri
        time: 22:00-06:00
    playlist:
      - slogan: 夜间服务
"""


@pytest.fixture
def site(project, tmp_path, monkeypatch):
    """A built screen site with a photo moment, a pioneer post and a text idea."""
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-30")
    root = project({
        "site_src/moments/2024-05-01-a/index.md": moment("暖心服务在前门"),
        "site_src/moments/2024-05-01-a/1.jpg": photo_bytes((200, 40, 30)),
        "site_src/pioneer-posts/2024-03-01-zhang/index.md": pioneer("张明"),
        "site_src/pioneer-posts/2024-03-01-zhang/portrait.jpg": photo_bytes((30, 60, 200),
                                                                            (600, 800)),
        "site_src/culture-wall/2024-01-01-idea/index.md": idea("核心理念"),
    }, settings=SETTINGS + SCREENS)
    return build_screen_site(root, tmp_path / "site")


MORNING = beijing(2026, 11, 30, 10, 0)


def open_screen(browser, server, name="lobby", when=MORNING,
                viewport=LANDSCAPE, reduced=False, wait=True):
    """A fresh browser context on a screen URL with the fake clock installed at `when`."""
    context = browser.new_context(timezone_id=TZ, viewport=viewport,
                                   reduced_motion="reduce" if reduced else "no-preference")
    page = context.new_page()
    page.clock.install(time=when - dt.timedelta(seconds=5))
    page.clock.pause_at(when)                                  # time moves only when told
    page.goto(f"http://127.0.0.1:{server.port}/screen/{name}/")
    frame = player(page)
    if wait:
        wait_slides(frame, 1)
    return page, frame


def play(page, frame, slides: int) -> list[str]:
    """Let the slideshow run for `slides` slides; the ids it showed, in order."""
    seen = [state(frame)["current"]]
    for _ in range(slides):
        durations = {i["id"]: i["duration"] for i in playlist_of(frame)["items"]}
        step(page, frame, durations.get(seen[-1], 30) * 1000)
        seen.append(state(frame)["current"])
    return seen


def playlist_of(frame) -> dict:
    return frame.evaluate("fetch('playlist.json').then(r => r.json())")


def test_the_slideshow_advances_at_the_configured_durations(browser, site):
    with serving(site) as server:
        page, frame = open_screen(browser, server)
        assert state(frame)["current"] == "slogan-1"
        for current, duration, following in (
            ("slogan-1", 5, "moments/2024-05-01-a"),
            ("moments/2024-05-01-a", 8, "pioneer-posts/2024-03-01-zhang"),
            ("pioneer-posts/2024-03-01-zhang", 6, "culture-wall/2024-01-01-idea"),
            ("culture-wall/2024-01-01-idea", 7, "slogan-1"),
        ):
            assert step(page, frame, duration * 1000 - 100)["current"] == current
            assert step(page, frame, 100)["current"] == following
        front = frame.evaluate("document.querySelector('.layer.on[style*=\"z-index: 2\"]')"
                               ".getAttribute('data-item')")
        assert front == "slogan-1"
        page.context.close()


@pytest.mark.parametrize("when, expected", [
    (beijing(2026, 11, 30, 10, 0), True),    # Monday 10:00
    (beijing(2026, 11, 28, 10, 0), False),   # Saturday
    (beijing(2026, 11, 30, 20, 0), False),   # Monday 20:00, still open
])
def test_a_weekday_office_hours_entry_plays_only_then(browser, site, when, expected):
    with serving(site) as server:
        page, frame = open_screen(browser, server, when=when, reduced=True)
        seen = play(page, frame, 7)
        assert ("pioneer-posts/2024-03-01-zhang" in seen) is expected
        assert {"slogan-1", "moments/2024-05-01-a", "culture-wall/2024-01-01-idea"} <= set(seen)
        page.context.close()


def black(image: bytes) -> bool:
    with Image.open(io.BytesIO(image)) as shot:
        return ImageStat.Stat(shot.convert("L")).extrema[0][1] <= 4


def test_outside_opening_hours_the_screen_is_black_and_wakes_up_at_opening(browser, site):
    with serving(site) as server:
        page, frame = open_screen(browser, server, when=beijing(2026, 11, 30, 21, 59, 50),
                                  reduced=True)
        assert not black(page.screenshot())
        page.clock.run_for(15000)
        frame.wait_for_function("window.__screen.state().closed")
        assert black(page.screenshot())
        page.clock.run_for(10 * 3600 * 1000)                      # 08:00 next morning
        frame.wait_for_function("!window.__screen.state().closed")
        page.wait_for_timeout(100)
        assert not black(page.screenshot())
        page.context.close()


@pytest.mark.parametrize("when, is_open", [
    (beijing(2026, 11, 27, 21, 0), False),   # Friday before the night range
    (beijing(2026, 11, 27, 23, 0), True),    # Friday night
    (beijing(2026, 11, 28, 3, 0), True),     # Saturday small hours: the range started Friday
    (beijing(2026, 11, 28, 7, 0), False),
    (beijing(2026, 11, 28, 23, 0), False),   # Saturday night: not a Friday range
    (beijing(2026, 11, 26, 3, 0), False),    # Thursday small hours: Wednesday did not start one
])
def test_an_overnight_range_belongs_to_the_day_it_starts(browser, site, when, is_open):
    with serving(site) as server:
        page, frame = open_screen(browser, server, name="night", when=when, reduced=True,
                                  wait=False)
        frame.wait_for_function("window.__screen.state().closed || "
                                "window.__screen.state().slides > 0")
        assert state(frame)["closed"] is not is_open
        page.context.close()


def test_a_stalled_slideshow_is_replaced_by_a_fresh_player(browser, site):
    with serving(site) as server:
        page, frame = open_screen(browser, server, reduced=True)
        page.evaluate("window.__mark = 'shell'")
        frame.evaluate("() => { HTMLImageElement.prototype.decode = () => new Promise(() => {}); }")
        frame.evaluate("window.__mark = 'stalled'")
        for _ in range(8):                                         # 160 s: past the 68 s limit
            page.clock.run_for(20000)
            page.wait_for_timeout(50)
        page.wait_for_function("document.querySelectorAll('iframe').length === 1")
        fresh = player(page)
        wait_slides(fresh, 1)
        assert fresh.evaluate("window.__mark") is None
        assert page.evaluate("window.__mark") == "shell"
        first = state(fresh)["slides"]
        play(page, fresh, 3)
        assert state(fresh)["slides"] >= first + 3
        page.context.close()


def test_an_emergency_notice_shows_within_one_poll_and_leaves_at_its_end(browser, site):
    with serving(site) as server:
        page, frame = open_screen(browser, server, reduced=True)
        notice = {"notice": {"title": "系统升级", "text": "系统升级，暂停办理个人外汇业务",
                             "start": None, "end": "2026-11-30T10:05", "screens": ["lobby"]}}
        (site / "screen/notice.json").write_text(json.dumps(notice, ensure_ascii=False), "utf-8")
        page.clock.run_for(30000)                                  # one poll interval
        frame.wait_for_function("window.__screen.state().notice", timeout=5000)
        assert frame.inner_text("#notice .notice-text") == "系统升级，暂停办理个人外汇业务"
        assert frame.is_visible("#notice")
        assert jump(page, frame, 4 * 60 * 1000)["notice"]
        jump(page, frame, 60 * 1000 + 1000)                        # past 10:05
        assert not state(frame)["notice"] and not frame.is_visible("#notice")
        shift = "getComputedStyle(document.documentElement).getPropertyValue('--shift-x')"
        assert frame.evaluate(shift).strip() not in ("", "0px")   # burn-in shift after 3 min
        beats = [r for r in server.requests if r.startswith("/screen/heartbeat.txt?")]
        assert any("screen=lobby" in b and "item=notice" in b for b in beats), beats
        assert any("item=moments%2F2024-05-01-a" in b or "item=slogan-1" in b for b in beats)
        page.context.close()


def test_an_item_that_fails_to_load_is_skipped_dropped_then_retried_hourly(browser, site):
    removed = {}
    for image in (site / "pioneer-posts").rglob("*.*"):
        removed[image] = image.read_bytes()
        image.unlink()
    with serving(site) as server:
        page, frame = open_screen(browser, server, reduced=True)
        seen = play(page, frame, 18)  # margin: a failing fetch takes real time on a loaded machine
        assert "pioneer-posts/2024-03-01-zhang" not in seen
        assert seen.count("culture-wall/2024-01-01-idea") >= 3, seen
        assert state(frame)["dropped"] == ["pioneer-posts/2024-03-01-zhang"]
        for image, data in removed.items():  # the server is back
            image.write_bytes(data)
        jump(page, frame, 3_600_000)  # in chunks, as a real hour passes
        assert state(frame)["dropped"] == []
        assert "pioneer-posts/2024-03-01-zhang" in play(page, frame, 8)
        page.context.close()


def metrics(page, cdp) -> dict:
    """Element count in both documents, and Chromium's node, listener and heap counters."""
    cdp.send("HeapProfiler.collectGarbage")
    values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    count = "document.getElementsByTagName('*').length"
    return {"elements": page.evaluate(count) + player(page).evaluate(count),
            "nodes": values["Nodes"], "listeners": values["JSEventListeners"],
            "heap": values["JSHeapUsedSize"]}


def soak(page, frame, hours: float) -> tuple[dict, dict, int]:
    """Run the fake clock for `hours`, slide by slide; metrics before and after, slides shown."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    play(page, frame, 8)                                           # warm up: every item once
    before, start = metrics(page, cdp), state(frame)
    end = page.evaluate("Date.now()") + hours * 3600 * 1000
    while page.evaluate("Date.now()") < end:
        # Two 30 s slides per jump: jumps stay below the player's 90 s stall watchdog, which
        # would (rightly) fire if fake time ran on while a photo decodes in real time.
        step(page, frame, 60000)
    # Count again on the slide that showed at the first count: a pioneer card has more
    # elements than a photo caption, so counts on different slides differ without a leak.
    for _ in range(12):
        if state(frame)["current"] == start["current"]:
            break
        play(page, frame, 1)                                       # on to the next slide
    assert state(frame)["current"] == start["current"], (start, state(frame))
    return before, metrics(page, cdp), state(frame)["slides"] - start["slides"]


def assert_flat(before: dict, after: dict) -> None:
    """No growth: same element count, nodes and listeners within a few, heap within 1 MB.

    Both counts are taken on the same slide (see soak). Text nodes still differ a little with
    the ticker's and clock's text at that moment, so nodes get a margin of 100; a leak adds
    one or more nodes per slide, thousands over the soak (>= 2,500 slides).
    """
    assert after["elements"] == before["elements"], (before, after)
    assert after["nodes"] - before["nodes"] <= 100, (before, after)
    assert after["listeners"] - before["listeners"] <= 5, (before, after)
    assert after["heap"] - before["heap"] < 1_000_000, (before, after)


LEAK = """document.addEventListener('culture:slide', function () {
  var kept = document.createElement('div');
  kept.textContent = 'leak';
  document.body.appendChild(kept);
  window.addEventListener('resize', function () { return kept; });
});"""


@pytest.mark.slow
def test_a_24_hour_soak_leaves_the_dom_listeners_and_heap_flat(browser, site):
    for screen in (site / "screen").glob("*/playlist.json"):
        data = json.loads(screen.read_text("utf-8"))
        for item in data["items"]:
            item["duration"], item["when"] = 30, []               # thousands of slides a day
        data["hours"] = []
        screen.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with serving(site) as server:
        page, frame = open_screen(browser, server, reduced=True)
        before, after, slides = soak(page, frame, 24)
        print("soak 24 h:", slides, "slides", before, after)
        assert slides >= 2500, slides
        assert_flat(before, after)
        page.context.close()


@pytest.mark.slow
def test_the_soak_check_catches_a_deliberately_leaky_player(browser, site):
    with serving(site) as server:
        page, frame = open_screen(browser, server, reduced=True)
        frame.evaluate(LEAK)
        before, after, slides = soak(page, frame, 2)
        print("leaky 2 h:", slides, "slides", before, after)
        assert slides >= 200, slides
        with pytest.raises(AssertionError):
            assert_flat(before, after)
        assert after["elements"] - before["elements"] >= slides
        page.context.close()


FRONT_KIND = """document.querySelector('.layer[style*="z-index: 2"]').className
  .match(/kind-(\\w+)/)[1]"""


@pytest.mark.parametrize("shape, viewport, name", [("landscape", LANDSCAPE, "lobby"),
                                                   ("portrait", PORTRAIT, "tall")])
def test_screenshots_of_every_slide_type_are_kept(browser, site, shape, viewport, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serving(site) as server:
        page, frame = open_screen(browser, server, name=name, viewport=viewport, reduced=True)
        shots = {}
        for _ in range(8):
            kind = frame.evaluate(FRONT_KIND)
            if kind not in shots:
                shots[kind] = ARTIFACTS / f"{shape}-{kind}.png"
                page.screenshot(path=shots[kind])
            play(page, frame, 1)
        (site / "screen/notice.json").write_text(json.dumps({"notice": {
            "title": "系统升级", "text": "系统升级，暂停办理个人外汇业务，敬请谅解", "start": None,
            "end": "2026-12-01T18:00", "screens": []}}, ensure_ascii=False), "utf-8")
        page.clock.run_for(60000)
        frame.wait_for_function("window.__screen.state().notice")
        shots["notice"] = ARTIFACTS / f"{shape}-notice.png"
        page.screenshot(path=shots["notice"])
        assert set(shots) == {"slogan", "photo", "pioneer", "text", "notice"}
        for path in shots.values():
            with Image.open(path) as shot:
                assert shot.size == (viewport["width"], viewport["height"])
                assert ImageStat.Stat(shot.convert("L")).stddev[0] > 10, path
        page.context.close()
