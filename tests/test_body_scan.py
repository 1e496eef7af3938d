"""Story bodies are read on the parsed document: the build's Markdown and an HTML parser.

Each of the three holes of the old regex scanner has a test that runs `culture check` and a
real `mkdocs build --strict` of the same project: a reference-style image, a raw
`<img src="1.jpg">`, and an off-site `<img>` whose attribute holds a `>`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from imaging import encode, quadrants
from markdown import util
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser
from support import REPO, mkdocs_build
from test_body_images import FIX_HTML, HEAD, JPEG, SETTINGS_SMALL, SHOWN, STORY, run_check

from gallery.content import body, body_markdown, model
from gallery.intranet import pages
from gallery.project import load_project

PAGE = "site/talk/2024-05-01-da-tang/index.html"
E221 = "E221 正文里的网页代码要从外部地址“{}”加载内容，内网不能访问互联网，它无法显示 — " + FIX_HTML
CLEAN = "检查完成：1 篇故事，0 个错误，0 个警告。"


def test_bodies_are_parsed_with_the_markdown_extensions_of_mkdocs_yml(monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config.markdown_extensions == list(body_markdown.EXTENSIONS)
    assert config.mdx_configs == body_markdown.EXTENSION_CONFIGS
    by_name = {point.name: point.load() for point in util.get_installed_extensions()}
    assert [type(e) for e in body_markdown.extensions()] == [
        by_name[name] for name in body_markdown.EXTENSIONS]  # what MkDocs' names resolve to


def photo_project(project, text: str) -> Path:
    """A project whose one story has `text` as body and lobby-photo.jpg beside it."""
    return project({SHOWN: HEAD + text,
                    f"{STORY}/lobby-photo.jpg": encode(quadrants(640, 480), "JPEG")},
                   settings=SETTINGS_SMALL)


def built_figure(root: Path):
    """The one photo figure of the built story page, after checking no original is published."""
    assert not any(f.name == "lobby-photo.jpg" for f in (root / "site").rglob("*"))
    article = LexborHTMLParser((root / PAGE).read_text("utf-8")).css_first("article")
    assert "lobby-photo" not in article.html
    (figure,) = article.css("figure.culture-photo")
    img = figure.css_first("a.glightbox > picture > img")
    assert img.attributes["src"].startswith("../../photos/")
    assert ((root / PAGE).parent / img.attributes["src"]).is_file()
    return figure


# Hole 1: `![a][p1]` passed the check, then `mkdocs build --strict` stopped in English.
REFERENCE_BODY = """\
前言。

![大堂经理在引导客户][lobby]

正文。

[lobby]: lobby-photo.jpg "大堂一角"
"""


def test_a_reference_style_image_is_a_body_photo_and_builds(project):
    root = photo_project(project, REFERENCE_BODY)
    assert run_check(root).output.splitlines() == [CLEAN]
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    figure = built_figure(root)
    assert figure.css_first("img").attributes["alt"] == "大堂经理在引导客户"
    assert figure.css_first("figcaption").text() == "大堂一角"


def test_a_reference_style_image_is_checked_at_its_own_line(project):
    root = project({SHOWN: HEAD + "![大堂][p1]\n\n![][p2]\n\n![p3]\n\n[p1]: 3.jgp\n[p2]: 3.jpg\n"
                                  "[p3]: https://example.com/a.jpg\n", f"{STORY}/3.jpg": JPEG})
    assert run_check(root).output.splitlines()[:-1] == [
        f"{SHOWN}:7: E210 照片“3.jgp”不存在 — 是不是想写“3.jpg”？",
        (f"{SHOWN}:9: E211 照片“3.jpg”缺少替代文字 alt — 在这张照片下加一行 alt: 描述照片内容"
         "（供读屏软件和照片无法显示时使用）"),
        (f"{SHOWN}:11: E220 正文里的图片“https://example.com/a.jpg”是外部网址：内网不能访问互联网，"
         "这张图片无法显示 — 把照片下载下来放进故事目录（和 index.md 放在一起），图片地址只写文件名，"
         "例如 1.jpg"),
    ]


# Hole 2: a raw `<img src="1.jpg">` passed, and showed as a broken image (the original is
# never published). It is a body photo like `![alt](1.jpg "title")`, drawn from derivatives.
RAW_BODY = """\
前言。

<div class="note">
  <img src="lobby-photo.jpg" alt="大堂经理在引导客户" title="大堂一角" width="300">
