"""Chinese line breaks as Chromium renders them: on the intranet (1366×768, 390×844@3x, and
boxes narrowed until everything wraps) and on every lobby screen (1080p, 4K, portrait), every
line of a title, slogan, summary, caption and notice breaks between the build's units, never
inside one of the issue's golden phrases, and never starts with closing punctuation. Measured
per character with a DOM Range (tests/linebreak_support.py). Screenshots:
test-artifacts/linebreak/.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from intranet_site import REPO, TODAY, build, make_site
from linebreak_support import GOLDEN, measure, problems

from gallery import templating
from gallery.content import words
from gallery.screens.notice import Notice

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = REPO / "test-artifacts" / "linebreak"
VIEWPORTS = {"desktop": ({"width": 1366, "height": 768}, 1),
             "phone": ({"width": 390, "height": 844}, 3)}
# Long titles, slogans and captions with the golden phrases inside long runs, where jieba (not
# the short-phrase rule) decides; one title of letters only, with no break point at all.
LONG_TITLE = "全行上下落实首问负责制做到客户为尊服务如意员工为本诚信如一窗口塑形象业务讲技能赢得客户信赖"
LATIN_TITLE = "ZHUSHIKOUBRANCHSERVICECULTUREEXHIBITIONWITHOUTANYBREAKPOINTATALLFORTESTING"
EXTRA = {
    "culture-wall/kou-hao/index.md": """\
        ---
        title: 服务重质量 业务讲技能 窗口塑形象
        kind: idea
        order: 2
        summary: 系统升级期间暂停办理个人外汇业务，给您带来不便敬请谅解。
        ---
        标语。
        """,
    "moments/2024-05-04-chang-biao-ti/index.md": f"""\
        ---
        title: {LONG_TITLE}
        date: 2024-05-04
        outlet: qianmen
        summary: 大堂经理坚持首问负责制，耐心为前来办理外汇业务的老年客户讲解，客户说：「服务如意！」
        photos:
          - {{file: 1.jpg, caption: "窗口塑形象：柜员微笑服务，业务讲技能，今日暂停办理个人外汇业务敬请谅解（试行）", alt: 柜员微笑服务}}
        ---
        长标题的故事。
        """,
    "moments/2024-05-05-latin/index.md": f"""\
        ---
        title: {LATIN_TITLE}
        date: 2024-05-05
        outlet: tianqiao
        ---
        没有断点的标题。
        """,
    "talk/chang-wen/index.md": """\
        ---
        title: 从首问负责制谈起：窗口塑形象，业务讲技能，服务如意在细节
        author: 欧阳晓岚（前门支行）
        date: 2024-04-22
        summary: 员工为本诚信如一是我们每个人对客户的承诺也是全行服务文化的根本所在
        ---
        正文。
        """,
}
PAGES = ("", "culture-wall/", "culture-wall/kou-hao/", "moments/", "moments/2024-05-04-chang-biao-ti/",
         "moments/2024-05-05-latin/", "talk/", "talk/chang-wen/", "pioneer-posts/",
         "campaigns/kou-bei/")
# Widths (in em of the text's own size) the text boxes are narrowed to, so that every title,
# slogan and caption wraps many times.
NARROW = ("6.5em", "9.5em")


def jpeg_site(root: Path) -> Path:
    """The intranet fixture with the long and golden texts, built for real."""
    from intranet_site import jpeg

    make_site(root, extra=EXTRA)
    (root / "site_src/moments/2024-05-04-chang-biao-ti/1.jpg").write_bytes(jpeg((120, 30, 30)))
    return root


@pytest.fixture(scope="module")
def intranet(tmp_path_factory):
    """The built fixture site served on 127.0.0.1 under /culture/."""
    from screen_support import serving

    www = tmp_path_factory.mktemp("www")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CULTURE_TODAY", TODAY)
        built = build(jpeg_site(tmp_path_factory.mktemp("site")))
    shutil.move(str(built), www / "culture")
    with serving(www) as server:
        yield f"http://127.0.0.1:{server.port}/culture/"


def check_all(page, where: str) -> tuple[list[str], int, set[str]]:
    """Problems of every line-broken element on the page, how many breaks were seen, and the
    texts measured."""
    found, breaks, texts = [], 0, set()
    for handle in page.query_selector_all(".culture-nobreak"):
        lines = measure(handle)
        if not lines.visible:
            continue
        texts.add(lines.text)
        found += problems(lines, f"{where} «{lines.text[:16]}»")
        breaks += len(lines.breaks)
    return found, breaks, texts


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_intranet_lines_break_between_words_only(browser, intranet, viewport):
    size, scale = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, device_scale_factor=scale)
    page = context.new_page()
    out = ARTIFACTS / "intranet"
    out.mkdir(parents=True, exist_ok=True)
    found, breaks, texts = [], 0, set()
    for url in PAGES:
        page.goto(intranet + url)
        page.evaluate("document.fonts.ready")
        name = (url.strip("/").replace("/", "-") or "home") + f"-{viewport}"
        page.screenshot(path=out / f"{name}.png", full_page=scale == 1)
        more, seen, measured = check_all(page, f"{url or 'home'} {viewport}")
        found, breaks, texts = found + more, breaks + seen, texts | measured
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), url
        for width in NARROW:  # every text box narrowed: many more breaks, same rules
            page.evaluate("""w => document.querySelectorAll('.culture-nobreak').forEach(e => {
                let b = e; while (getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
                b.style.boxSizing = 'content-box'; b.style.maxWidth = w; })""", width)
            more, seen, _ = check_all(page, f"{url or 'home'} {viewport} {width}")
            found, breaks = found + more, breaks + seen
        page.screenshot(path=out / f"{name}-narrow.png", full_page=scale == 1)
    context.close()
    assert found == []
    # The measure saw what it is meant to: the long texts, and real wrapping.
    for text in (LONG_TITLE, LATIN_TITLE, "服务重质量 业务讲技能 窗口塑形象", "服务口碑新变化 喜迎盛会"):
        assert text in texts, text
    assert any(t.startswith("窗口塑形象：柜员") for t in texts)  # a photo caption
    assert breaks > 200, breaks


def test_the_units_on_the_page_are_the_builds_segmentation(browser, intranet):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(intranet + "moments/2024-05-04-chang-biao-ti/")
    title = measure(page.query_selector("h1 .culture-nobreak"))
    assert title.units == words.segmenter(["欧阳晓岚", "前门支行", "天桥支行", "李华"])(LONG_TITLE)
    for phrase in GOLDEN:
        if phrase in LONG_TITLE:
            assert any(phrase in unit for unit in title.units), phrase
    page.close()


def test_the_campaign_banner_slogan_breaks_between_words_only(browser, intranet):
    """The banner on every page (overrides/main.html) carries the build's units like every other
    big title; narrowed until it wraps, no line breaks inside a word."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=3)
    found = []
    for url in ("", "moments/", "campaigns/kou-bei/"):
        page.goto(intranet + url)
        page.evaluate("document.fonts.ready")
        handle = page.query_selector(".culture-banner-slogan .culture-nobreak")
        assert handle is not None, url
        slogan = measure(handle)
        assert slogan.text == "服务口碑新变化 喜迎盛会"
        assert slogan.units == words.segmenter(["欧阳晓岚", "前门支行", "天桥支行", "李华"])(
            slogan.text)
        page.evaluate("""() => { const b = document.querySelector('.culture-banner-slogan');
            b.style.display = 'inline-block'; b.style.maxWidth = '8.5em'; }""")
        narrowed = measure(handle)
        assert len(narrowed.breaks) >= 1, url  # it wraps
        found += problems(narrowed, f"banner {url or 'home'}")
        page.screenshot(path=ARTIFACTS / "intranet" / f"banner-{url.strip('/') or 'home'}.png")
    page.close()
    assert found == []


HOSTILE = {"han-run": "业" * 2000, "letters": "W" * 2000,
           "markup": "<img src=x onerror=alert(1)>" + "【" * 300 + "服务如意" + "》" * 300}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_2000_character_title_without_break_points_still_wraps(browser, intranet, viewport):
    size, scale = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, device_scale_factor=scale)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(intranet + "moments/2024-05-05-latin/")
    for name, text in HOSTILE.items():
        units = [text] if name != "markup" else words.segment(text)
        markup = str(templating.breakable(units))
        page.evaluate("html => { document.querySelector('h1').innerHTML = html; }", markup)
        lines = measure(page.query_selector("h1 .culture-nobreak"))
        page.screenshot(path=ARTIFACTS / "intranet" / f"hostile-{name}-{viewport}.png")
        assert lines.text == text
        assert len(lines.starts) > 3, name
        assert lines.overflow == 0, name
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), name
        assert page.evaluate("document.querySelectorAll('h1 img').length") == 0
    assert dialogs == []
    context.close()


