"""The emergency notice file: validation with exact messages, the JSON screens poll, the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from support import SETTINGS

from gallery.cli import main
from gallery.project import load_project
from gallery.screens.notice import load_notice

SCREENS = "screens:\n  - name: qianmen-lobby\n    outlet: qianmen\n    playlist: [{slogan: 你好}]\n"
NAMES = ("qianmen-lobby",)


def notice_file(project, text: str):
    root = project({"notice.yml": text}, settings=SETTINGS + SCREENS)
    return load_notice(root, NAMES)


def test_a_valid_notice_becomes_local_wall_clock_times(project):
    notice, problems = notice_file(project, """\
        title: 系统升级
        text: 系统升级，暂停办理个人外汇业务
        start: 2024-10-01 08:00
        end: 2024-10-01 18:30:00
        screens: [qianmen-lobby]
        """)
    assert problems == []
    assert notice.to_json() == {"title": "系统升级", "text": "系统升级，暂停办理个人外汇业务",
                                "start": "2024-10-01T08:00", "end": "2024-10-01T18:30",
                                "screens": ["qianmen-lobby"],
                                "words": {"title": ["系统升级"],
                                          "text": ["系统升级，", "暂停", "办理", "个人", "外汇业务"]}}


def test_no_file_or_an_empty_file_means_no_notice(project):
    assert notice_file(project, "# 没有通知\n") == (None, [])
    root = project({}, settings=SETTINGS)
    assert load_notice(root, ()) == (None, [])


CASES = {
    "E509": ("text: 暂停办理\nend: 2024-10-01\n",
             ("notice.yml:2: E509 紧急通知的结束时间 end“2024-10-01”无效 — "
             "写成 年-月-日 时:分，例如 end: 2024-10-01 18:00")),
    "E510": ("text: 暂停办理\nstart: 2024-10-01 18:00\nend: 2024-10-01 08:00\n",
             ("notice.yml:2: E510 紧急通知的开始时间 start（2024-10-01 18:00）不早于结束时间 end"
             "（2024-10-01 08:00） — 把 end 改到 start 之后")),
    "E511": ("text: 暂停办理\nend: 2024-10-01 18:00\nscreens: [qianmen-loby]\n",
             "notice.yml:3: E511 紧急通知指定的屏幕“qianmen-loby”不存在 — 是不是想写“qianmen-lobby”？"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_notice_problem_has_its_exact_message(project, code):
    text, expected = CASES[code]
    notice, problems = notice_file(project, text)
    assert notice is None
    assert [str(p) for p in problems] == [expected]


def test_screen_names_that_are_not_names_are_never_shown_as_python_values(project):
    notice, problems = notice_file(project, "text: 暂停办理\nend: 2024-10-01 18:00\n"
                                            "screens:\n  -\n  - [qianmen-lobby]\n")
    assert notice is None
    assert [str(p) for p in problems] == [
        "notice.yml:4: E203 字段“screens”应为屏幕名称，现在是空值 — 例如 screens: [qianmen-lobby]",
        "notice.yml:5: E203 字段“screens”应为屏幕名称，现在是一个列表 — 例如 screens: [qianmen-lobby]",
    ]


def test_notice_problems_fail_culture_check_with_the_others(project):
    root = project({"notice.yml": "txt: 暂停办理\nend: 2024-13-01 18:00\n"},
                   settings=SETTINGS + SCREENS)
    assert [str(p) for p in load_project(root).problems] == [
        "notice.yml:1: E201 未知字段“txt” — 是不是想写“text”？",
        "notice.yml:1: E202 缺少必填字段“text”：通知内容 — 添加一行 text: 系统升级，暂停办理个人外汇业务",
        ("notice.yml:2: E509 紧急通知的结束时间 end“2024-13-01 18:00”无效 — "
        "写成 年-月-日 时:分，例如 end: 2024-10-01 18:00"),
    ]


def test_culture_notice_publishes_only_the_notice_file(project):
    root = project({"notice.yml": "text: 系统升级，暂停办理\nend: 2024-10-01 18:00\n"},
                   settings=SETTINGS + SCREENS)
    (root / "site/screen/qianmen-lobby").mkdir(parents=True)
    result = CliRunner().invoke(main, ["notice", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "已发布紧急通知“通知”，显示在全部屏幕，到 2024-10-01 18:00 自动撤下。"
    published = json.loads((root / "site/screen/notice.json").read_text("utf-8"))
    assert published == {"notice": {"title": "通知", "text": "系统升级，暂停办理", "start": None,
                                    "end": "2024-10-01T18:00", "screens": [],
                                    "words": {"title": ["通知"], "text": ["系统升级，", "暂停办理"]}}}
    assert sorted(p.name for p in (root / "site/screen").iterdir()) == ["notice.json",
                                                                        "qianmen-lobby"]
    (root / "notice.yml").unlink()
    result = CliRunner().invoke(main, ["notice", "--root", str(root)])
    assert result.output.strip() == "已撤下紧急通知（notice.yml 不存在或为空）。"
    assert json.loads((root / "site/screen/notice.json").read_text("utf-8")) == {"notice": None}


def test_culture_notice_refuses_a_broken_notice_and_keeps_the_published_one(project):
    root = project({"notice.yml": "text: 暂停\nend: 明天\n"}, settings=SETTINGS + SCREENS)
    (root / "site/screen").mkdir(parents=True)
    (root / "site/screen/notice.json").write_text('{"notice": null}', "utf-8")
    result = CliRunner().invoke(main, ["notice", "--root", str(root)])
    assert result.exit_code == 1
    assert "notice.yml:2: E509" in result.output
    assert result.output.strip().endswith("紧急通知没有发布：请按上面的提示修改 notice.yml 后重试。")
    assert (root / "site/screen/notice.json").read_text("utf-8") == '{"notice": null}'
