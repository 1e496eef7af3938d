"""Text that staff write: invisible and direction characters, phones, lengths (E230-E234)
in every text field of every file, and the same rules in board cells."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SETTINGS as SETTINGS_YML

from gallery.content.textrules import char_label, forbidden, is_phone
from gallery.project import load_project
from gallery.project import text_fields as all_text_fields

CHAR_FIX = "删除这个字符（常随从网页、Word 或聊天软件复制的文字混入，会让显示的内容与所写的不同）：删掉这段文字后手工重新输入"
JOINER_FIX = "删除它：名称、编号、电话和标签里不能有零宽连字符（它把几个字符拼成一个，能让两个名称看起来一样）"
PHONE_FIX = "只写数字、空格、连字符 -、括号 ( )，可以 + 开头，分机写“转 123”，例如 phone: '010-6303 1234 转 123'"

PHOTO = {"file": "1.jpg", "caption": "大堂经理在引导客户", "alt": "大堂经理在引导客户"}
SETTINGS: dict[str, Any] = {
    "name": "中国工商银行北京珠市口支行",
    "short_name": "珠市口支行",
    "outlets": [{"id": "qianmen", "name": "前门支行", "address": "前门大街 1 号"}],
    "complaint_channels": [{"name": "客户服务热线", "phone": "95588", "hours": "7×24 小时"}],
    "campaigns": [{"id": "xi-ying", "name": "服务口碑新变化", "slogan": "喜迎盛会",
                   "start": "2024-09-01", "end": "2024-10-31", "tag": "盛会"}],
    "screens": [{"name": "qianmen-lobby", "outlet": "qianmen",
                 "playlist": [{"slogan": "客户为尊，服务如意"},
                              {"section": "moments", "tags": ["暖心服务"]}]}],
}
NOTICE = {"title": "系统升级", "text": "暂停办理个人外汇业务", "start": "2099-10-01 08:00",
          "end": "2099-10-01 18:00"}
COMMON = {"title": "暖心服务", "tags": ["暖心服务"], "photos": [PHOTO], "cover": dict(PHOTO)}
APPROVAL = {"by": "周敏", "date": "2024-05-02", "customers": True, "consent": "同意书 2024-031"}
STORIES: dict[str, dict[str, Any]] = {
    "culture-wall": {**COMMON, "kind": "idea", "summary": "客户为尊", "author": "王芳",
                     "approval": APPROVAL},
    "pioneer-posts": {**COMMON, "outlet": "qianmen", "member": "张明", "post": "大堂经理",
                      "portrait": dict(PHOTO), "pledge": "首问负责", "motto": "把客户的事当自己的事",
                      "member_since": 2008, "approval": APPROVAL},
    "moments": {**COMMON, "outlet": "qianmen", "date": "2024-05-01", "summary": "上门服务",
                "author": "王芳", "approval": APPROVAL},
    "talk": {**COMMON, "author": "李华", "date": "2024-05-01", "summary": "谈首问负责制",
             "approval": APPROVAL},
    "morning": {**COMMON, "kind": "rule", "date": "2024-05-06", "reference": "《服务规范》",
                "summary": "首问负责"},
}
JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()


def story_file(section: str) -> str:
    return f"site_src/{section}/2024-05-01-{section}/index.md"


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def files_of(data: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Every file of a project as text: culture.yml, notice.yml and a story per section."""
    files = {"culture.yml": dump(data["culture.yml"]), "notice.yml": dump(data["notice.yml"])}
    for section in STORIES:
        files[story_file(section)] = f"---\n{dump(data[story_file(section)])}---\n正文\n"
    return files