def test_the_measure_catches_breaks_inside_words_without_keep_all(browser, intranet):
    """The same page with the browser's own breaking (keep-all and <wbr> ignored) fails the
    checks above: they measure something."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(intranet + "culture-wall/kou-hao/")
    page.add_style_tag(content=".culture-nobreak { word-break: normal !important; }")
    page.evaluate("document.querySelectorAll('.culture-nobreak').forEach(e => {"
                  "let b = e; while (getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;"
                  "b.style.boxSizing = 'content-box'; b.style.maxWidth = '6.5em'; })")
    found, _, _ = check_all(page, "no keep-all")
    page.close()
    assert any("break inside a word" in p for p in found), found
    assert any(" split: " in p for p in found), found


# ---- the lobby screens -------------------------------------------------------------------

SCREEN_SLOGANS = ("客户为尊，服务如意；员工为本，诚信如一",
                  "二线服务一线、全行服务客户，落实首问负责制，窗口塑形象，业务讲技能，敬请监督")
SCREEN_TITLE = "大堂经理落实首问负责制耐心为老年客户办理外汇业务做到客户为尊服务如意员工为本诚信如一"
SCREEN_CAPTION = "窗口塑形象：柜员微笑服务，业务讲技能，今日暂停办理个人外汇业务敬请谅解（试行）"
NOTICE_TEXT = ("因系统升级，本网点今日暂停办理个人外汇业务，给您带来不便敬请谅解；"
               "如需办理请前往天桥支行或拨打客户服务热线，我们将落实首问负责制为您服务（试行）。")
SCREENS = {"hd": ("landscape", "1080p", (1920, 1080)), "uhd": ("landscape", "4k", (3840, 2160)),
           "tall": ("portrait", "1080p", (1080, 1920))}
FRONT = '.layer[style*="z-index: 2"]'
NARROW_CARD = f"""op => document.querySelector('{FRONT} .card').classList[op]('narrow-test')
  || document.head.querySelector('#narrow-test') || document.head.insertAdjacentHTML('beforeend',
  '<style id="narrow-test">.narrow-test > * {{ max-width: 42vmin; }}</style>')"""


def screen_settings() -> str:
    from support import SETTINGS

    lines = ["screens:"]
    for name, (orientation, resolution, _) in SCREENS.items():
        lines += [f"  - name: {name}", "    outlet: qianmen", f"    orientation: {orientation}",
                  f"    resolution: {resolution}", "    playlist:"]
        lines += [f"      - slogan: {s}\n        duration: 5" for s in SCREEN_SLOGANS]
        lines += ["      - section: moments\n        duration: 5",
                  "      - section: pioneer-posts\n        duration: 5",
                  "      - section: culture-wall\n        duration: 5"]
    return SETTINGS + "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    """A built screen site with long slogans, titles, captions and a pledge."""
    from screen_support import build_screen_site, idea, moment, photo_bytes, pioneer
    from support import write_tree

    root = tmp_path_factory.mktemp("screens")
    write_tree(root, {
        "culture.yml": screen_settings(), "site_src/index.md": "# 首页\n",
        "site_src/moments/2024-05-01-a/index.md": moment(SCREEN_TITLE, caption=SCREEN_CAPTION),
        "site_src/moments/2024-05-01-a/1.jpg": photo_bytes((200, 40, 30)),
        "site_src/pioneer-posts/2024-03-01-zhang/index.md": pioneer("欧阳晓岚"),
        "site_src/pioneer-posts/2024-03-01-zhang/portrait.jpg": photo_bytes((30, 60, 200), (600, 800)),
        "site_src/culture-wall/2024-01-01-idea/index.md": idea("员工为本诚信如一是全行服务文化的根本所在"),
    })
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CULTURE_TODAY", "2026-11-30")
        return build_screen_site(root, root / "site")


def open_player(browser, server, name: str):
    """A screen at its own resolution, with a fake clock (slides advance only when told)."""
    from screen_support import TZ, beijing, player, wait_slides

    width, height = SCREENS[name][2]
    context = browser.new_context(timezone_id=TZ, viewport={"width": width, "height": height},
                                  reduced_motion="reduce")
    page = context.new_page()
    when = beijing(2026, 11, 30, 10, 0)
    page.clock.install(time=when - dt.timedelta(seconds=5))
    page.clock.pause_at(when)
    page.goto(f"http://127.0.0.1:{server.port}/screen/{name}/")
    frame = player(page)
    wait_slides(frame, 1)
    frame.evaluate("document.fonts.ready")
    return page, frame


def check_slide(frame, where: str) -> tuple[list[str], int, dict]:
    """Problems of the front slide's big texts, its breaks, and what the playlist said."""
    found, breaks = [], 0
    item_id = frame.evaluate(f"document.querySelector('{FRONT}').getAttribute('data-item')")
    items = frame.evaluate("fetch('playlist.json').then(r => r.json())")["items"]
    item = next(i for i in items if i["id"] == item_id)
    for part in ("title", "text", "motto"):
        handle = frame.query_selector(f"{FRONT} .{part}")
        lines = measure(handle)
        if not lines.visible:
            continue
        if part in item["words"] and part != "motto" and not (part == "text" and
                                                            item["kind"] == "pioneer"):
            assert lines.units == item["words"][part], (where, part)
        found += problems(lines, f"{where} {item['kind']}.{part}")
        breaks += len(lines.breaks)
    return found, breaks, item


