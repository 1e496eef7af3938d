"""`culture screens status`: the lobby screens' heartbeats."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from gallery import clihelp
from gallery.commands.common import guarded, project_and_site, site_options
from gallery.content.settings import check_settings, read_settings
from gallery.publish import fleet, flow, notify
from gallery.screens import status
from gallery.screens.config import check_screens


@click.group(name="screens", cls=clihelp.Group)
def screens_group() -> None:
    """大堂屏：查看各屏幕的状态。"""


@screens_group.command(name="status")
@click.argument("access_log", required=False, type=click.Path(dir_okay=False, path_type=Path),
                metavar="[心跳日志]", default=None)
@click.option("--at", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S"]),
              default=None, help="按这个时间判断是否离线（默认现在），例如 2026-11-30 10:00:00。")
@click.option("--page", is_flag=True,
              help="同时更新内网的“大堂屏状态”页，并在有屏幕新离线时运行管理员设置的通知命令（定时任务用）。")
@site_options
@guarded
def status_command(access_log: Path | None, at: dt.datetime | None, page: bool, root: Path,
                   site_dir: Path) -> None:
    """列出 culture.yml 里的每块大堂屏：最后心跳、播放的版本和内容、是否离线或版本落后。

    心跳日志为 nginx 的心跳日志文件（culture server nginx 生成的配置里的路径），默认
    /var/log/nginx/culture-heartbeat.log。有屏幕离线或版本落后时退出码为 1。
    """
    root, target = project_and_site(root, site_dir)
    access_log = access_log or fleet.heartbeat_log(flow.absolute(target))
    file, problems = read_settings(root)
    settings, _ = check_settings(file)
    declared, bad = check_screens(file, settings.outlet_names)
    for p in sorted((*problems, *bad)):
        click.echo(str(p), err=True)
    try:
        with open(access_log, encoding="utf-8", errors="replace") as lines:
            log = status.read_log(lines)
    except OSError as err:
        click.echo(f"读不了心跳日志 {access_log}：{err.strerror or err}。请写明日志路径（nginx "
                   "配置里 access_log … culture_heartbeat 那一行），或用 sudo 运行。", err=True)
        sys.exit(1)
    now = (at if at and at.tzinfo else (at or dt.datetime.now()).astimezone())
    statuses = status.fleet(declared, log, target)
    for line in status.report(statuses, log, settings.outlet_names, now, str(access_log)):
        click.echo(line)
    if page:
        found = fleet.refresh(root, flow.absolute(target), now, access_log)
        if found.warning:
            click.echo(found.warning, err=True)
        click.echo(f"已更新大堂屏状态页（{fleet.SITE_PATH.removesuffix('index.html')}）"
                   + (f"，新离线：{'、'.join(found.newly)}" if found.newly else "")
                   + ("，已运行通知命令。" if found.newly and notify.command(flow.absolute(target))
                      and not found.warning else "。"),
                   err=True)
    sys.exit(0 if status.healthy(statuses, now) else 1)
