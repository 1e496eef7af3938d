"""`culture server init` installs the Git hooks on the server; `culture server pre-receive`
and `post-receive` are the hooks (registered under `culture server` by gallery.cli)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from gallery.publish import gitserver
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
def init(bare: Path, site: Path, work: Path | None, branch: str) -> None:
    """在裸仓库 BARE 中安装推送钩子：推送前检查，推送后自动发布到 --site。"""
    site = Path(click.format_filename(site)).absolute()
    setup = Server(bare=bare.absolute(), work=(work or site.parent / "work").absolute(),
                   site=site, culture=gitserver.culture_command(), branch=branch)
    try:
        lines = gitserver.init(setup)
    except ServerError as err:
        click.echo(f"没有安装：{err}。", err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)
    click.echo(f"完成：推送到 {setup.bare} 的 {branch} 分支会先检查，通过后自动发布到 {site}；"
               f"发布日志在 {setup.log()}。")


@click.command("pre-receive")
@hook_options
def pre_receive(work: Path, site: Path, branch: str) -> None:
    """（钩子）检查推送来的提交，有错误就拒绝推送。"""
    setup = Server(bare=Path("."), work=work, site=site, culture=gitserver.culture_command(),
                   branch=branch)
    pushed = gitserver.updates(sys.stdin, branch)
    if pushed is None or pushed[1] == gitserver.ZERO:
        return
    click.echo(f"正在检查提交 {pushed[1][:10]}……", err=True)
    try:
        code = gitserver.check_commit(setup, pushed[1], lambda line: click.echo(line, err=True))
    except ServerError as err:
        click.echo(f"服务器无法检查这次推送：{err}。请把这段提示发给管理员。", err=True)
        sys.exit(1)
    if code != 0:
        click.echo(REFUSED, err=True)
        sys.exit(1)


@click.command("post-receive")
@hook_options
def post_receive(work: Path, site: Path, branch: str) -> None:
    """（钩子）发布推送来的分支：只改紧急通知时立即发布，否则排队生成整个网站。"""
    setup = Server(bare=Path("."), work=work, site=site, culture=gitserver.culture_command(),
                   branch=branch)
    pushed = gitserver.updates(sys.stdin, branch)
    if pushed is None or pushed[1] == gitserver.ZERO:
        return
    old, new = pushed
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