def write(root: Path, files: dict[str, str]) -> Path:
    (root / "site_src").mkdir(parents=True, exist_ok=True)
    (root / "site_src/index.md").write_text("# 首页\n", "utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        if name.endswith("index.md"):
            (path.parent / "1.jpg").write_bytes(JPEG)
    return root


def base() -> dict[str, dict[str, Any]]:
    data = {"culture.yml": copy.deepcopy(SETTINGS), "notice.yml": dict(NOTICE)}
    data.update({story_file(s): copy.deepcopy(meta) for s, meta in STORIES.items()})
    return data


def concrete(data: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """A key path with each "*" replaced by the index of the first item that has what follows."""
    out: list[Any] = []
    for at, key in enumerate(path):
        if key == "*":
            rest = path[at + 1:]
            key = next(i for i, item in enumerate(data) if not rest or rest[0] in item)
        out.append(key)
        data = data[key]
    return tuple(out)


def put(data: Any, path: tuple[Any, ...], value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def line_of(text: str, path: tuple[Any, ...]) -> int:
    """The file line of a key path as PyYAML marks it (the reference for the engine's lines)."""
    node = yaml.compose(text)
    line = 0
    for key in path:
        if isinstance(node, yaml.MappingNode):
            key_node, node = next((k, v) for k, v in node.value if k.value == key)
            line = key_node.start_mark.line
        else:
            node = node.value[key]
            line = node.start_mark.line
    return line + 1


def file_line(files: dict[str, str], file: str, path: tuple[Any, ...]) -> int:
    """The line of a key path in a file (a story's front matter starts on line 2)."""
    if file.endswith(".md"):
        return line_of(files[file].split("---\n")[1], path) + 1
    return line_of(files[file], path)


def file_of(pattern: str) -> str:
    return next((story_file(s) for s in STORIES if pattern == f"site_src/{s}/*/index.md"), pattern)


def test_the_complete_project_has_no_problem(tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2024-06-01")
    project = load_project(write(tmp_path, files_of(base())))
    assert [str(p) for p in project.problems] == []


CASES = [(file, path) for file, path in all_text_fields()]


@pytest.mark.parametrize("char", ["\u202e", "\x1b", "\u200b", "\x9b", "\x00"])
@pytest.mark.parametrize(("pattern", "path"), CASES, ids=[f"{f}:{'.'.join(map(str, p))}"
                                                            for f, p in CASES])
def test_invisible_characters_are_refused_in_every_text_field(tmp_path, monkeypatch, pattern,
                                                               path, char):
    monkeypatch.setenv("CULTURE_TODAY", "2024-06-01")
    data, file = base(), file_of(pattern)
    where = concrete(data[file], path)
    value = "88559" if path[-1] == "phone" else "前门"
    put(data[file], where, char + value)
    files = files_of(data)
    problems = [p for p in load_project(write(tmp_path, files)).problems if p.path == file]
    key = next(k for k in reversed(path) if k != "*")
    expected = (f"{file}:{file_line(files, file, where)}: E230 字段“{key}”的第 1 个字符是看不见的控制字符 {char_label(char)} — {CHAR_FIX}")
    assert [str(p) for p in problems] == [expected]


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in load_project(root).problems]


def test_a_spoofed_hotline_is_refused_with_the_character_named(project):
    settings = SETTINGS_YML.replace('phone: "95588"', 'phone: "\\u202e88559"')
    assert problems_of(project({}, settings=settings)) == [(
        f"culture.yml:10: E230 字段“phone”的第 1 个字符是看不见的控制字符 U+202E（从右到左强制符 RLO）"
        f" — {CHAR_FIX}")]


@pytest.mark.parametrize(("old", "new", "line", "key", "pos"), [
    ('phone: "95588"', 'phone: "955\u200d88"', 10, "phone", 4),
    ("name: 前门支行", "name: 前门\u200d支行", 5, "name", 3),
])
def test_an_emoji_joiner_is_refused_in_names_ids_and_phones(project, old, new, line, key, pos):
    assert problems_of(project({}, settings=SETTINGS_YML.replace(old, new))) == [(
        f"culture.yml:{line}: E231 字段“{key}”的第 {pos} 个字符是零宽连字符 U+200D（零宽连字 ZWJ）"
        f" — {JOINER_FIX}")]


def test_an_emoji_joiner_stays_in_free_text_but_not_in_tags(project):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    root = project({"site_src/moments/2024-05-01-a/index.md": (
        f"---\ntitle: 一家人 {family}\noutlet: qianmen\ndate: 2024-05-01\n"
        f"tags: [家庭, 全家{family}]\n---\n正文 {family}\n")})
    assert problems_of(root) == [(
        "site_src/moments/2024-05-01-a/index.md:5: E231 字段“tags”的第 4 个字符是零宽连字符"
        f" U+200D（零宽连字 ZWJ） — {JOINER_FIX}")]


@pytest.mark.parametrize("phone", ["95588", "010-6303 1234", "+86 (10) 6303-1234",
                                   "010-63031234 转 123", "（010）63031234转8"])
def test_phones_as_people_write_them(phone):
    assert is_phone(phone)


@pytest.mark.parametrize("phone", ["9558八", "call 95588", "+", "12", "95588 ext 1",
                                   "95588 转", "++95588", "95588\n123"])
def test_what_is_no_phone(phone):
    assert not is_phone(phone)


def test_a_phone_with_letters_is_refused(project):
    settings = SETTINGS_YML.replace('phone: "95588"', "phone: 9558八")
    assert problems_of(project({}, settings=settings)) == [
        f"culture.yml:10: E232 电话“9558八”不是电话号码的写法 — {PHONE_FIX}"]


def test_a_huge_title_is_refused_quickly_with_its_length(project):
    import time

    root = project({"site_src/moments/2024-05-01-a/index.md": (
        f"---\ntitle: {'长' * 100_000}\noutlet: qianmen\ndate: 2024-05-01\n---\n正文\n")})
    started = time.perf_counter()
    problems = problems_of(root)
    assert time.perf_counter() - started < 2
    assert problems == [("site_src/moments/2024-05-01-a/index.md:2: E233 字段“title”有 100000 个字，"
                         "超过上限 80 个字 — 请精简到 80 个字以内")]


def test_lengths_are_declared_per_field(project):
    settings = (SETTINGS_YML + "campaigns:\n  - id: a\n    name: 活动\n    slogan: " + "口" * 61
                + "\n    start: 2024-09-01\n    end: 2024-10-31\n")
    assert problems_of(project({}, settings=settings)) == [
        "culture.yml:14: E233 字段“slogan”有 61 个字，超过上限 60 个字 — 请精简到 60 个字以内"]


def test_every_forbidden_character_is_found_and_named():
    for char in ["\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x80", "\x9f", "\u061c", "\u200b",
                 "\u200f", "\u2028", "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\ufeff"]:
        assert forbidden(f"甲{char}乙", joiner=True) == (2, char)
    assert forbidden("甲\t乙\n丙", joiner=False) is None
    assert forbidden("a\u200db", joiner=True) is None and forbidden("a\u200db", joiner=False)
    assert char_label("\x01") == "U+0001（控制字符）"
    assert char_label("\x9b") == "U+009B（C1 控制字符）"


BOARD_HEADER = "网点,姓名,指标,数值,榜单,备注\n"


@pytest.mark.parametrize(("row", "expected"), [
    ("前门支行,,满意度,99,红榜,好\u202e评\n",
     "E230 “备注”这一格的第 2 个字符是看不见的控制字符 U+202E（从右到左强制符 RLO） — " + CHAR_FIX),
    ("前门\u200d支行,,满意度,99,红榜,\n",
     "E231 “网点”这一格的第 3 个字符是零宽连字符 U+200D（零宽连字 ZWJ） — " + JOINER_FIX),
    ("前门支行,,满意度,99,红榜," + "好" * 201 + "\n",
     "E233 “备注”这一格有 201 个字，超过上限 200 个字 — 请精简到 200 个字以内"),
])
def test_board_cells_keep_the_same_text_rules(tmp_path, row, expected):
    from gallery.content import model
    from gallery.intranet import board

    path = tmp_path / "site_src/board/2017-09.csv"
    path.parent.mkdir(parents=True)
    path.write_text(BOARD_HEADER + "前门支行,,速度,9,红榜,家\u200d人\n" + row, "utf-8")
    _, problems = board.load_boards(tmp_path, tmp_path / "site_src",
                                    (model.Outlet("qianmen", "前门支行"),))
    assert [str(p) for p in problems] == [f"site_src/board/2017-09.csv:3: {expected}"]
