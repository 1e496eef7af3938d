"""Links in bodies (E280-E286), MkDocs' link notes in Chinese (E290, E291), and photos sniffed
by plain `culture check`: exact messages at file and line."""

from __future__ import annotations

import logging
from pathlib import Path

from click.testing import CliRunner
from imaging import encode, quadrants

from gallery.cli import main
from gallery.content.body import scan
from gallery.intranet import generate
from gallery.mkdocs.messages import LinkMessages
from gallery.photos.markup import caption_only
from gallery.project import load_project

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
A = "site_src/moments/2024-05-01-a"


def story(body: str = "正文。", extra: str = "", date: str = "2024-05-01") -> str:
    return (f"---\ntitle: 好故事\ndate: {date}\noutlet: qianmen\n{extra}photos:\n"
            f"  - {{file: 1.jpg, caption: 大堂,\n     alt: 大堂}}\n---\n{body}\n")  # lines kept


BODY = """\
第一段，[视频](a.mp4)。

[看大图](1.jpg)和[制度][r]。

<a href="x.zip">压缩包</a>

[另一篇](../2024-05-09-b/)、[草稿](../2024-05-03-draft/)、[下线](../../talk/2024-05-04-old/)

[绝对](/moments/) [好链接](../2024-05-02-ok/) [首页](../../index.md) [锚](#q)

[r]: rules.pdf
"""

EXPECTED = [
    f"{A}/index.md:15: E280 链接的页面“../2024-05-09-b/”不存在 — 是不是想写“../2024-05-02-ok/”？",
    (f"{A}/index.md:15: E281 链接的故事“../../talk/2024-05-04-old/”不会发布：它已于 2024-06-01 下线 — "
    "等那篇故事发布后再加这个链接，或删除这个链接"),
    (f"{A}/index.md:15: E281 链接的故事“../2024-05-03-draft/”不会发布：它是草稿（draft: true） — "
    "等那篇故事发布后再加这个链接，或删除这个链接"),
    (f"{A}/index.md:11: E282 链接指向原始照片“1.jpg”：网站不发布原图，这个链接打不开 — "
    "删除这个链接：照片写进 photos 或用 ![照片内容描述](文件名) 插入正文，读者点开照片就能看大图"),
    (f"{A}/index.md:17: E286 链接“/moments/”以 / 开头：网站放在子路径下时（例如 /culture/）这个链接会失效 — "
    "改成相对链接：同栏目的故事写 ../目录名/，其他栏目的写 ../../栏目目录/目录名/"),
    (f"{A}/index.md:13: E285 链接的文件“x.zip”不会发布，这个链接打不开 — "
    "网站只发布页面和照片：删除这个链接，或改为链接一篇故事，例如 ../目录名/"),
    (f"{A}/index.md:9: E283 链接指向音视频文件“a.mp4”：网站不播放音视频，这个链接打不开 — "
    "删除这个链接；需要的话从视频中截取照片（JPG）放进故事目录并写进 photos"),
    (f"{A}/index.md:19: E284 链接指向文档“rules.pdf”：网站不提供文档下载，这个链接打不开 — "
    "删除这个链接，把要展示的文字写进正文（规章制度可写成服务文化墙的 rule 条目）"),
]


def run_check(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)],
                                env={"CULTURE_TODAY": "2026-11-29"})
    return [line for line in result.output.splitlines() if ": E" in line]


def test_each_broken_link_is_told_at_its_line(project):
    root = project({
        f"{A}/index.md": story(BODY), f"{A}/1.jpg": JPEG,
        "site_src/moments/2024-05-02-ok/index.md": story(date="2024-05-02"), "site_src/moments/2024-05-02-ok/1.jpg": JPEG,
        "site_src/moments/2024-05-03-draft/index.md": story(extra="draft: true\n"),
        "site_src/moments/2024-05-03-draft/1.jpg": JPEG,
        "site_src/talk/2024-05-04-old/index.md":
            "---\ntitle: 旧\ndate: 2024-05-04\nauthor: 李华\nsummary: 旧文\nexpire: 2024-06-01\n---\n正文\n",
    })
    assert sorted(run_check(root)) == sorted(EXPECTED)


def test_a_link_to_a_story_not_yet_online(project):
    root = project({
        f"{A}/index.md": story("[预告](../2027-01-01-c/)"), f"{A}/1.jpg": JPEG,
        "site_src/moments/2027-01-01-c/index.md": story(extra="publish: 2027-01-01\n",
                                                         date="2027-01-01"),
        "site_src/moments/2027-01-01-c/1.jpg": JPEG,
    })
    assert run_check(root) == [
        (f"{A}/index.md:9: E281 链接的故事“../2027-01-01-c/”不会发布：它的上线日期是 2027-01-01 — "
        "等那篇故事发布后再加这个链接，或删除这个链接")]


