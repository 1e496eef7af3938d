"""Staff YAML refuses what nobody writes by hand (anchors, aliases, tags, deep nesting) and names
the file and line of characters the YAML reader refuses; a billion-laughs file is answered
at once, in a small process with hard limits."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SETTINGS

from gallery.project import load_project

STORY = "site_src/moments/2024-05-01-a/index.md"
CHAR_FIX = "删除这个看不见的字符（常随从网页、Word 或聊天软件复制的文字混入）：删掉这段文字后手工重新输入"
ANCHOR_FIX = "删除 &{name}，把要重复的内容直接写出来；值本身以 & 开头时，请给整个值加引号"
DEPTH_FIX = "检查缩进和括号：字段最多嵌套 20 层（缩进、[ ] 和 { } 各算一层）"
# Nine aliases of the level below on each of nine levels: 9**9 strings once expanded.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
STORY_HEAD = "---\ntitle: 甲\noutlet: qianmen\ndate: 2024-05-01\n"
NOTICE_HEAD = "title: 通知\nend: 2099-01-01 18:00\n"


def problems(project, files: dict[str, str], settings: str = SETTINGS) -> list[str]:
    return [str(p) for p in load_project(project(files, settings=settings)).problems]


def anchor(path: str, line: int, name: str = "a") -> str:
    return (f"{path}:{line}: E111 不能用 & 锚点（&{name}）：锚点和 * 别名用来复制内容，这里不支持"
            f" — {ANCHOR_FIX.format(name=name)}")


@pytest.mark.parametrize(("files", "settings", "expected"), [
    ({STORY: STORY_HEAD + BOMB + "---\n正文\n"}, SETTINGS, anchor(STORY, 5)),
    ({}, SETTINGS + BOMB, anchor("culture.yml", 11)),
    ({"notice.yml": NOTICE_HEAD + BOMB}, SETTINGS, anchor("notice.yml", 3)),
    ({STORY: STORY_HEAD + "summary: &s 好\n---\n"}, SETTINGS, anchor(STORY, 5, "s")),
], ids=["front-matter", "culture.yml", "notice.yml", "plain-anchor"])
def test_anchors_are_refused_at_their_line(project, files, settings, expected):
    assert problems(project, files, settings) == [expected]


def test_an_alias_without_anchor_and_explicit_tags_stay_e104(project):
    fix = "检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）"
    settings = SETTINGS.replace('phone: "95588"', "phone: !!str 95588")
    assert problems(project, {}, settings) == [
        f"culture.yml:10: E104 信息块的 YAML 格式有误：不认识以 ! 开头的写法（删除它，或给整个值加引号） — {fix}"]


@pytest.mark.parametrize(("files", "settings", "line", "pos", "char"), [
    ({STORY: STORY_HEAD + "summary: 好\x00的\n---\n"}, SETTINGS, 5, 11, "U+0000（空字符 NUL）"),
    ({}, SETTINGS.replace("name: 天桥支行", "name: 天桥\x1b[31m支行"), 7, 13, "U+001B（转义符 ESC）"),
    ({"notice.yml": NOTICE_HEAD + "text: 暂停\x07办理\n"}, SETTINGS, 3, 9, "U+0007（响铃符 BEL）"),
], ids=["front-matter-NUL", "culture.yml-ESC", "notice.yml-BEL"])
def test_characters_the_yaml_reader_refuses_are_named_with_file_and_line(
        project, files, settings, line, pos, char):
    path = next(iter(files), "culture.yml")
    assert problems(project, files, settings) == [
        f"{path}:{line}: E110 这一行第 {pos} 个字符是 YAML 文件里不能出现的字符 {char} — {CHAR_FIX}"]


@pytest.mark.parametrize(("value", "line"), [
    ("[" * 100_000 + "]" * 100_000, 5),
    ("\n" + "".join("  " * i + "-\n" for i in range(1, 40)), 25),  # the 21st level
], ids=["flow", "block"])
def test_nesting_too_deep_is_refused(project, value, line):
    story = STORY_HEAD + "summary: " + value + "\n---\n"
    assert problems(project, {STORY: story}) == [
        f"{STORY}:{line}: E112 层级嵌套超过 20 层 — {DEPTH_FIX}"]


MEASURE = textwrap.dedent("""\
    import json, resource, sys, time
    from pathlib import Path
    limit = 200 * 2**20
    resource.setrlimit(resource.RLIMIT_CPU, (5, 5))  # a regression fails fast, never hangs
    from gallery.content.read import read_document
    from gallery.content.settings import read_settings
    from gallery.screens.notice import load_notice
    kind, path = sys.argv[1], Path(sys.argv[2])
    started = time.perf_counter()  # the answer itself, imports done
    if kind == "front matter":
        found = read_document(path, "index.md")[1]
    elif kind == "culture.yml":
        found = read_settings(path.parent)[1]
    else:
        found = load_notice(path.parent, ())[1]
    seconds = time.perf_counter() - started
    # VmHWM: this process's own peak; ru_maxrss would keep the peak of the forked pytest
    # process across exec on Linux.
    status = Path("/proc/self/status")
    hwm = [l.split()[1] for l in status.read_text().splitlines() if l.startswith("VmHWM:")] \
        if status.exists() else []
    peak = int(hwm[0]) * 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    heavy = sorted(m for m in ("PIL", "jieba", "markdown", "mkdocs") if m in sys.modules)
    print(json.dumps({"codes": [p.code for p in found], "seconds": seconds, "peak": peak,
                      "heavy": heavy}))
""")


@pytest.mark.parametrize(("kind", "name", "text"), [
    ("front matter", "index.md", STORY_HEAD + BOMB + "---\n正文\n"),
    ("culture.yml", "culture.yml", SETTINGS + BOMB),
    ("notice.yml", "notice.yml", NOTICE_HEAD + BOMB),
])
def test_a_billion_laughs_is_answered_in_under_a_second_and_200_mb(tmp_path, kind, name, text):
    (tmp_path / name).write_text(text, "utf-8")
    address_space = 1024 * 2**20  # room for the interpreter's mappings, far below the 6 GiB
    limits = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({address_space}, "
              f"{address_space}))\n")
    result = subprocess.run([sys.executable, "-c", limits + MEASURE, kind, str(tmp_path / name)],
                            capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parent.parent, check=False)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["codes"] == ["E111"]
    assert measured["heavy"] == []  # a minimal process: no Pillow, jieba or Markdown loaded
    assert measured["seconds"] < 1
    assert measured["peak"] < 200 * 2**20


def test_exact_messages_of_the_yaml_refusals(project):
    assert problems(project, {"notice.yml": NOTICE_HEAD + "text: 暂停\x00办理\n"}) == [(
        "notice.yml:3: E110 这一行第 9 个字符是 YAML 文件里不能出现的字符 U+0000（空字符 NUL）"
        " — 删除这个看不见的字符（常随从网页、Word 或聊天软件复制的文字混入）：删掉这段文字后手工重新输入")]
    assert problems(project, {"notice.yml": NOTICE_HEAD + "text: " + "[" * 30 + "]" * 30 + "\n"}) == [
        "notice.yml:3: E112 层级嵌套超过 20 层 — 检查缩进和括号：字段最多嵌套 20 层（缩进、[ ] 和 { } 各算一层）"]
