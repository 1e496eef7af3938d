"""Staff HTML in bodies and hand-written pages is cleaned after rendering (gallery/content/sanitise.py).

A body, an intro or the home page is the author's Markdown; raw HTML passes through Markdown, so
the rendered fragment is cleaned by nh3 with one allowlist, before our own markup is put around it
(figures keep their lightbox markup byte for byte) and before search and the lightbox read the
page. `culture check` names, at the line, what publishing removes (E240, a warning: `--strict`
fails on it, so check and publish agree). Payloads go into a story body, a section intro and the
home page; after a real build no element, handler or script link made of them is on any page or in
the search index, and in Chromium no dialog opens and no request leaves the host.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sanitise_site import (
    HEAD,
    ORDINARY,
    PAGES,
    PAYLOAD_LINES,
    STORY,
    dom,
    ordinary_project,
    payload_project,
    snapshot,
)
from selectolax.lexbor import LexborHTMLParser
from support import mkdocs_build, site_config
from test_body_images import run_check
from test_injection import injected, pages, provoke_every_page

from gallery.content import body, sanitise
from gallery.content.body_markdown import BodyMarkdown
from gallery.intranet import staff

GOLDEN = Path(__file__).parent / "data" / "ordinary-pages.json"
SHOWN = f"{STORY}/index.md"
E240 = "E240 这段 HTML 发布时会被移除：{} — 正文只能用 Markdown 和少量 HTML（见 docs/content-model.md“正文里的 HTML”）；删除它，或改用 Markdown 写"
# What no cleaned fragment may hold: elements that run, load, submit or redirect.
FORBIDDEN = ("script", "iframe", "object", "embed", "form", "input", "button:not(.culture-print)",
             "meta", "base",
             "svg", "math", "style", "noscript", "template", "frame", "link", "img:not(.off-glb)")


# The fragment: marked, cleaned, our figures kept --------------------------------------------

FIGURE = ('<figure class="culture-photo"><a class="glightbox" href="x.jpg" data-type="image" '
          'data-gallery="g" data-title="&lt;b&gt;" data-alt="a"><picture class="culture-picture">'
          '<img class="off-glb" src="x.jpg" style="background: #123"></picture></a></figure>')


def test_only_the_marked_fragment_is_cleaned_and_our_figures_stay_byte_for_byte():
    figure = staff.remember(FIGURE)
    ours = '<dl class="culture-facts" data-x="1"><dt>作者</dt></dl>'
    page = (f"{ours}{staff.START}<p onclick=alert(1) style='color:red'>甲 {figure} 乙</p>"
            f"<script>alert(1)</script>{staff.END}<div class=\"culture-photos\">{figure}</div>")
    assert staff.clean_page(page) == (f"{ours}<p>甲 {FIGURE} 乙</p><div class=\"culture-photos\">"
                                      f"{FIGURE}</div>")


def test_a_fragment_missing_a_marker_reaches_the_page_start_or_end():
    home = f"<h1 onclick=alert(1)>首页</h1>{staff.END}<div class=\"culture-cards\">卡片</div>"
    assert staff.clean_page(home) == '<h1>首页</h1><div class="culture-cards">卡片</div>'
    unclosed = f'<p class="culture-summary">摘要</p>{staff.START}<div>未闭合 <script>alert(1)'
    assert staff.clean_page(unclosed) == '<p class="culture-summary">摘要</p><div>未闭合 </div>'
    assert staff.clean_page("<b onclick=x>整页</b>", whole=True) == "<b>整页</b>"
    assert staff.mark("  \n") == "" and staff.mark("正文", top=True) == f"正文\n\n{staff.END}"


def test_a_look_alike_figure_is_cleaned_and_ours_is_put_back_only_as_text():
    staff.remember(FIGURE)
    fake = FIGURE.replace('data-title="&lt;b&gt;"', 'data-title="&lt;img src=x onerror=alert(1)&gt;"')
    cleaned = staff.clean_page(f"{staff.START}{fake}<p title='{FIGURE}'>t</p>{staff.END}")
    tree = LexborHTMLParser(cleaned)
    assert tree.css("[data-title], [class], [style]") == []
    assert tree.css_first("p").attributes["title"].startswith('"culture-figure ')


# The check tells exactly what cleaning removes ----------------------------------------------

def _structure(html: str) -> list[str]:
    """Elements, attributes and text of an HTML text as a browser parses it."""
    return dom(LexborHTMLParser(html).root)


@pytest.mark.parametrize("text", [*PAYLOAD_LINES, *ORDINARY.split("\n\n"),
                                  "<p>x</p><!-- 注释 -->", "<div markdown>\n**b**\n</div>",
                                  "{: #id .md-button }\n段落\n{: .md-button #anchor }",
                                  "[甲](&#106;avascript:x) [乙](java\tscript:x) <ftp://x.y/>",
                                  "9:00 [丙](../x/index.md) [丁][r]\n\n[r]: data:x"])
def test_the_check_tells_exactly_what_cleaning_removes(text):
    text = body.replace_images(text, lambda image: "")  # a body photo becomes our figure
    html = BodyMarkdown(marked=lambda text: True).convert(text)  # as the build renders it
    changed = _structure(sanitise.clean(html)) != _structure(html)
    assert bool(body.scan(text).removed) == changed, (html, sanitise.clean(html))


def test_the_check_names_what_publishing_removes_at_its_line(project):
    text = ("正文。\n\n<script>alert(1)</script>\n\n"
            '<p onclick="alert(1)" style="color: red" class="md-header">红字</p>\n\n'
            "[点我](javascript:alert(1)) 与 [工行](https://www.icbc.com.cn/)\n\n"
            '<iframe src="https://video.example.com/e/1"></iframe>\n')
    root = project({SHOWN: HEAD + text, "site_src/talk/index.md": "# 大家谈\n\n<embed src=x>\n"})
    result = run_check(root)
    assert result.output.splitlines() == [
        f"{SHOWN}:9: " + E240.format("<script>"),
        f"{SHOWN}:11: " + E240.format('onclick 属性、style 属性、class="md-header"'),
        f"{SHOWN}:13: " + E240.format('href="javascript:alert(1)"'),
        (f"{SHOWN}:15: E221 正文里的网页代码要从外部地址“https://video.example.com/e/1”加载内容，"
         "内网不能访问互联网，它无法显示 — 删除这段代码；图片请下载后放进故事目录，用 ![说明](文件名) 插入"),
        ("site_src/talk/index.md:3: E240 这段 HTML 发布时会被移除：<embed> — 正文只能用 Markdown 和少量 HTML"
         "（见 docs/content-model.md“正文里的 HTML”）；删除它，或改用 Markdown 写"),
        "检查完成：0 篇故事，1 个错误，4 个警告。",
    ]


def test_an_img_with_a_source_is_a_photo_and_must_exist(project):
    root = project({SHOWN: HEAD + "<img src=x onerror=alert(1)>\n"})
    assert run_check(root).output.splitlines()[0] == (
        f"{SHOWN}:7: E210 照片“x”不存在 — 把照片放进 2024-05-01-da-tang/ 目录")


# A real build with payloads in a body, an intro and the home page ----------------------------

@pytest.fixture(scope="module")
def ordinary(tmp_path_factory) -> Path:
    root = ordinary_project(tmp_path_factory.mktemp("ordinary"))
    run = mkdocs_build(root)
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site"


@pytest.mark.slow
def test_ordinary_bodies_and_pages_render_as_before(ordinary):
    golden = json.loads(GOLDEN.read_text("utf-8"))
    now = snapshot(ordinary)
    for page in PAGES:
        assert now["pages"][page] == golden["pages"][page], page
    assert now["search"] == golden["search"]


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """(site/, the strict build) of the payload project; the site is built without --strict,
    as `make serve` previews it (strict publishing refuses the warnings)."""
    root = payload_project(tmp_path_factory.mktemp("payloads"))
    strict = mkdocs_build(root)
    site_config(root)
    env = {**os.environ, "CULTURE_TODAY": "2026-11-29", "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env,
                         check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site", strict


@pytest.mark.slow
def test_strict_publishing_refuses_what_the_check_tells(poisoned):
    site, strict = poisoned
    checked = [line for line in run_check(site.parent).output.splitlines() if " E240 " in line]
    assert strict.returncode == 1
    told = [line.split("culture: ", 1)[1] for line in strict.stderr.splitlines() if " E240 " in line]
    assert sorted(told) == sorted(checked)
    assert {line.split(":")[0] for line in checked} == {
        SHOWN, "site_src/talk/index.md", "site_src/index.md"}


def _left(html: str) -> list[str]:
    """What a payload left on a page: test_injection's findings anywhere (handlers, script
    links, inline alert scripts), a redirect or base anywhere, and in the page's own content
    (the article) any element, style, theme id or theme class outside the policy."""
    tree = LexborHTMLParser(html)
    found = injected(html) + [f"<{n.tag}>" for n in tree.css("meta[http-equiv], base")]
    for node in tree.css("[href], [action], [formaction], [data]"):
        for name, value in node.attributes.items():
            if re.match(r"\s*(javascript|vbscript|data):", value or "", re.IGNORECASE):
                found.append(f"<{node.tag} {name}={value}>")
    article = tree.css_first("article")
    if article is not None:
        found += [f"<{n.tag}>" for n in article.css(", ".join(FORBIDDEN))]
        found += [f"<{n.tag} {n.attributes}>" for n in article.css("[style], [id^='__'], .md-header")
                  if not (n.tag == "img" and "off-glb" in (n.attributes.get("class") or ""))]
    return found


@pytest.mark.slow
def test_no_payload_survives_on_any_page(poisoned):
    site, _strict = poisoned
    for page in pages(site):
        assert _left(page.read_text("utf-8")) == [], page.relative_to(site)
    story = LexborHTMLParser((site / "talk/2024-05-01-da-tang/index.html").read_text("utf-8"))
    assert "实体编码" in story.css_first("article").text()  # the text of a removed link stays


@pytest.mark.slow
def test_the_search_index_holds_no_payload_markup(poisoned):
    site, _strict = poisoned
    index = json.loads((site / "search" / "culture_index.json").read_text("utf-8"))
    assert len(index["docs"]) > 5
    for location, title, _where, text, *_ in index["docs"]:
        page = LexborHTMLParser((site / location / "index.html").read_text("utf-8"))
        shown = "".join(page.body.text(separator=" ").split())
        # The index holds text (the search worker escapes it): anything in it that looks like
        # markup is text the page itself shows, never an element the cleaning removed.
        for value in (title, text):
            for piece in re.findall(r"<[^<>]{0,60}>?", value):
                assert "".join(piece.split()) in shown, (location, piece)
    story = next(d[3] for d in index["docs"] if d[0] == "talk/2024-05-01-da-tang/")
    words = "".join(story.split())
    assert "正文。" in words and "实体编码" in words  # the index read the cleaned body:
    assert "svg链接" not in words  # the text inside a removed <svg> went with it


@pytest.mark.slow
def test_body_photos_keep_their_lightbox_markup_among_payloads(poisoned):
    site, _strict = poisoned
    page = LexborHTMLParser((site / "talk/2024-05-01-da-tang/index.html").read_text("utf-8"))
    (figure,) = page.css("article figure.culture-photo")
    link = figure.css_first("a.glightbox")
    assert link.attributes["data-gallery"] == "2024-05-01-da-tang"
    assert link.attributes["data-alt"] == "柜台" and link.attributes["data-type"] == "image"
    img = figure.css_first("picture.culture-picture > img.off-glb")
    assert "onerror" not in img.attributes and img.attributes["style"]


@pytest.mark.browser
@pytest.mark.slow
def test_no_dialog_and_no_off_host_request_in_chromium(browser, poisoned):
    site, _strict = poisoned
    dialogs, off_host = provoke_every_page(browser, site)
    assert dialogs == [] and off_host == [], (dialogs, off_host)