def test_hand_written_pages_links_are_checked_from_their_own_folder(project):
    root = project({
        "site_src/index.md": "# 首页\n\n[瞬间](moments/)、[红黑榜](board/index.md)、[没有](moment/)\n",
        "site_src/moments/index.md": "---\ntitle: 瞬间\n---\n[首页](../)、[标签](../tags/)\n",
    })
    assert run_check(root) == [
        ("site_src/index.md:3: E280 链接的页面“moment/”不存在 — "
        "链接同栏目的另一篇故事写成 ../目录名/，其他栏目的写成 ../../栏目目录/目录名/")]


def test_link_lines_follow_the_written_addresses():
    found = scan("[a](x.pdf)\n\n[a](x.pdf) [b][r]\n\n[r]: y.pdf\n<https://a.example/>\n")
    assert found.links == ((0, "x.pdf"), (2, "x.pdf"), (4, "y.pdf"), (5, "https://a.example/"))


def test_plain_check_sniffs_photos_without_decoding(project):
    root = project({
        f"{A}/index.md": story("![空](2.jpg)\n\n![文](3.jpg)\n\n![位图](4.jpg)\n\n![截图](5.jpg)"),
        f"{A}/1.jpg": JPEG, f"{A}/2.jpg": b"", f"{A}/3.jpg": "会议记录\n".encode() * 20,
        f"{A}/4.jpg": encode(quadrants(64, 48), "BMP"), f"{A}/5.jpg": encode(quadrants(64, 48), "PNG"),
    })
    assert run_check(root) == [
        f"{A}/2.jpg:1: E301 照片文件是空的（0 字节） — 重新从相机或手机导出这张照片，再放进故事目录",
        f"{A}/3.jpg:1: E302 文件“3.jpg”不是照片，无法识别为图片 — 换成 JPEG、PNG、HEIC、WebP、TIFF 或 GIF 格式的照片",
        f"{A}/4.jpg:1: E307 不支持 BMP 格式的图片 — 另存为 JPEG（照片）或 PNG（截图）后再放入",
    ]


def record(message: str, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord("mkdocs.structure.pages", level, __file__, 1, message, (), None)


def test_mkdocs_link_notes_are_told_in_chinese(tmp_path):
    page = tmp_path / "site_src" / "moments" / "2024-05-01-a" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: 甲\n---\n正文\n\n[另一篇](../b/index.md#nope) [x](v.mp4)\n", "utf-8")
    messages = LinkMessages(tmp_path, tmp_path / "site_src")
    anchor = record("Doc file 'moments/2024-05-01-a/index.md' contains a link '../b/index.md#nope', "
                    "but the doc 'moments/b/index.md' does not contain an anchor '#nope'.")
    assert messages.filter(anchor) and anchor.getMessage() == (
        "site_src/moments/2024-05-01-a/index.md:6: E290 链接“../b/index.md#nope”的锚点“#nope”在目标页面上找不到："
        "点开后只停在页面顶部 — # 后面要写目标页面上某个小标题的锚点；不确定时删掉 # 和它后面的字")
    missing = record("Doc file 'moments/2024-05-01-a/index.md' contains a link 'v.mp4', but the "
                     "target 'moments/2024-05-01-a/v.mp4' is not found among documentation files.",
                     logging.WARNING)
    assert messages.filter(missing) and missing.levelno == logging.WARNING
    assert missing.getMessage() == (
        "site_src/moments/2024-05-01-a/index.md:6: E291 链接“v.mp4”指向的“moments/2024-05-01-a/v.mp4”"
        "不会发布，这个链接打不开 — 检查链接的写法：链接同栏目的另一篇故事写成 ../目录名/；照片、视频和文档不能链接")
    for covered in ("contains an unrecognized relative link '../b/', it was left as is.",
                    "contains an absolute link '/moments/', it was left as is."):
        assert not messages.filter(record(f"Doc file 'index.md' {covered}"))
    other = record("Something else")
    assert messages.filter(other) and other.getMessage() == "Something else"


def test_page_uris_are_the_pages_the_intranet_generates():
    root = Path(__file__).resolve().parent.parent
    project = load_project(root)
    generated = generate.generated_pages(project.site, project.settings, project.boards,
                                         caption_only, generate.intros(project.site, caption_only))
    assert generate.page_uris(project.site, project.settings, project.boards) == set(generated)