</div>
"""


def test_a_raw_img_of_the_story_folder_is_a_body_photo_and_builds(project):
    root = photo_project(project, RAW_BODY)
    assert run_check(root).output.splitlines() == [CLEAN]
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    figure = built_figure(root)
    assert figure.css_first("img").attributes["alt"] == "大堂经理在引导客户"
    assert figure.css_first("figcaption").text() == "大堂一角"
    assert figure.parent.tag == "div" and figure.parent.attributes["class"] == "note"


def test_a_raw_img_is_checked_like_a_markdown_image(project):
    root = project({SHOWN: HEAD + '<img src="2.jpg">\n\n文字 <IMG alt="x" src="../x/1.jpg"> 文字\n'
                                  '\n<p>\n<img\n  alt="缺"\n  src="3.jgp">\n</p>\n',
                    f"{STORY}/2.jpg": JPEG, f"{STORY}/3.jpg": JPEG})
    assert run_check(root).output.splitlines()[:-1] == [
        (f"{SHOWN}:7: E211 照片“2.jpg”缺少替代文字 alt — 在这张照片下加一行 alt: 描述照片内容"
         "（供读屏软件和照片无法显示时使用）"),
        (f"{SHOWN}:9: E219 照片“../x/1.jpg”不在故事目录里 — 照片要和 index.md 放在同一目录，"
         "这里只写文件名，例如 1.jpg"),
        f"{SHOWN}:12: E210 照片“3.jgp”不存在 — 是不是想写“3.jpg”？",
    ]


# Hole 3: `<img alt=">" src="https://…">` got past the off-site check (E221).
HIDDEN_LOAD_BODY = """\
前言。

文字 <img alt=">" src="https://elsewhere.example.com/x.png"> 文字

<img title="a > b" src="//elsewhere.example.com/y.png">
"""


def test_an_off_site_img_with_a_greater_than_in_an_attribute_is_refused(project):
    root = project({SHOWN: HEAD + HIDDEN_LOAD_BODY})
    lines = [
        f"{SHOWN}:9: " + E221.format("https://elsewhere.example.com/x.png"),
        f"{SHOWN}:11: " + E221.format("//elsewhere.example.com/y.png"),
    ]
    result = run_check(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [*lines, "检查完成：0 篇故事，2 个错误，0 个警告。"]
    built = mkdocs_build(root)
    assert built.returncode == 1
    for line in lines:
        assert line in built.stderr
    assert not (root / "site").exists()


LOADS_BODY = """\
<iframe src="https://video.example.com/e/1"></iframe>
<script src="//cdn.example.com/a.js"></script>
<link rel="stylesheet" href="https://css.example.com/a.css">
<video poster="https://p.example.com/p.jpg"><source src="https://v.example.com/a.mp4"></video>
<audio src="https://a.example.com/a.mp3"></audio>
<div style="background: u\\72 l(//escaped.example.com/b.png)">CSS 转义</div>
<style>
.a { color: red; }
@import "https://import.example.com/a.css";
.b { background: image-set("//set.example.com/a.png" 1x); }
</style>

段落
{: style="background: url(https://attr-list.example.com/c.png)" }

![图](lobby-photo.jpg){ srcset="https://srcset.example.com/1.jpg 2x" }

<img
  alt="多行"
  src="https://multi-line.example.com/m.png">
