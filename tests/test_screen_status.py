"""`culture screens status`: heartbeat lines (the nginx log format we ship) read into the
fleet list, exact text; malformed lines are counted, never fatal."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from support import SETTINGS, write_tree

from gallery.cli import main
from gallery.content.settings import read_settings
from gallery.screens import status
from gallery.screens.config import check_screens

SCREENS = """\
screens:
  - name: qianmen-lobby
    outlet: qianmen
    playlist: [{slogan: 客户为尊}]
  - name: tianqiao-lobby
    outlet: tianqiao
    heartbeat: 30
    playlist: [{slogan: 客户为尊}]
  - name: spare
    outlet: qianmen
    playlist: [{slogan: 客户为尊}]
"""
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LOG = """\
2026-11-30T09:58:00+08:00 10.1.2.3 200 "screen=qianmen-lobby&build=old1&player=p1&item=slogan-0"
2026-11-30T09:59:30+08:00 10.1.2.3 200 "screen=qianmen-lobby&build=new1&player=p1&item=moments%2F2024-05-01-a"
this is not a heartbeat
2026-11-30T09:40:00+08:00 10.1.2.9 304 "screen=tianqiao-lobby&build=old2&player=p1&item=closed"
2026-13-45T09:40:00+08:00 10.1.2.9 200 "screen=tianqiao-lobby&build=x&item=y"
2026-11-30T09:50:00+08:00 10.1.2.7 200 "screen=old-lobby&build=x&player=p1&item=notice"
2026-11-30T09:51:00+08:00 10.1.2.7 200 "screen=../etc&build=x"
\x00\xff garbage \x22
"""


def site_with(root, name: str, build: str) -> None:
    """A published screen folder: version.json and a playlist with one titled item."""
    playlist = {"items": [{"id": "moments/2024-05-01-a", "title": "暖心服务在前门"}],
                "fallback": {"id": "fallback", "title": "珠市口支行"}}
    write_tree(root, {f"site/screen/{name}/version.json": json.dumps({"build": build}),
                      f"site/screen/{name}/playlist.json": json.dumps(playlist)})


def test_a_heartbeat_line_parses_into_its_fields():
    beat = status.parse_line('2026-11-30T09:59:30+08:00 10.1.2.3 200 '
                             '"screen=lobby&build=b1&player=p&item=%E6%9A%96\\x22"')
    assert beat == status.Heartbeat(NOW - dt.timedelta(seconds=30), "10.1.2.3", "lobby", "b1",
                                    '暖"')


def test_lines_that_are_not_heartbeats_are_skipped_and_counted():
    for line in ("", "garbage", '2026-11-30T09:59:30 1.2.3.4 200 "screen=lobby"',
                 '2026-11-30T09:59:30+08:00 1.2.3.4 200 "build=x"',
                 '2026-11-30T09:59:30+08:00 1.2.3.4 200 "screen=A%20B"',
                 '2026-11-30T09:59:30+08:00 1.2.3.4 20 "screen=lobby"'):
        assert status.parse_line(line) is None, line
    log = status.read_log(LOG.splitlines())
    assert log.skipped == 4
    assert log.last["qianmen-lobby"].build == "new1"  # the newest line wins
    assert set(log.last) == {"qianmen-lobby", "tianqiao-lobby", "old-lobby"}


def test_the_fleet_list_names_every_declared_screen(tmp_path):
    write_tree(tmp_path, {"culture.yml": SETTINGS + SCREENS, "hb.log": LOG})
    site_with(tmp_path, "qianmen-lobby", "new1")
    site_with(tmp_path, "tianqiao-lobby", "new2")
    result = CliRunner().invoke(main, ["screens", "status", str(tmp_path / "hb.log"), "--root",
                                       str(tmp_path), "--at", "2026-11-30T10:00:00+0800"])
    assert result.output == f"""\
大堂屏状态（心跳日志 {tmp_path / 'hb.log'}，截至 2026-11-30 10:00:00）：
qianmen-lobby（前门支行）：正常。最后心跳 2026-11-30 09:59:30（30 秒前），版本 new1（最新），正在播放 “暖心服务在前门”（moments/2024-05-01-a）。
tianqiao-lobby（天桥支行）：离线（超过 90 秒没有心跳），版本落后。最后心跳 2026-11-30 09:40:00（20 分钟前），版本 old2（最新为 new2），最后播放 营业时间外（黑屏）。
spare（前门支行）：离线，从未收到心跳。
共 3 块屏幕：1 块正常，2 块离线，1 块版本落后。
日志里还有 culture.yml 没有声明的屏幕：old-lobby。
跳过了 4 行无法识别的日志（不是心跳格式）。
"""
    assert result.exit_code == 1


def test_all_screens_well_exits_zero(tmp_path):
    write_tree(tmp_path, {"culture.yml": SETTINGS + SCREENS.split("  - name: tianqiao")[0],
                          "hb.log": LOG.splitlines()[1] + "\n"})
    site_with(tmp_path, "qianmen-lobby", "new1")
    result = CliRunner().invoke(main, ["screens", "status", str(tmp_path / "hb.log"), "--root",
                                       str(tmp_path), "--at", "2026-11-30T10:02:00+0800"])
    assert result.exit_code == 0, result.output
    assert "（最新）" in result.output
    assert "共 1 块屏幕：1 块正常，0 块离线，0 块版本落后。" in result.output


def test_a_screen_missing_from_the_site_says_so():
    screen = status.ScreenStatus(_screen(), status.parse_line(LOG.splitlines()[0]), None, {})
    line = status.screen_line(screen, {"qianmen": "前门支行"}, NOW)
    assert line == ("qianmen-lobby（前门支行）：正常。最后心跳 2026-11-30 09:58:00（2 分钟前），"
                    "版本 old1（网站里没有这块屏幕的最新版本），正在播放 slogan-0。")


def test_a_missing_log_is_one_line_not_a_traceback(tmp_path):
    write_tree(tmp_path, {"culture.yml": SETTINGS + SCREENS})
    result = CliRunner().invoke(main, ["screens", "status", str(tmp_path / "none.log"),
                                       "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (f"读不了心跳日志 {tmp_path / 'none.log'}：No such file or directory。"
                             "请写明日志路径（nginx 配置里 access_log … culture_heartbeat 那一行），"
                             "或用 sudo 运行。\n")


def test_no_declared_screens(tmp_path):
    write_tree(tmp_path, {"culture.yml": SETTINGS, "hb.log": ""})
    result = CliRunner().invoke(main, ["screens", "status", str(tmp_path / "hb.log"), "--root",
                                       str(tmp_path), "--at", "2026-11-30 10:00:00"])
    assert result.output.splitlines()[1:] == ["culture.yml 里没有声明大堂屏（screens:）。"]
    assert result.exit_code == 0


def test_ages_and_spans_read_naturally():
    assert [status.age(s) for s in (0.2, 5, 60, 3599, 7200, 3 * 86400)] == [
        "刚刚", "5 秒前", "1 分钟前", "59 分钟前", "2 小时前", "3 天前"]
    assert [status.span(s) for s in (90, 180)] == ["90 秒", "3 分钟"]


def _screen():
    """The first screen of SCREENS, checked as culture.yml would be."""
    with tempfile.TemporaryDirectory() as folder:
        write_tree(Path(folder), {"culture.yml": SETTINGS + SCREENS})
        file, _ = read_settings(Path(folder))
        screens, problems = check_screens(file, {"qianmen": "前门支行", "tianqiao": "天桥支行"})
    assert not problems
    return screens[0]
