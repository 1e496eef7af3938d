"""Screen settings in culture.yml: parsing, and an exact-message test for every E5xx code."""

from __future__ import annotations

import pytest
from support import SETTINGS

from gallery.content.settings import check_settings, read_settings
from gallery.screens.config import Rule, check_screens, parse_days, parse_time_range

GOOD = SETTINGS + """\
screens:
  - name: qianmen-lobby
    outlet: qianmen
    orientation: portrait
    resolution: 4k
    poll: 30
    hours:
      - days: mon-fri
        time: 08:30-17:30
      - days: 周六至周日
        time: "22:00-06:00"
    playlist:
      - slogan: 客户为尊，服务如意
        duration: 8
      - section: moments
        tags: [暖心服务]
        outlet: tianqiao
        newest: 3
        schedule:
          from: 2024-09-01
          until: 2024-10-31
          days: [mon, wed, fri]
          time: 09:00-17:00
"""


def screens_of(project, text: str):
    """The screens of a culture.yml and every problem in the file."""
    file, problems = read_settings(project({}, settings=text))
    settings, more = check_settings(file)
    screens, bad = check_screens(file, settings.outlet_names)
    return screens, problems + more + bad


def messages(problems) -> list[str]:
    return [str(p) for p in sorted(problems)]


def test_a_full_screen_declaration_becomes_typed_settings(project):
    screens, problems = screens_of(project, GOOD)
    assert problems == []
    (screen,) = screens
    assert (screen.name, screen.outlet, screen.orientation, screen.resolution, screen.poll) == (
        "qianmen-lobby", "qianmen", "portrait", "4k", 30)
    assert screen.size == (2160, 3840)
    assert screen.hours == (Rule(days=(1, 2, 3, 4, 5), time=(510, 1050)),
                            Rule(days=(6, 7), time=(1320, 360)))
    slogan, moments = screen.playlist
    assert (slogan.slogan, slogan.duration, slogan.section) == ("客户为尊，服务如意", 8, None)
    assert (moments.section, moments.tags, moments.outlet, moments.newest, moments.duration) == (
        "moments", ("暖心服务",), "tianqiao", 3, 10)
    assert moments.schedule.to_json() == {"from": "2024-09-01", "until": "2024-10-31",
                                          "days": [1, 3, 5], "time": [540, 1020]}


