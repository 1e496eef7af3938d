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

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "linebreak"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
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
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


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
