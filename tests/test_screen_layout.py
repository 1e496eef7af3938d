"""Every lobby-screen slide type at every screen resolution, measured in Chromium.

Two sites: the repository's demo (its culture.yml declares 1080p landscape, 1080p portrait and
4K landscape screens) and a fixture with long titles, landscape and portrait photos, posters, a
pioneer post and text cards, on 1080p, 4K and portrait screens. Photos go through the real
pipeline (gallery.photos), so the derivative widths and the blurred backdrops are the ones a
build makes. For every slide the player shows:

- every visible text box (a Range's line boxes, clipped by overflow) lies inside the 5%
  title-safe area on each edge;
- no photo is upscaled: displayed CSS px x devicePixelRatio <= the chosen file's width, unless
  that file is the original's full width;
- axe-core reports no violation of any impact, on the player and on the shell page;
- during a crossfade (sampled with the transitions paused mid-way) at most one caption shows.

Screenshots of every slide type at every resolution: test-artifacts/screens/layout/<site>/.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from screen_support import (
    TZ,
    beijing,
    idea,
    photo_bytes,
    player,
    serving,
    state,
    step,
    wait_slides,
)
from support import SETTINGS, approval

from gallery.mkdocs import glue
from gallery.photos import cache as photo_cache
from gallery.project import load_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "screens" / "layout"
TODAY = "2026-11-30"
MONDAY = beijing(2026, 11, 30, 10, 0)  # every demo and fixture screen is open
SAFE = 0.05  # the title-safe margin on each edge, as a share of the screen's width and height

LONG = "支行开展“服务口碑新变化”主题活动，大堂经理为行动不便的老年客户上门办理社保卡激活业务"
FIXTURE_SCREENS = """\
campaigns:
  - id: chuang-kou
    name: 窗口塑形象
    slogan: 服务重质量 业务讲技能 窗口塑形象
    start: 2026-09-01
    end: 2027-12-31
screens:
  - name: hall
    outlet: qianmen
    playlist:
      - section: moments
        duration: 8
      - section: pioneer-posts
        duration: 8
      - section: culture-wall
        duration: 8
      - slogan: 客户为尊，服务如意；员工为本，诚信如一
        duration: 8
  - name: hall-4k
    outlet: tianqiao
    resolution: 4k
    playlist:
      - section: moments
        duration: 8
      - section: pioneer-posts
        duration: 8
      - section: culture-wall
        duration: 8
  - name: tall
    outlet: qianmen
    orientation: portrait
    playlist:
      - section: moments
        duration: 8
      - section: pioneer-posts
        duration: 8
      - section: culture-wall
        duration: 8
      - slogan: 员工为本，诚信如一
        duration: 8
"""


def story(title: str, photo: str, section: str = "moments", kind: str = "") -> str:
    """Front matter of a public story with one photo and a long caption."""
    extra = f"kind: {kind}\ntags: [核心理念]\n" if kind else "outlet: qianmen\n"
    return f"""\
---
title: {title}
audience: public
{approval("public", "2024-05-01", "false" if kind else "true")}date: 2024-05-01
{extra}summary: {title}的摘要，写给大堂里的客户看
photos:
  - file: {photo}
    caption: 大堂经理耐心讲解防范电信网络诈骗的知识，客户连声称赞
    alt: {title}的照片
---

正文。
"""


def pioneer_post(member: str) -> str:
    """A pioneer post with a long pledge and motto."""
    return f"""\
---
member: {member}
post: 综合柜员
outlet: qianmen
audience: public
{approval("public", "2024-03-01", "false")}portrait: portrait.jpg
pledge: 首问负责，一次办好；急客户之所急，想客户之所想
motto: 把客户的事当自己的事
member_since: 2008
date: 2024-03-01
---