@pytest.mark.parametrize("text, days", [
    ("mon-fri", (1, 2, 3, 4, 5)), ("sat, sun", (6, 7)), ("周一至周五", (1, 2, 3, 4, 5)),
    ("fri-mon", (1, 5, 6, 7)), (["tue", "thu"], (2, 4)), ("周天", (7,)),
    ("monday", None), ("mon-", None), ("", None),
])
def test_weekdays_are_read_in_english_or_chinese(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize("text, minutes", [
    ("09:00-17:00", (540, 1020)), ("22:00-06:00", (1320, 360)), ("8:30～12:00", (510, 720)),
    ("00:00-24:00", (0, 1440)), ("09:00-09:00", None), ("25:00-26:00", None), ("9-17", None),
])
def test_time_ranges_wrap_past_midnight(text, minutes):
    assert parse_time_range(text) == minutes


def with_screen(body: str) -> str:
    return SETTINGS + "screens:\n" + body


CASES = {
    "E501": ("  - name: 前门大堂\n    outlet: qianmen\n    playlist: [{slogan: 你好}]\n",
             ("culture.yml:12: E501 屏幕名称“前门大堂”不能用作网址 — "
             "只用小写字母、数字和连字符，例如 name: qianmen-lobby")),
    "E502": (("  - name: a\n    outlet: qianmen\n    playlist: [{slogan: 你好}]\n"
             "  - name: a\n    outlet: qianmen\n    playlist: [{slogan: 你好}]\n"),
             ("culture.yml:15: E502 屏幕名称“a”重复 — "
             "每块屏幕的 name 必须不同（name 就是屏幕的网址 screen/名称/）")),
    "E503": (("  - name: a\n    outlet: qianmen\n    hours: [{time: 9点-17点}]\n"
             "    playlist: [{slogan: 你好}]\n"),
             ("culture.yml:14: E503 时段“9点-17点”无法识别 — "
             "写成 开始-结束，例如 time: 09:00-17:00；跨午夜写 time: 22:00-06:00")),
    "E504": (("  - name: a\n    outlet: qianmen\n    playlist:\n      - slogan: 你好\n"
             "        schedule: {days: weekdays}\n"),
             ("culture.yml:16: E504 星期“weekdays”无法识别 — "
             "写成 days: mon-fri、days: sat, sun 或 days: 周一至周五")),
    "E505": ("  - name: a\n    outlet: qianmen\n    playlist:\n      - duration: 5\n",
             ("culture.yml:15: E505 播放项没有指定内容 — "
             "写 section（栏目）、tags（标签）或 outlet（网点）选故事，或写 slogan: 标语文字")),
    "E506": (("  - name: a\n    outlet: qianmen\n    playlist:\n      - slogan: 你好\n"
             "        section: moments\n"),
             ("culture.yml:15: E506 播放项同时写了 slogan 和 section — "
             "标语和故事请分成两个播放项，各写一个“- ”开头的条目")),
    "E507": (("  - name: a\n    outlet: qianmen\n    playlist:\n      - slogan: 你好\n"
             "        schedule:\n          from: 2024-10-01\n          until: 2024-09-01\n"),
             ("culture.yml:17: E507 开始日期 from（2024-10-01）晚于结束日期 until（2024-09-01） — "
             "把 from 改到 until 之前（两天都包含在内）")),
    "E508": ("  - name: a\n    outlet: qianmen\n    playlist: []\n",
             ("culture.yml:14: E508 播放列表 playlist 是空的 — "
             "至少写一项，例如 playlist: [{section: moments, newest: 5}]")),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_screen_problem_has_its_exact_message(project, code):
    body, expected = CASES[code]
    screens, problems = screens_of(project, with_screen(body))
    assert messages(problems) == [expected]
    assert screens == () or code == "E502"


def test_typos_unknown_outlets_and_bad_values_are_all_reported_at_once(project):
    body = ("  - name: a\n    outlet: qianmenn\n    orientation: vertical\n"
            "    playlist:\n      - section: moment\n        durations: 5\n"
            "      - slogan: 你好\n        duration: 1\n")
    screens, problems = screens_of(project, with_screen(body))
    assert messages(problems) == [
        "culture.yml:13: E207 未知网点“qianmenn” — 是不是想写“qianmen”？（网点在 culture.yml 的 outlets 中声明）",
        "culture.yml:14: E205 字段“orientation”的值“vertical”不在可选范围内 — 可选值：landscape、portrait",
        ("culture.yml:16: E205 字段“section”的值“moment”不在可选范围内 — "
        "可选值：culture-wall、pioneer-posts、moments、talk"),
        "culture.yml:17: E201 未知字段“durations” — 是不是想写“duration”？",
        "culture.yml:19: E212 字段“duration”的值 1 不合理 — 写成 3 到 600 之间的整数（秒）",
    ]
    assert screens == ()


def test_a_screen_without_playlist_or_outlet_names_the_missing_fields(project):
    _screens, problems = screens_of(project, with_screen("  - name: a\n"))
    assert messages(problems) == [
        "culture.yml:12: E202 缺少必填字段“outlet”：所在网点编号 — 添加一行 outlet: qianmen",
        ("culture.yml:12: E202 缺少必填字段“playlist”：播放列表 — "
        "添加一行 playlist: [{section: moments, newest: 5}]"),
    ]


def test_empty_values_are_named_as_empty_never_as_none(project):
    body = ("  - name: a\n    outlet: qianmen\n    hours:\n      -\n"
            "    playlist:\n      -\n      - slogan: 你好\n        schedule:\n"
            "      - slogan: 再见\n        schedule:\n          from:\n          time: 09:00-17:00\n")
    screens, problems = screens_of(project, with_screen(body))
    assert messages(problems) == [
        "culture.yml:15: E216 字段“hours”不能为空 — 填写内容，或删除这一行",
        ("culture.yml:17: E505 播放项没有指定内容 — "
        "写 section（栏目）、tags（标签）或 outlet（网点）选故事，或写 slogan: 标语文字"),
        "culture.yml:19: E216 字段“schedule”不能为空 — 填写内容，或删除这一行",
        "culture.yml:22: E216 字段“from”不能为空 — 填写内容，或删除这一行",
    ]
    assert screens == ()


def test_days_written_as_a_mapping_are_described_not_shown_as_python(project):
    body = "  - name: a\n    outlet: qianmen\n    hours:\n      - {days: {mon: 1}, time: 09:00-17:00}\n" \
           "    playlist: [{slogan: 你好}]\n"
    _, problems = screens_of(project, with_screen(body))
    assert messages(problems) == [
        "culture.yml:15: E504 星期“一组“字段: 值””无法识别 — 写成 days: mon-fri、days: sat, sun 或 days: 周一至周五"]
