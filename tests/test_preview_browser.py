"""`culture serve` in real Chromium: a broken save shows the problem on the open page (by live
reload) and the fix takes it away; a preview lobby screen outside opening hours says why it is
black. Screenshots: test-artifacts/preview/."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest
from preview_support import STORY, serving, tiny_project
from screen_support import player
from support import SETTINGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "preview"
BROKEN_DATE = ("site_src/moments/2024-05-01-nuan-xin/index.md:3: E204 字段“date”的日期“2024-13-01”"
               "无效 — 日期请写成 年-月-日，例如 date: 2024-05-01")
SCREENS = SETTINGS + """\
screens:
  - name: lobby
    outlet: qianmen
    hours:
      - days: mon-sun
        time: 08:00-18:00
    playlist:
      - slogan: 客户为尊，服务如意
"""
CLOSED_HINT = "非营业时间，屏幕休息（预览时显示此说明）"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_open_page_shows_a_broken_save_and_clears_on_the_fix(browser, tmp_path: Path):
    root = tiny_project(tmp_path / "p", SCREENS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serving(root, free_port()) as served:
        url = served.url()
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url + "moments/2024-05-01-nuan-xin/")
        assert page.locator("#culture-problems").count() == 0
        story = root / STORY
        good = story.read_text("utf-8")
        story.write_text(good.replace("date: 2024-05-01", "date: 2024-13-01"), "utf-8")
        problem = page.locator("#culture-problems li.culture-problem")
        problem.wait_for(state="visible", timeout=60000)  # live reload brought it, no goto
        assert problem.all_inner_texts() == [BROKEN_DATE]
        assert page.locator("#culture-problems summary").inner_text() == \
            "内容有 1 个问题，网站没有更新：浏览器中仍是上一次成功生成的网站。"
        page.screenshot(path=str(ARTIFACTS / "problem-overlay.png"))
        story.write_text(good, "utf-8")
        page.locator("#culture-problems").wait_for(state="detached", timeout=60000)
        assert page.locator("h1").first.inner_text() == "暖心服务"
        page.close()


def test_a_preview_screen_outside_opening_hours_says_why_it_is_black(browser, tmp_path: Path):
    root = tiny_project(tmp_path / "p", SCREENS)
    with serving(root, free_port()) as served:
        url = served.url()
        context = browser.new_context(timezone_id="Asia/Shanghai",
                                       viewport={"width": 960, "height": 540})
        page = context.new_page()
        evening = dt.datetime(2026, 11, 30, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        page.clock.install(time=evening)
        page.goto(url + "screen/lobby/")
        frame = player(page)
        frame.wait_for_function("window.__screen.state().closed")
        hint = frame.locator("#closed .preview-only")
        hint.wait_for(state="visible")
        assert hint.inner_text() == CLOSED_HINT
        page.screenshot(path=str(ARTIFACTS / "closed-screen.png"))
        context.close()
