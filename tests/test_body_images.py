"""Photos in a story's Markdown body (`![alt](1.jpg "说明")`): found, checked, drawn as pictures."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from imaging import encode, quadrants
from PIL import Image
from selectolax.lexbor import LexborHTMLParser
from support import mkdocs_build

from gallery import paths
from gallery.cli import main
from gallery.content import body, model
from gallery.intranet import pages
from gallery.mkdocs import glue as mkdocs_glue
from gallery.photos import cache as photo_cache
from gallery.photos import markup, plan
from gallery.project import load_project

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
STORY = "site_src/talk/2024-05-01-da-tang"
SHOWN = f"{STORY}/index.md"
HEAD = """\
---
title: 大堂里的一天
author: 李华（前门支行）
date: 2024-05-01
summary: 一位大堂经理的一天
---
"""  # the body starts on line 7

BROKEN_BODY = """\
第一段。

![大堂经理在引导客户](1.jpg "大堂一角")
![](2.jpg)
![客户](3.jgp)
![别处](../2024-05-02-x/1.jpg)
![子目录](sub/x.jpg)
![网图](https://example.com/a.jpg)
![网图](//cdn.example.com/b.png)

```
![代码](y.jpg)
```
行内 `![代码](z.jpg)` 也是代码。
"""

FIX_OUTSIDE = "照片要和 index.md 放在同一目录，这里只写文件名，例如 1.jpg"
FIX_REMOTE = "把照片下载下来放进故事目录（和 index.md 放在一起），图片地址只写文件名，例如 1.jpg"
EXPECTED = [
    (f"{SHOWN}:10: E211 照片“2.jpg”缺少替代文字 alt — 在这张照片下加一行 alt: 描述照片内容"
    "（供读屏软件和照片无法显示时使用）"),
    f"{SHOWN}:11: E210 照片“3.jgp”不存在 — 是不是想写“3.jpg”？",
    f"{SHOWN}:12: E219 照片“../2024-05-02-x/1.jpg”不在故事目录里 — {FIX_OUTSIDE}",
    f"{SHOWN}:13: E219 照片“sub/x.jpg”不在故事目录里 — {FIX_OUTSIDE}",
    (f"{SHOWN}:14: E220 正文里的图片“https://example.com/a.jpg”是外部网址：内网不能访问互联网，"
    f"这张图片无法显示 — {FIX_REMOTE}"),
    (f"{SHOWN}:15: E220 正文里的图片“//cdn.example.com/b.png”是外部网址：内网不能访问互联网，"
    f"这张图片无法显示 — {FIX_REMOTE}"),
]


def run_check(root: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--root", str(root), *args])


def test_body_images_are_checked_at_their_body_line(project, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-29")
    root = project({SHOWN: HEAD + BROKEN_BODY, f"{STORY}/1.jpg": JPEG, f"{STORY}/2.jpg": JPEG,
                    f"{STORY}/3.jpg": JPEG, f"{STORY}/sub/x.jpg": JPEG})
    result = run_check(root)
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == EXPECTED  # nothing about y.jpg or z.jpg (code)
    assert result.output.splitlines()[-1] == "检查完成：0 篇故事，5 个错误，1 个警告。"


def test_a_missing_body_photo_in_an_empty_folder_says_where_photos_go(project):
    root = project({SHOWN: HEAD + "正文\n\n\n![大堂](lobby.jpg)\n"})
    assert run_check(root).output.splitlines()[0] == (
        f"{SHOWN}:10: E210 照片“lobby.jpg”不存在 — 把照片放进 2024-05-01-da-tang/ 目录")


def test_a_long_remote_address_is_shortened_in_the_message(project):
    url = "https://example.com/" + "a" * 80 + ".jpg"
    root = project({SHOWN: HEAD + f"![网图]({url})\n"})
    line = run_check(root).output.splitlines()[0]
    assert line.startswith(f"{SHOWN}:7: E220 正文里的图片“{url[:57]}…”是外部网址")


def test_body_photos_join_the_model_and_the_image_stage(project):
    files = {SHOWN: HEAD + '前言\n\n![大堂经理在引导客户](1.jpg "大堂一角")\n\n'
                    "![叫号机](IMG%202034.jpg)\n![大堂经理在引导客户](1.jpg)\n",
             f"{STORY}/1.jpg": JPEG, f"{STORY}/IMG 2034.jpg": JPEG}
    project_ = load_project(project(files))
    assert project_.problems == ()
    (story,) = project_.site.stories
    folder = project_.root / STORY
    assert story.body_photos == (
        model.Photo("1.jpg", folder / "1.jpg", caption="大堂一角", alt="大堂经理在引导客户"),
        model.Photo("IMG 2034.jpg", folder / "IMG 2034.jpg", alt="叫号机"),
        model.Photo("1.jpg", folder / "1.jpg", alt="大堂经理在引导客户"))
    assert [p.file for p in story.all_photos] == ["1.jpg", "IMG 2034.jpg"]
    assert story.photos == () and story.cover is None  # lobby screens use the cover: none here
    assert {p.source for p in plan.story_photos(project_.site)} == {
        folder / "1.jpg", folder / "IMG 2034.jpg"}


def spans(text: str) -> list[tuple[int, str, str, str]]:
    return [(i.line, i.alt, i.target, i.title) for i in body.find_images(text)]


def test_code_comments_and_escapes_hold_no_images():
    text = ("```\n![x](fenced.jpg)\n```\n"
            "~~~~ python\n![x](tilde.jpg)\n~~~~\n"
            "行内 `![x](span.jpg)` 与 ``a ` ![x](double.jpg)``\n"
            "<!-- ![x](comment.jpg) -->\n"
            "\\![x](escaped.jpg)\n\n"
            "    ![x](indented.jpg)\n")
    assert spans(text) == []


def test_images_in_lists_notes_quotes_and_paragraphs_are_found():
    text = ("第一行\n    ![续行](a.jpg)\n\n"
            "- 列表\n\n    ![列表里](b.jpg)\n\n"
            "!!! note \"提示\"\n\n    ![提示里](c.jpg)\n\n"
            "> ![引用](<d e.jpg> '说明'){ width=300 }\n"
            "文字 ![x\\]y](f.jpg   \"标题\" ) 文字\n")
    assert spans(text) == [(1, "续行", "a.jpg", ""), (5, "列表里", "b.jpg", ""),
                           (9, "提示里", "c.jpg", ""), (11, "引用", "d e.jpg", "说明"),
                           (12, "x]y", "f.jpg", "标题")]


@pytest.mark.parametrize(("target", "kind"), [
    ("1.jpg", body.LOCAL), ("IMG 2034.JPG", body.LOCAL), ("https://a.cn/1.jpg", body.REMOTE),
    ("HTTP://a.cn/1.jpg", body.REMOTE), ("//a.cn/1.jpg", body.REMOTE), ("../1.jpg", body.OUTSIDE),
    ("./1.jpg", body.OUTSIDE), ("sub/1.jpg", body.OUTSIDE), ("/1.jpg", body.OUTSIDE),
    ("C:\\照片\\1.jpg", body.OUTSIDE), ("file:///C:/1.jpg", body.OUTSIDE),
    ("data:image/png;base64,AAAA", body.OUTSIDE), (".hidden.jpg", body.OUTSIDE)])
def test_targets_are_local_remote_or_outside(target, kind):
    assert body.kind(target) == kind


SOURCE = Path("/p/site_src/talk/2024-05-01-da-tang/1.jpg")


def derived() -> photo_cache.Derived:
    key = "cd" + "0" * 18
    variants = tuple(photo_cache.Variant(w, w * 3 // 4, fmt, paths.photo_url(key, w, fmt))
                     for w in (480, 960) for fmt in ("jpeg", "webp"))
    return photo_cache.Derived(key, 960, 720, variants, "#336699", "data:image/webp;base64,AAAA", True)


def test_the_story_page_draws_body_images_as_escaped_pictures():
    text = ("前言\n\n![客户说\"您好\" <b>谢谢</b>](1.jpg '他说\"好\" <i>斜</i>')\n\n"
            "```\n![代码](1.jpg)\n```\n")
    photo = model.Photo("1.jpg", SOURCE, caption='他说"好" <i>斜</i>',
                        alt='客户说"您好" <b>谢谢</b>')
    story = model.TalkArticle(section="talk", slug="2024-05-01-da-tang",
                              source=SOURCE.parent / "index.md", title="大堂", author="李华",
                              summary="摘要", body=text, body_photos=(photo,))
    site = model.Site((story,), today=dt.date(2026, 11, 29))
    markdown = pages.render_story(story, site, markup.photo_html({SOURCE: derived()}))
    assert "```\n![代码](1.jpg)\n```" in markdown  # code is left alone
    assert "](1.jpg '" not in markdown
    html = mkdocs_glue.resolve_root(markdown, "talk/2024-05-01-da-tang/")
    tree = LexborHTMLParser(html)
    (figure,) = tree.css("figure.culture-photo")
    assert figure.css_first("figcaption").text() == '他说"好" <i>斜</i>'
    img = figure.css_first("a.glightbox > picture > img")
    assert img.attributes["alt"] == '客户说"您好" <b>谢谢</b>'
    assert img.attributes["src"] == f"../../photos/cd/{'cd' + '0' * 18}-960.jpg"
    assert tree.css("b, i") == []  # the author's alt and title stay text
    link = figure.css_first("a.glightbox")
    assert link.attributes["data-gallery"] == "2024-05-01-da-tang"


BUILD_STORY = "site_src/talk/2024-05-01-da-tang"
MORNING = "site_src/morning/2026-11-25-shou-wen"


def test_build_with_a_body_image_publishes_derivatives_only(project):
    original = encode(quadrants(640, 480), "JPEG")
    root = project({
        f"{BUILD_STORY}/index.md": HEAD + "大堂经理主动上前。\n\n"
                                          '![大堂经理在引导客户](lobby-photo.jpg "大堂一角")\n\n'
                                          "写法示例：\n\n```\n![说明](missing.jpg)\n```\n",
        f"{BUILD_STORY}/lobby-photo.jpg": original,
        f"{MORNING}/index.md": "---\ntitle: 首问负责制\nkind: rule\ndate: 2026-11-25\n---\n"
                               "要点如下。\n\n![晨会现场](meeting-photo.jpg)\n",
        f"{MORNING}/meeting-photo.jpg": encode(quadrants(300, 200), "JPEG"),
    }, settings=SETTINGS_SMALL)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    page_path = "site/talk/2024-05-01-da-tang/index.html"
    tree = LexborHTMLParser((root / page_path).read_text("utf-8"))
    article = tree.css_first("article")
    (figure,) = article.css("figure.culture-photo")
    assert figure.css_first("figcaption").text() == "大堂一角"
    assert len(article.css("a.glightbox")) == 1  # not wrapped a second time by the plugin
    img = figure.css_first("picture > img")
    assert img.attributes["alt"] == "大堂经理在引导客户"
    urls = [img.attributes["src"], figure.css_first("a.glightbox").attributes["href"]]
    urls += [c.split(" ")[0] for n in figure.css("source, img")
             for c in n.attributes["srcset"].split(", ")]
    for url in urls:
        assert url.startswith("../../photos/"), url
        shown = Image.open((root / page_path).parent / url)
        assert shown.size in ((160, 120), (320, 240))
    assert article.css_first("pre code").text() == "![说明](missing.jpg)\n"
    morning = LexborHTMLParser((root / "site/morning/index.html").read_text("utf-8"))
    meeting = morning.css_first(".culture-morning-item figure.culture-photo picture > img")
    assert meeting.attributes["alt"] == "晨会现场"
    assert ((root / "site/morning/index.html").parent / meeting.attributes["src"]).is_file()
    digests = {hashlib.sha256(original).hexdigest(),
               hashlib.sha256((root / MORNING / "meeting-photo.jpg").read_bytes()).hexdigest()}
    for file in (root / "site").rglob("*"):
        if file.is_file():
            assert file.name not in ("lobby-photo.jpg", "meeting-photo.jpg"), file
            assert hashlib.sha256(file.read_bytes()).hexdigest() not in digests, file
            if file.suffix == ".html":
                assert "lobby-photo" not in file.read_text("utf-8"), file


SETTINGS_SMALL = """\
name: 中国工商银行北京珠市口支行
short_name: 珠市口支行
outlets:
  - id: qianmen
    name: 前门支行
complaint_channels:
  - name: 客户服务热线
    phone: "95588"
images:
  widths: [160, 320]
"""


FIX_HTML = "删除这段代码；图片请下载后放进故事目录，用 ![说明](文件名) 插入"


def test_raw_html_that_loads_from_another_host_is_refused(project):
    html_body = """\
        <img src="https://example.com/x.png" alt="外链">

        <p style="background: url('//cdn.example.com/bg.jpg')">背景</p>
        <a href="https://www.icbc.com.cn/">链接可以点，不会自动加载</a>
        <picture><source srcset="1.jpg 1x, https://cdn.example.com/2x.jpg 2x"></picture>

        ```
        <script src="https://example.com/in-code.js"></script>
        ```
        """
    import textwrap

    root = project({SHOWN: HEAD + textwrap.dedent(html_body)})
    lines = run_check(root).output.splitlines()[:-1]
    message = "正文里的网页代码要从外部地址“{}”加载内容，内网不能访问互联网，它无法显示 — " + FIX_HTML
    assert lines == [
        f"{SHOWN}:7: E221 " + message.format("https://example.com/x.png"),
        f"{SHOWN}:9: E221 " + message.format("//cdn.example.com/bg.jpg"),
        f"{SHOWN}:11: E221 " + message.format("https://cdn.example.com/2x.jpg"),
    ]


def test_a_caption_that_is_a_list_is_a_wrong_type(project):
    head = HEAD.replace("summary: 一位大堂经理的一天\n",
                        "summary: 一位大堂经理的一天\nphotos:\n  - file: 1.jpg\n    alt: 大堂\n"
                        "    caption: [甲, 乙]\n  - ~\n")
    root = project({SHOWN: head + "正文\n", f"{STORY}/1.jpg": JPEG})
    assert run_check(root).output.splitlines()[:-1] == [
        f"{SHOWN}:9: E203 字段“caption”应为文字，现在是一个列表 — 例如 caption: 大堂经理在引导客户",
        (f"{SHOWN}:10: E203 字段“photos”应为列表，现在是空值 — 例如 photos: "
        "[{file: 1.jpg, caption: 说明, alt: 描述}]"),
    ]
