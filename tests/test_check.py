"""`culture check`: every mistake of a broken site reported in one run, exactly worded."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from gallery.cli import main

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()

GOOD = """\
---
title: 好故事
date: 2024-05-01
outlet: qianmen
photos:
  - file: 1.jpg
    caption: 大堂
    alt: 大堂经理在引导客户
---
正文。
"""

BROKEN = {
    # unknown key with a suggestion (line 3), bad date (line 4), unknown outlet (line 5)
    "site_src/moments/2024-05-01-a/index.md": """\
        ---
        title: 甲
        titel: 多余
        date: 2024-13-01
        outlet: qianmn
        ---
        """,
    # missing required fields and a photo that is not there, one without alt
    "site_src/moments/2024-05-02-b/index.md": """\
        ---
        title: 乙
        photos:
          - file: 2.jpg
            alt: 柜台
          - {file: 1.jpg, caption: 柜台一角}
          - file: ../2024-05-08-h/1.jpg
            alt: 别的故事的照片
        ---
        """,
    "site_src/moments/2024-05-02-b/1.jpg": JPEG,
    "site_src/moments/2024-05-02-b/3.jpg": JPEG,
    # front matter never closed
    "site_src/talk/2024-05-03-c/index.md": "---\ntitle: 丙\nauthor: 李华\n\n正文\n",
    # invalid YAML on line 3
    "site_src/talk/2024-05-04-d/index.md": "---\ntitle: 丁\nsummary: 冒号: 太多\n---\n",
    # front matter that is a list
    "site_src/talk/2024-05-05-e/index.md": "---\n- title\n- 戊\n---\n",
    # not UTF-8 (GBK), the bad byte on line 2
    "site_src/talk/2024-05-06-f/index.md": "---\ntitle: 己\n---\n".encode("gbk"),
    # wrong types, bad choice, publish after expire
    "site_src/culture-wall/rule-x/index.md": """\
        ---
        title: 规章
        kind: rules
        draft: 否
        tags: 首问负责制
        publish: 2024-06-01
        expire: 2024-05-01
        ---
        """,
    # a pioneer post with an impossible year and a missing portrait
    "site_src/pioneer-posts/zhang-ming/index.md": """\
        ---
        member: 张明
        post: 大堂经理
        outlet: qianmen
        portrait: zhang.jpg
        pledge: 首问负责
        member_since: 1850
        ---
        """,
    # the same slug in two sections, and a folder name that is no URL
    "site_src/culture-wall/zhang-ming/index.md": "---\ntitle: 同名\nkind: idea\n---\n",
    "site_src/moments/暖心服务/index.md": GOOD,
    # no front matter at all; an empty title and a cover outside the photos
    "site_src/talk/2024-05-07-g/index.md": "# 没有信息块\n",
    "site_src/moments/2024-05-08-h/index.md": """\
        ---
        title: ""
        date: 2024-05-08
        outlet: tianqiao
        cover: 3.jpg
        photos:
          - file: 1.jpg
            alt: 网点外景
            caption: 网点外景
        ---
        """,
    "site_src/moments/2024-05-08-h/1.jpg": JPEG,
    "site_src/moments/2024-05-08-h/3.jpg": JPEG,
    # photos dropped into a folder without index.md
    "site_src/moments/2024-05-09-i/photo.jpg": JPEG,
    # a story folder in an unknown section
    "site_src/moment/2024-05-01-x/index.md": GOOD,
}

EXPECTED = [
    "site_src/culture-wall/rule-x/index.md:3: E205 字段“kind”的值“rules”不在可选范围内 — 可选值：idea、rule、exemplar",
    "site_src/culture-wall/rule-x/index.md:4: E203 字段“draft”应为true 或 false，现在是文字“否” — 例如 draft: false",
    "site_src/culture-wall/rule-x/index.md:5: E203 字段“tags”应为列表，现在是文字“首问负责制” — 例如 tags: [老年客户, 暖心服务]",
    "site_src/culture-wall/rule-x/index.md:6: E206 上线日期 publish（2024-06-01）不早于下线日期 expire（2024-05-01） — 把 publish 改到 expire 之前，或删除其中一个",
    "site_src/moment:1: E214 未知栏目目录“moment” — 栏目目录只能是：culture-wall、pioneer-posts、moments、talk、morning",
    "site_src/moments/2024-05-01-a/index.md:3: E201 未知字段“titel” — 是不是想写“title”？",
    "site_src/moments/2024-05-01-a/index.md:4: E204 字段“date”的日期“2024-13-01”无效 — 日期请写成 年-月-日，例如 date: 2024-05-01",
    "site_src/moments/2024-05-01-a/index.md:5: E207 未知网点“qianmn” — 是不是想写“qianmen”？（网点在 culture.yml 的 outlets 中声明）",
    "site_src/moments/2024-05-02-b/index.md:1: E202 缺少必填字段“date”：日期 — 添加一行 date: 2024-05-01",
    "site_src/moments/2024-05-02-b/index.md:1: E202 缺少必填字段“outlet”：网点编号（在 culture.yml 的 outlets 中声明） — 添加一行 outlet: qianmen",
    "site_src/moments/2024-05-02-b/index.md:4: E210 照片“2.jpg”不存在 — 是不是想写“3.jpg”？",
    "site_src/moments/2024-05-02-b/index.md:6: E211 照片“1.jpg”缺少替代文字 alt — 在这张照片下加一行 alt: 描述照片内容（供读屏软件和照片无法显示时使用）",
    "site_src/moments/2024-05-02-b/index.md:7: E219 照片“../2024-05-08-h/1.jpg”不在故事目录里 — 照片要和 index.md 放在同一目录，这里只写文件名，例如 1.jpg",
    "site_src/moments/2024-05-08-h/index.md:2: E216 字段“title”不能为空 — 填写内容，或删除这一行",
    "site_src/moments/2024-05-08-h/index.md:5: E213 封面“3.jpg”不在 photos 列表中 — 把封面照片加入 photos，或把 cover 改成 photos 中的文件名",
    "site_src/moments/2024-05-09-i:1: E215 目录“2024-05-09-i”里没有 index.md — 每篇故事是一个目录，里面要有 index.md；用 culture new 新建",
    "site_src/moments/暖心服务/index.md:1: E209 目录名“暖心服务”不能用作网址 — 只用小写字母、数字和连字符，例如 nuan-xin-fu-wu",
    "site_src/pioneer-posts/zhang-ming/index.md:1: E208 目录名“zhang-ming”与 site_src/culture-wall/zhang-ming/index.md 重复 — 给其中一个目录换一个名字（目录名就是网址，全站不能重复）",
    "site_src/pioneer-posts/zhang-ming/index.md:5: E210 照片“zhang.jpg”不存在 — 把照片放进 zhang-ming/ 目录",
    "site_src/pioneer-posts/zhang-ming/index.md:7: E212 字段“member_since”的值 1850 不合理 — 入党年份应在 1921 到 2026 之间，例如 member_since: 2008",
    "site_src/talk/2024-05-03-c/index.md:1: E103 开头的 --- 信息块没有结束 — 在最后一个字段之后单独写一行 --- 结束信息块",
    "site_src/talk/2024-05-04-d/index.md:3: E104 信息块的 YAML 格式有误：这里不能再出现冒号（值里有冒号时请给整个值加引号） — 检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）",
    "site_src/talk/2024-05-05-e/index.md:2: E105 信息块应是“字段: 值”的形式，这里却是一个列表 — 每行写成“字段: 值”，例如 title: 暖心服务",
    "site_src/talk/2024-05-06-f/index.md:2: E101 文件不是 UTF-8 编码（第 2 行有无法识别的字节） — 请在编辑器中用 UTF-8 编码重新保存此文件",
    "site_src/talk/2024-05-07-g/index.md:1: E102 文件开头缺少 --- 信息块 — 在第一行单独写 ---，填写字段后再单独写一行 --- 结束",
]


def run_check(root: Path, *args: str):
    """Run `culture check` on `root` and return the click result."""
    return CliRunner().invoke(main, ["check", "--root", str(root), *args])


def test_every_mistake_is_reported_in_one_run(project, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-29")
    root = project(BROKEN)
    result = run_check(root)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[:-1] == EXPECTED
    assert lines[-1] == "检查完成：1 篇故事，23 个错误，2 个警告。"


def test_clean_site_passes_and_warnings_fail_only_when_strict(project):
    root = project({"site_src/moments/2024-05-01-a/index.md": GOOD,
                    "site_src/moments/2024-05-01-a/1.jpg": JPEG})
    assert run_check(root).exit_code == 0
    no_alt = GOOD.replace("    alt: 大堂经理在引导客户\n", "")
    (root / "site_src/moments/2024-05-01-a/index.md").write_text(no_alt, "utf-8")
    relaxed, strict = run_check(root), run_check(root, "--strict")
    assert relaxed.exit_code == 0 and strict.exit_code == 1
    assert "E211" in strict.output


def test_a_missing_content_folder_is_a_message_not_a_traceback(project):
    root = project({})
    shutil.rmtree(root / "site_src")
    result = run_check(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "site_src:1: E106 找不到内容目录“site_src” — 在项目目录（culture.yml 旁边）建立 site_src 目录，栏目和故事都放在里面",
        "检查完成：0 篇故事，1 个错误，0 个警告。"]


def test_a_broken_culture_yml_is_reported_once_not_as_every_outlet_unknown(project):
    root = project({"site_src/moments/2024-05-01-a/index.md": GOOD,
                    "site_src/moments/2024-05-01-a/1.jpg": JPEG,
                    "site_src/board/2024-05.csv": "网点,指标,数值,榜单\n前门支行,满意度,99,红榜\n"},
                   settings="name: 珠市口支行\noutlets:\n  - id: qianmen\n\t name: 前门支行\n")
    result = run_check(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        ("culture.yml:4: E104 信息块的 YAML 格式有误：不能用 Tab 缩进，请改用空格"
        " — 检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）"),
        "检查完成：0 篇故事，1 个错误，0 个警告。"]


def test_content_under_the_lobby_screen_folder_is_refused(project):
    # It would be published inside site/screen/, beside the pages customers' screens show.
    root = project({"site_src/screen/qianmen-lobby/notes.md": "# 内部资料\n"})
    result = run_check(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        ("site_src/screen:1: E512 目录“screen”留给大堂屏使用，不能放内容 — 把这里的文件移到其他目录："
        "网址 screen/ 下只有 culture.yml 的 screens 生成的大堂屏（顾客可见）"),
        "检查完成：0 篇故事，1 个错误，0 个警告。"]


def test_a_site_without_home_page_is_told_so(tmp_path):
    from support import SETTINGS, write_tree

    root = write_tree(tmp_path, {"culture.yml": SETTINGS, "site_src/moments/.keep": ""})
    result = run_check(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        ("site_src/index.md:1: E107 缺少首页 — 在 site_src 目录里建立 index.md，写上展览的标题和欢迎词，"
        "例如 # 珠市口支行服务文化展"),
        "检查完成：0 篇故事，1 个错误，0 个警告。",
    ]