@pytest.mark.parametrize("name", SCREENS)
def test_screen_lines_break_between_words_only(browser, screens, name):
    from screen_support import serving, step

    out = ARTIFACTS / "screens"
    out.mkdir(parents=True, exist_ok=True)
    found, breaks, kinds = [], 0, set()
    with serving(screens) as server:
        page, frame = open_player(browser, server, name)
        for index in range(6):
            more, seen, item = check_slide(frame, name)
            found, breaks = found + more, breaks + seen
            kinds.add(item["kind"])
            page.screenshot(path=out / f"{name}-{index + 1}-{item['kind']}.png")
            frame.evaluate(NARROW_CARD, "add")  # the card narrowed: many more breaks
            more, seen, _ = check_slide(frame, f"{name} narrow")
            found, breaks = found + more, breaks + seen
            page.screenshot(path=out / f"{name}-{index + 1}-{item['kind']}-narrow.png")
            frame.evaluate(NARROW_CARD, "remove")
            step(page, frame, item["duration"] * 1000)
        notice = Notice(text=NOTICE_TEXT, title="系统升级期间暂停办理外汇业务的通知",
                        end=dt.datetime(2026, 12, 1, 18))
        (screens / "screen/notice.json").write_text(
            json.dumps({"notice": notice.to_json()}, ensure_ascii=False), "utf-8")
        page.clock.run_for(61000)
        frame.wait_for_function("window.__screen.state().notice")
        for part in ("notice-title", "notice-text"):
            lines = measure(frame.query_selector(f".{part}"))
            assert "".join(lines.units) == (NOTICE_TEXT if part == "notice-text" else notice.title)
            found += problems(lines, f"{name} {part}")
            breaks += len(lines.breaks)
        page.screenshot(path=out / f"{name}-notice.png")
        frame.evaluate("document.querySelector('.notice-box').style.maxWidth = '30%'")
        for part in ("notice-title", "notice-text"):
            lines = measure(frame.query_selector(f".{part}"))
            found += problems(lines, f"{name} narrow {part}")
            breaks += len(lines.breaks)
        page.screenshot(path=out / f"{name}-notice-narrow.png")
        page.context.close()
    assert found == []
    assert kinds == {"slogan", "photo", "pioneer", "text"}
    assert breaks >= 40, breaks


def test_screen_text_is_never_markup_and_a_2000_character_title_wraps(browser, screens):
    from screen_support import serving

    hostile = "<img src=x onerror=alert(1)>" + "W" * 2000
    with serving(screens) as server:
        page, frame = open_player(browser, server, "tall")
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        notice = {"notice": {"title": "<b>通知</b>", "text": hostile, "start": None,
                             "end": "2026-12-01T18:00", "screens": [],
                             "words": {"title": ["<b>", "通知", "</b>"], "text": [hostile]}}}
        (screens / "screen/notice.json").write_text(json.dumps(notice), "utf-8")
        page.clock.run_for(61000)
        frame.wait_for_function("window.__screen.state().notice")
        assert frame.evaluate("document.querySelectorAll('#notice img, #notice b').length") == 0
        assert frame.inner_text(".notice-title") == "<b>通知</b>"
        lines = measure(frame.query_selector(".notice-text"))
        assert lines.text == hostile and len(lines.starts) > 10 and lines.overflow == 0
        page.screenshot(path=ARTIFACTS / "screens" / "tall-hostile-notice.png")
        assert dialogs == []
        page.context.close()
    (screens / "screen/notice.json").write_text('{"notice": null}', "utf-8")