先锋岗。
"""


def fixture_files() -> dict[str, str | bytes]:
    return {
        "site_src/moments/2024-05-01-wide/index.md": story(LONG, "1.jpg"),
        "site_src/moments/2024-05-01-wide/1.jpg": photo_bytes((200, 60, 40), (2400, 1600)),
        "site_src/moments/2024-05-02-tall/index.md": story("竖拍的照片：老人在窗口办理业务", "1.jpg"),
        "site_src/moments/2024-05-02-tall/1.jpg": photo_bytes((40, 120, 90), (1200, 1800)),
        "site_src/pioneer-posts/2024-03-01-ouyang/index.md": pioneer_post("欧阳晓岚"),
        "site_src/pioneer-posts/2024-03-01-ouyang/portrait.jpg": photo_bytes((30, 60, 200),
                                                                              (1200, 1600)),
        "site_src/culture-wall/poster/index.md": story("员工服务规范", "poster.jpg",
                                                        "culture-wall", "rule"),
        "site_src/culture-wall/poster/poster.jpg": photo_bytes((180, 20, 30), (1500, 2100)),
        "site_src/culture-wall/idea/index.md": idea("客户为尊，服务如意；员工为本，诚信如一"),
    }


def build(root: Path, out: Path) -> tuple[Path, dict]:
    """The screens of the project at `root`, with real derivatives, written into `out`."""
    project = load_project(root)
    assert not project.errors, [str(p) for p in project.errors]
    derived, problems = glue.derive_photos(project, lambda _line: None)
    assert not problems, problems
    cache_dir = root / ".cache" / "photos"
    for d in derived.values():
        for url, file in photo_cache.cache_files(cache_dir, d):
            (out / url).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, out / url)
    glue.write_screens(project, out, derived)
    originals = {d.key: d.width for d in derived.values()}
    return out, {"screens": project.screens, "originals": originals}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Both sites, built once: {name: (site folder, facts)}."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CULTURE_TODAY", TODAY)
    try:
        fixture = tmp_path_factory.mktemp("fixture")
        from support import write_tree

        write_tree(fixture, {"culture.yml": SETTINGS + FIXTURE_SCREENS,
                             "site_src/index.md": "# 首页\n", **fixture_files()})
        built = {"fixture": build(fixture, tmp_path_factory.mktemp("fixture-site")),
                 "demo": build(REPO, tmp_path_factory.mktemp("demo-site"))}
    finally:
        mp.undo()
    return built


def open_screen(browser, port: int, name: str, size: tuple[int, int], reduced: bool = True):
    context = browser.new_context(timezone_id=TZ, viewport={"width": size[0], "height": size[1]},
                                   reduced_motion="reduce" if reduced else "no-preference")
    page = context.new_page()
    page.clock.install(time=MONDAY - dt.timedelta(seconds=5))
    page.clock.pause_at(MONDAY)
    page.goto(f"http://127.0.0.1:{port}/screen/{name}/")
    frame = player(page)
    wait_slides(frame, 1)
    return page, frame


# The player's JavaScript helpers for measuring: effective opacity, clipped line boxes.
MEASURE = """
window.__measure = (function () {
  function opacity(el) {
    var op = 1;
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden') { return 0; }
      op *= parseFloat(cs.opacity);
    }
    return op;
  }
  function clipped(el, r) {
    var box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    for (var e = el; e && e !== document.documentElement; e = e.parentElement) {
      var cs = getComputedStyle(e);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        var c = e.getBoundingClientRect();
        box.left = Math.max(box.left, c.left); box.top = Math.max(box.top, c.top);
        box.right = Math.min(box.right, c.right); box.bottom = Math.min(box.bottom, c.bottom);
      }
    }
    return box;
  }
  function texts() {
    var out = [];
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var el = node.parentElement;
      if (!node.data.trim() || el.closest('script, style') || opacity(el) < 0.05) { continue; }
      var range = document.createRange();
      range.selectNodeContents(node);
      var rects = range.getClientRects();
      for (var i = 0; i < rects.length; i++) {
        var b = clipped(el, rects[i]);
        if (b.right - b.left < 1 || b.bottom - b.top < 1) { continue; }
        b.text = node.data.slice(0, 24); b.where = el.className || el.id || el.tagName;
        out.push(b);
      }
    }
    return out;
  }
  function images() {
    return Array.prototype.filter.call(document.querySelectorAll('img'), function (img) {
      return img.currentSrc && !img.classList.contains('backdrop') && opacity(img) > 0.05;
    }).map(function (img) {
      var r = img.getBoundingClientRect();
      var fit = getComputedStyle(img).objectFit;
      var ratio = img.naturalWidth / img.naturalHeight;
      var w = r.width;
      if (fit === 'contain') { w = Math.min(r.width, r.height * ratio); }
      if (fit === 'cover') { w = Math.max(r.width, r.height * ratio); }
      return {src: img.currentSrc, shown: w * devicePixelRatio, natural: img.naturalWidth};
    });
  }
  function captions() {
    return Array.prototype.filter.call(document.querySelectorAll('.layer .card'), function (c) {
      return c.textContent.trim() && opacity(c) > 0.05;
    }).map(function (c) { return c.parentElement.getAttribute('data-item'); });
  }
  function kind() {
    var front = document.querySelector('.layer[style*="z-index: 2"]');
    var kind = front.className.match(/kind-(\\w+)/)[1];
    var fit = front.className.match(/fit-(\\w+)/);
    return fit ? kind + '-' + fit[1] : kind;
  }
  return {texts: texts, images: images, captions: captions, kind: kind};
}());
"""


def outside(texts: list[dict], width: int, height: int) -> list[str]:
    """Text boxes that reach into the outer 5% of the screen, one line each."""
    left, right, top, bottom = SAFE * width, (1 - SAFE) * width, SAFE * height, (1 - SAFE) * height
    return [f"{t['where']} «{t['text']}» {round(t['left'])},{round(t['top'])}-"
            f"{round(t['right'])},{round(t['bottom'])}"
            for t in texts if t["left"] < left - 0.5 or t["right"] > right + 0.5
            or t["top"] < top - 0.5 or t["bottom"] > bottom + 0.5]


def upscaled(images: list[dict], originals: dict[str, int]) -> list[str]:
    """Photos shown wider than their file, where a wider file could have been made."""
    bad = []
    for image in images:
        key = image["src"].rsplit("/", 1)[-1].split("-")[0]
        if image["shown"] > image["natural"] + 1 and image["natural"] < originals.get(key, 0):
            bad.append(f"{image['src']}: shown {image['shown']:.0f} px, file {image['natural']} px")
    return bad


def axe(page, frame) -> list[str]:
    """Every axe-core violation (any impact) on the shell page and the player inside it.

    axe waits on timers, which the fake clock holds: it is started, then the clock is run in
    small steps (a slide lasts seconds, so the slide stays) until its result is in."""
    frame.add_script_tag(path=str(AXE))
    page.add_script_tag(path=str(AXE))
    page.evaluate("window.__axe = undefined; axe.run(document, {resultTypes: ['violations']})"
                  ".then(r => { window.__axe = r; }, e => { window.__axe = {error: String(e)}; }); 0")
    for _ in range(200):
        page.clock.run_for(20)
        if page.evaluate("window.__axe !== undefined"):
            break
    result = page.evaluate("window.__axe")
    assert result and "error" not in result, result
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def items_of(frame) -> list[dict]:
    return frame.evaluate("fetch('playlist.json').then(r => r.json())")["items"]


def show_notice(site: Path, page, frame) -> None:
    notice = {"notice": {"title": "系统升级通知", "text": "因系统升级，今日 14:00 至 16:00 暂停办理"
                         "个人外汇业务，敬请谅解。如有急需，请咨询大堂经理。",
                         "start": None, "end": "2026-12-01T18:00", "screens": []}}
    (site / "screen/notice.json").write_text(json.dumps(notice, ensure_ascii=False), "utf-8")
    page.clock.run_for(3_600_000 // 60)  # one poll (every demo and fixture screen polls <= 60 s)
    frame.wait_for_function("window.__screen.state().notice")


def walk_screen(browser, site: Path, facts: dict, screen, label: str) -> dict[str, list[str]]:
    """Play one screen through every item once; measure each slide; screenshot each type."""
    size = screen.size
    folder = ARTIFACTS / label / f"{screen.name}-{size[0]}x{size[1]}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    found: dict[str, list[str]] = {"safe": [], "upscaled": [], "axe": []}
    with serving(site) as server:
        page, frame = open_screen(browser, server.port, screen.name, size)
        frame.evaluate(MEASURE)
        durations = {i["id"]: i.get("duration", 10) for i in items_of(frame)}
        seen: set[str] = set()
        for _ in range(len(durations) + 1):
            kind = frame.evaluate("__measure.kind()")
            current = state(frame)["current"]
            measure_slide(page, frame, facts, f"{screen.name} {size} {kind} {current}",
                          found, first=kind not in seen)
            if kind not in seen:
                seen.add(kind)
                page.screenshot(path=folder / f"{kind}.png")
            step(page, frame, durations.get(current, 30) * 1000)
        show_notice(site, page, frame)
        measure_slide(page, frame, facts, f"{screen.name} {size} notice", found, first=True)
        page.screenshot(path=folder / "notice.png")
        page.context.close()
    (site / "screen/notice.json").write_text('{"notice": null}', "utf-8")
    return found


def measure_slide(page, frame, facts, where: str, found: dict, first: bool) -> None:
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    found["safe"] += [f"{where}: {t}" for t in outside(frame.evaluate("__measure.texts()"),
                                                       width, height)]
    found["upscaled"] += [f"{where}: {u}" for u in upscaled(frame.evaluate("__measure.images()"),
                                                            facts["originals"])]
    if first and AXE.exists():
        found["axe"] += [f"{where}: {v}" for v in axe(page, frame)]


def test_the_demo_declares_the_screen_sizes_we_measure(sites):
    sizes = {s.size for s in sites["demo"][1]["screens"]}
    assert {(1920, 1080), (1080, 1920), (3840, 2160)} <= sizes


@pytest.mark.parametrize("label", ["fixture", "demo"])
def test_every_slide_fits_the_safe_area_shows_no_upscaled_photo_and_passes_axe(
        browser, sites, label):
    site, facts = sites[label]
    problems: dict[str, list[str]] = {"safe": [], "upscaled": [], "axe": []}
    for screen in facts["screens"]:
        for key, lines in walk_screen(browser, site, facts, screen, label).items():
            problems[key] += lines
    assert problems == {"safe": [], "upscaled": [], "axe": []}


# The crossfade's CSS transitions (the ticker's endless animation is not one of them).
FADES = "document.getAnimations().filter(a => a instanceof CSSTransition)"


def moved_on(page, frame, current: str) -> None:
    """Wait until the player shows a slide other than `current`. The next photo decodes in
    real time and the player may then wait on a timer, which runs only on fake time: nudge
    the clock 250 ms at a time while waiting (at most 10 s of fake time)."""
    from playwright.sync_api import TimeoutError as Timeout

    gone = f"window.__screen.state().current !== {json.dumps(current)}"
    for _ in range(40):
        try:
            frame.wait_for_function(gone, timeout=2000)
            return
        except Timeout:
            page.clock.run_for(250)
    frame.wait_for_function(gone, timeout=2000)


def test_captions_never_overlap_during_a_crossfade(browser, sites):
    site, _facts = sites["fixture"]
    with serving(site) as server:
        page, frame = open_screen(browser, server.port, "hall", (1920, 1080), reduced=False)
        frame.evaluate(MEASURE)
        durations = {i["id"]: i.get("duration", 10) for i in items_of(frame)}
        overlaps = []
        for _ in range(len(durations)):
            current = state(frame)["current"]
            page.clock.run_for(durations.get(current, 30) * 1000)
            moved_on(page, frame, current)
            frame.evaluate(f"{FADES}.forEach(a => a.pause())")
            for ms in (100, 200, 300, 400, 450, 500, 550, 600, 700, 800):
                frame.evaluate(f"{FADES}.forEach(a => {{ a.currentTime = {ms}; }})")
                shown = frame.evaluate("__measure.captions()")
                if len(shown) > 1:
                    overlaps.append(f"{current} → {state(frame)['current']} at {ms} ms: {shown}")
            frame.evaluate(f"{FADES}.forEach(a => a.finish())")
            frame.wait_for_function("!window.__screen.state().busy")
        page.context.close()
    assert overlaps == []


# A notice at the 500-character limit (gallery.screens.notice) with a 40-character title.
LONG_NOTICE_TEXT = ("因核心系统升级，本网点自今日起暂停办理个人外汇、跨境汇款和大额现金业务，"
                    "恢复时间另行通知。" * 14 + "如有急需，请咨询大堂经理，或前往天桥支行办理。")[:500]
LONG_NOTICE_TITLE = ("关于核心系统升级期间暂停办理部分个人业务的通知" * 2)[:40]
MIN_NOTICE_TEXT = 0.03  # share of the screen's short side: 32 px on a 1080p panel


@pytest.mark.parametrize(("name", "size"), [("hall", None), ("hall-4k", None), ("tall", None),
                                           ("hall", (1920, 400)), ("tall", (600, 1920))])
def test_a_notice_at_the_length_limit_stays_clear_of_the_bar_and_legible(
        browser, sites, name, size):
    """The declared screens, and two extreme shapes (type is sized by the short side)."""
    site, facts = sites["fixture"]
    screen = next(s for s in facts["screens"] if s.name == name)
    width, height = size or screen.size
    notice = {"notice": {"title": LONG_NOTICE_TITLE, "text": LONG_NOTICE_TEXT, "start": None,
                         "end": "2026-12-01T18:00", "screens": []}}
    assert len(LONG_NOTICE_TEXT) == 500 and len(LONG_NOTICE_TITLE) == 40
    folder = ARTIFACTS / "long-notice"
    folder.mkdir(parents=True, exist_ok=True)
    with serving(site) as server:
        page, frame = open_screen(browser, server.port, name, (width, height))
        frame.evaluate(MEASURE)
        (site / "screen/notice.json").write_text(json.dumps(notice, ensure_ascii=False), "utf-8")
        try:
            page.clock.run_for(60_000)
            frame.wait_for_function("window.__screen.state().notice")
            page.clock.run_for(2_000)
            boxes = frame.evaluate("""() => {
              const r = e => { const b = document.querySelector(e).getBoundingClientRect();
                               return {top: b.top, bottom: b.bottom}; };
              const text = document.querySelector('.notice-text');
              const range = document.createRange();
              range.selectNodeContents(text);
              const lines = Array.from(range.getClientRects()).map(b => b.bottom);
              return {box: r('.notice-box'), bar: r('#bar'), last: Math.max(...lines),
                      shown: text.textContent,
                      font: parseFloat(getComputedStyle(text).fontSize),
                      title: parseFloat(getComputedStyle(
                        document.querySelector('.notice-title')).fontSize)};
            }""")
            texts = [t for t in frame.evaluate("__measure.texts()")
                     if t["where"].startswith("notice")]
            page.screenshot(path=folder / f"{name}-{width}x{height}.png")
        finally:
            (site / "screen/notice.json").write_text('{"notice": null}', "utf-8")
            page.context.close()
    assert boxes["shown"] == LONG_NOTICE_TEXT
    assert boxes["box"]["bottom"] <= boxes["bar"]["top"] + 0.5, boxes  # the bar stays visible
    assert boxes["last"] <= boxes["bar"]["top"] + 0.5, boxes  # the text's last line too
    assert boxes["font"] >= MIN_NOTICE_TEXT * min(width, height) - 0.5, boxes
    assert boxes["title"] >= boxes["font"], boxes
    assert outside(texts, width, height) == []
