"""Bodies and hand-written pages are measured before anything parses them: size, invisible
characters, unpunctuated Han runs and nesting (E230, E233-E235), each at its line."""

from __future__ import annotations

import sys

import pytest

from gallery.content import body as body_module
from gallery.content import handwritten, validate
from gallery.content.bodyguard import MAX_NESTING, check_body, nesting
from gallery.project import load_project

STORY = "site_src/moments/2024-05-01-a/index.md"
HEAD = "---\ntitle: 甲\noutlet: qianmen\ndate: 2024-05-01\n---\n"  # the body starts on line 6
NEST_FIX = "减少嵌套：列表的缩进、引用的 > 和网页标签一般不超过三四层，更多层次请改用小标题分段"
CHAR_FIX = "删除这个字符（常随从网页、Word 或聊天软件复制的文字混入，会让显示的内容与所写的不同）：删掉这段文字后手工重新输入"
HAN_FIX = "在句子之间加上标点（逗号、句号等）：这么长的无标点文字会让站内搜索的分词极慢"


def nested_list(levels: int) -> str:
    return "".join("    " * i + "- 项\n" for i in range(levels))


def deep(what: str, depth: int, line: int, limit: int = MAX_NESTING) -> str:
    return f"{STORY}:{line}: E235 正文的{what}嵌套了 {depth} 层，超过上限 {limit} 层 — {NEST_FIX}"


def check(project, body: str, page: str = STORY) -> list[str]:
    """The problems of a project with `body` in a story (or as the whole of `page`), answered
    before any Markdown parse (which takes minutes or fails on such bodies): a body the guard
    refuses never reaches Python-Markdown (body.scan)."""
    files = {STORY: HEAD + body} if page == STORY else {page: body}
    parse = body_module.scan

    def scan(text: str):
        assert not check_body(text, "body", 1), "a refused body reached Python-Markdown"
        return parse(text)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(body_module, "scan", scan)
        return [str(p) for p in load_project(project(files)).problems]


def guard_calls(project, body: str) -> tuple[list[str], int]:
    """check() of a story with `body`, and the function calls (Python and C) its body checks
    made: a count of work that a busy machine does not change, unlike a wall-clock bound."""
    calls = 0

    def count(frame, event: str, arg) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    def counted(*args):
        sys.setprofile(count)
        try:
            return check_body(*args)
        finally:
            sys.setprofile(None)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(validate, "check_body", counted)
        mp.setattr(handwritten, "check_body", counted)
        return check(project, body), calls


@pytest.mark.parametrize(("body", "expected"), [
    (nested_list(60), [deep("列表", 11, 16)]),
    ("> " * 5000 + "引用\n", [deep("引用", 5000, 6)]),
    (">" * 5000 + " 引用\n", [deep("引用", 5000, 6)]),
    ("- " * 800 + "项\n", [deep("列表", 800, 6)]),
    ("".join("    " * i + "!!! note\n" for i in range(12)), [deep("提示框（!!!）", 11, 16)]),
    ("<div markdown>\n" * 800 + "甲\n" + "</div>\n" * 800, [deep("网页标签", 21, 26, 20)]),
], ids=["list-60", "quote-spaced", "quote-tight", "list-one-line", "admonitions", "html"])
def test_deep_nesting_is_refused_before_rendering(project, body, expected):
    assert check(project, body) == expected


@pytest.mark.parametrize(("levels", "size"), [(400, 320800), (5000, 50010000)])
def test_huge_nested_lists_are_refused_at_once_with_their_size(project, levels, size):
    assert check(project, nested_list(levels)) == [
        f"{STORY}:6: E233 正文有 {size} 个字，超过上限 100000 个字 — 请精简到 100000 个字以内",
        deep("列表", 11, 16)]


def test_a_body_past_the_size_limit_costs_the_same_whatever_its_size(project):
    # Only the first 100,000 characters are scanned: the 5,000-level list (50 MB) costs what
    # the 2,500-level one (12.5 MB) does. A scan of the whole body would cost twice as much,
    # a quadratic one four times. Seconds: benchmarks/text_scaling.py (nested lists).
    half_found, half = guard_calls(project, nested_list(2500))
    found, full = guard_calls(project, nested_list(5000))
    assert half_found[1:] == found[1:] == [deep("列表", 11, 16)]
    assert 0 < full <= half * 1.05, (half, full)


def test_hand_written_pages_are_checked_like_bodies(project):
    found = check(project, "# 首页\n\n" + "> " * 30 + "欢迎\n", page="site_src/index.md")
    assert found == [
        f"site_src/index.md:3: E235 正文的引用嵌套了 30 层，超过上限 {MAX_NESTING} 层 — {NEST_FIX}"]
    found = check(project, "---\nhide: &h [toc]\n---\n# 栏目\n", page="site_src/moments/index.md")
    assert found == [("site_src/moments/index.md:2: E111 不能用 & 锚点（&h）：锚点和 * 别名用来复制内容，"
                      "这里不支持 — 删除 &h，把要重复的内容直接写出来；值本身以 & 开头时，请给整个值加引号")]


def test_invisible_characters_and_long_runs_in_a_body(project):
    body = "第一段\n\n暖心\u202e服务\n\n" + "甲" * 501 + "\n"
    assert check(project, body) == [
        f"{STORY}:8: E230 正文这一行的第 3 个字符是看不见的控制字符 U+202E（从右到左强制符 RLO） — {CHAR_FIX}",
        f"{STORY}:10: E234 正文这一行有连续 501 个汉字没有标点，超过上限 500 个 — {HAN_FIX}"]


def test_what_real_pages_write_is_not_nesting():
    body = ("- - -\n* * * *\n```\n" + "> " * 40 + "\n```\n"
            "<p>一<p>二<br><img src=x.jpg>\n" * 30 + "<https://例子.中国> <a@b.cn>\n" * 30
            + "1. 一\n    - 二\n        > 三\n")
    assert check_body(body, "a.md", 1) == []
    assert nesting("        > 三") == (3, "引用")
    assert nesting("正文") == (0, "")


def test_code_fences_hide_nesting_but_not_invisible_characters():
    body = "```\n" + "- " * 40 + "\x1b\n```\n"
    assert [p.code for p in check_body(body, "a.md", 1)] == ["E230"]
