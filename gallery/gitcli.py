"""`culture server init` installs the Git hooks on the server; `culture server pre-receive`
and `post-receive` are the hooks (registered under `culture server` by gallery.cli)."""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from gallery.publish import gitserver, notify
from gallery.publish.gitserver import Server, ServerError

REFUSED = ("推送被拒绝：这次提交有上面列出的错误，发布会失败，所以没有接收。"
           "请在本机运行 culture check 修改后重新提交、推送。")
QUEUED = "已排队发布：提交 {commit}。生成需要几分钟，结果见内网“发布记录”页。"


def hook_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every hook is started with (written into the hook by `server init`)."""
    for option in (
        click.option("--branch", default="main", show_default=True, help="发布哪个分支。"),
        click.option("--site", "site", required=True, type=click.Path(path_type=Path),
                     help="对外提供的网站目录（绝对路径）。"),
        click.option("--work-tree", "work", required=True, type=click.Path(path_type=Path),
                     help="服务器上的工作目录（发布用的那份内容）。"),
    ):
        command = option(command)
    return command


@click.command()
@click.argument("bare", type=click.Path(path_type=Path))
@click.option("--site", "site", required=True, type=click.Path(path_type=Path),
              help="对外提供的网站目录，例如 /srv/culture/site。")
@click.option("--work-tree", "work", type=click.Path(path_type=Path), default=None,
              help="服务器上的工作目录，默认网站目录旁边的 work。")
@click.option("--branch", default="main", show_default=True, help="发布哪个分支。")
@click.option("--notify", "notify_command", default=None, metavar="命令",
              help="发布失败或大堂屏离线时运行的命令（例如发邮件的脚本），详情从环境变量和标准输入传给它；"
                   "写 \"\" 取消。")
@click.option("--heartbeat-log", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="nginx 心跳日志的路径（不是默认的 /var/log/nginx/culture-heartbeat.log 时），"
                   "发布时据此生成大堂屏状态页。")
def init(bare: Path, site: Path, work: Path | None, branch: str, notify_command: str | None,
         heartbeat_log: Path | None) -> None:
    """在裸仓库 BARE 中安装推送钩子：推送前检查，推送后自动发布到 --site。"""
    site = Path(click.format_filename(site)).absolute()
    setup = Server(bare=bare.absolute(), work=(work or site.parent / "work").absolute(),
                   site=site, culture=gitserver.culture_command(), branch=branch)
    try:
        lines = gitserver.init(setup)
    except ServerError as err:
        click.echo(f"没有安装：{err}。", err=True)
        sys.exit(1)
    if notify_command is not None:
        lines.append(set_notify(site, notify_command))
    if heartbeat_log is not None:
        saved = notify.save(site, "heartbeat_log", str(heartbeat_log.absolute()))
        lines.append(f"已设置心跳日志：{heartbeat_log.absolute()}（保存在 {saved}）")
    for line in lines:
        click.echo(line)
    click.echo(f"完成：推送到 {setup.bare} 的 {branch} 分支会先检查，通过后自动发布到 {site}；"
               f"发布日志在 {setup.log()}。")


def set_notify(site: Path, text: str) -> str:
    """Save the notification command given to --notify; one Chinese line."""
    try:
        argv = shlex.split(text)
    except ValueError as err:
        click.echo(f"没有安装：--notify 的命令写得不对（{err}），引号要成对。", err=True)
        sys.exit(2)
    if argv and not shutil.which(argv[0]):
        click.echo(f"没有安装：找不到通知命令 {argv[0]}（请写绝对路径，并确认它可以执行）。", err=True)
        sys.exit(2)
    path = notify.save(site, "notify", argv or None)
    if not argv:
        return f"已取消通知命令（{path}）"
    return f"已设置通知命令：{shlex.join(argv)}（保存在 {path}；发布失败、大堂屏离线时运行）"


def pushed_branch(work: Path, site: Path, branch: str) -> tuple[Server, tuple[str, str]] | None:
    """The hook's server and the (old, new) commits of `branch` read from the push on stdin;
    None when the push did not update the branch or deleted it."""
    pushed = gitserver.updates(sys.stdin, branch)
    if pushed is None or pushed[1] == gitserver.ZERO:
        return None
    return Server(bare=Path("."), work=work, site=site, culture=gitserver.culture_command(),
                  branch=branch), pushed


@click.command("pre-receive")
@hook_options
def pre_receive(work: Path, site: Path, branch: str) -> None:
    """（钩子）检查推送来的提交，有错误就拒绝推送。"""
    if (found := pushed_branch(work, site, branch)) is None:
        return
    setup, (old, new) = found
    click.echo(f"正在检查提交 {new[:10]}……", err=True)
    try:
        program = gitserver.program_changes(setup, old, new)
        for found_problem in program:
            click.echo(str(found_problem), err=True)
        code = gitserver.check_commit(setup, new, lambda line: click.echo(line, err=True))
    except ServerError as err:
        click.echo(f"服务器无法检查这次推送：{err}。请把这段提示发给管理员。", err=True)
        sys.exit(1)
    if program or code != 0:
        click.echo(REFUSED, err=True)
        sys.exit(1)


@click.command("post-receive")
@hook_options
def post_receive(work: Path, site: Path, branch: str) -> None:
    """（钩子）发布推送来的分支：只改紧急通知时立即发布，否则排队生成整个网站。"""
    if (found := pushed_branch(work, site, branch)) is None:
        return
    setup, (old, new) = found
    if gitserver.notice_only(old, new, site):
        gitserver.take_notice(setup, new)
        done = gitserver.notice_now(setup)
        for line in (done.stderr + done.stdout).splitlines():
            click.echo(line, err=True)
        if done.returncode == 0:
            return
    gitserver.queue_publish(setup)
    click.echo(QUEUED.format(commit=new[:10]), err=True)


COMMANDS = (init, pre_receive, post_receive)