"""

NOT_LOADS_BODY = """\
<a href="https://www.icbc.com.cn/" title=">">链接可以点</a> [链接](https://www.icbc.com.cn/)
<https://www.icbc.com.cn/>

`<img src="https://code.example.com/a.png">`

```html
<script src="https://fenced.example.com/a.js"></script>
```

    <img src="https://indented.example.com/a.png">

<!-- <img src="https://comment.example.com/a.png"> -->
<textarea><img src="https://textarea.example.com/a.png"></textarea>
\\<img src="https://backslash.example.com/a.png">
"""


def test_every_kind_of_load_is_found_at_its_line_and_links_are_not_loads():
    found = body.scan(LOADS_BODY + NOT_LOADS_BODY)
    assert found.loads == (
        (0, "https://video.example.com/e/1"), (1, "//cdn.example.com/a.js"),
        (2, "https://css.example.com/a.css"), (3, "https://p.example.com/p.jpg"),
        (3, "https://v.example.com/a.mp4"), (4, "https://a.example.com/a.mp3"),
        (5, "//escaped.example.com/b.png"), (8, "https://import.example.com/a.css"),
        (9, "//set.example.com/a.png"), (13, "https://attr-list.example.com/c.png"),
        (15, "https://srcset.example.com/1.jpg"), (17, "https://multi-line.example.com/m.png"),
        (33, "https://backslash.example.com/a.png"),  # Markdown keeps `\<img …>` a tag
    )
    assert [(i.line, i.target) for i in found.images] == [(15, "lobby-photo.jpg")]


def test_loads_are_reported_at_real_file_lines(project):
    root = photo_project(project, "前言。\n\n" + LOADS_BODY)
    lines = run_check(root).output.splitlines()
    assert lines[:3] == [f"{SHOWN}:9: " + E221.format("https://video.example.com/e/1"),
                         f"{SHOWN}:10: " + E221.format("//cdn.example.com/a.js"),
                         f"{SHOWN}:11: " + E221.format("https://css.example.com/a.css")]
    assert lines[-2] == f"{SHOWN}:26: " + E221.format("https://multi-line.example.com/m.png")
    assert lines[-1] == "检查完成：0 篇故事，12 个错误，0 个警告。"


def test_images_keep_their_lines_around_code_html_blocks_and_containers():
    text = ("```\n![代码](x.jpg)\n<img src=\"y.jpg\">\n```\n\n"          # 0-3: code
            "<div>\n<p>说明</p>\n<img src=\"a.jpg\" alt=\"甲\">\n</div>\n\n"  # 5-8: HTML block
            "> 引用\n> ![乙](b.jpg)\n\n"                                  # 10-11
            "| 列 | 图 |\n|---|---|\n| 1 | ![丙](c.jpg) |\n\n"           # 13-15: table
            "1. 列表\n\n    ![丁][d]\n\n"                                  # 17-19
            "<div markdown=\"1\">\n![戊](e.jpg)\n</div>\n\n"               # 21-23
            "[d]: d.jpg\n")
    assert [(i.line, i.alt, i.target) for i in body.find_images(text)] == [
        (7, "甲", "a.jpg"), (11, "乙", "b.jpg"), (15, "丙", "c.jpg"), (19, "丁", "d.jpg"),
        (22, "戊", "e.jpg")]


def test_the_page_puts_each_body_photo_where_validation_found_it(project):
    text = ("![甲](1.jpg)\n\n"
            "![乙][two]{ width=300 } 文字\n\n"
            '文字 <img alt=">" src="3.jpg"> 文字\n\n'
            "`![代码](1.jpg)` \\![转义](1.jpg)\n\n"
            '[two]: 2.jpg "二"\n')
    loaded = load_project(project({SHOWN: HEAD + text, **{f"{STORY}/{n}.jpg": JPEG
                                                          for n in (1, 2, 3)}}))
    # `\![转义](1.jpg)` is no image but a link to the original, which publishing refuses
    assert [str(p) for p in loaded.problems] == [
        (f"{SHOWN}:13: E282 链接指向原始照片“1.jpg”：网站不发布原图，这个链接打不开 — "
        "删除这个链接：照片写进 photos 或用 ![照片内容描述](文件名) 插入正文，读者点开照片就能看大图")]
    (story,) = loaded.site.stories
    assert [(p.file, p.alt, p.caption) for p in story.body_photos] == [
        ("1.jpg", "甲", ""), ("2.jpg", "乙", "二"), ("3.jpg", ">", "")]

    def figure(story: model.Story, photo: model.Photo, kind: str) -> str:
        return f"<figure>{photo.file}|{photo.alt}|{photo.caption}</figure>"

    assert pages.render_body(story, figure) == (
        "<figure>1.jpg|甲|</figure>\n\n"
        "<figure>2.jpg|乙|二</figure> 文字\n\n"
        "文字 <figure>3.jpg|>|</figure> 文字\n\n"
        "`![代码](1.jpg)` \\![转义](1.jpg)\n\n"
        '[two]: 2.jpg "二"\n')


@pytest.mark.parametrize("text", [
    "![a](1.jpg)\t![b](2.jpg)\r\n\r\n\t![c](3.jpg)\n",  # tabs and CRLF, as Markdown reads them
    "- 列表\n\n    > ![跨\n    > 行](1.jpg) ![a `](x)` b](2.jpg)\n",
    "![a \\[x\\]](<1 2.jpg> 'it''s') ![b](2(1).jpg \"t (x)\")\n",
    "\U000f0000![a](1.jpg) \U000f0001![b](2.jpg)\n",  # the marks' own plane in the text
    "前言\n<![a](1.jpg) 与 <![b][p]\n\n<div>\n\n[p]: 2.jpg\n",  # `<![` at a line start
])
def test_scan_finds_the_images_markdown_makes_and_replaces_each(text):
    markdown = body_markdown.BodyMarkdown(marked=lambda text: True).md
    made = LexborHTMLParser(markdown.convert(text)).css("img")
    found = body.find_images(text)
    assert len(found) >= 2 and [i.target for i in found] == [i.attributes["src"] for i in made]
    replaced = body.replace_images(text, lambda image: "TOKEN")
    assert replaced.count("TOKEN") == len(found) and body.find_images(replaced) == []

