"""`culture publish` (and its old name `build`), `rollback` and `notice`: the served site."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from gallery import clihelp, disk, paths
from gallery.commands.common import guarded, project_and_site, site_options
from gallery.project import current_notice
from gallery.publish import builds as publish_builds
from gallery.publish import flow, gitserver, live
from gallery.screens.notice import write_notice

WAITING = "另一次发布正在进行，等它完成后接着发布……"
UNCHANGED = "网站没有改动，仍在提供上一次成功生成的版本。"
NEVER_PUBLISHED = "生成失败，网站还没有成功发布过，现在没有可提供的版本。请按上面的提示修改后重试。"


@click.command(cls=clihelp.Command)
@click.option("--pull", is_flag=True,
              help="先把项目目录更新到 Git 仓库（origin）中最新的提交再发布（Git 钩子、定时任务用）。")
@click.option("--verify", is_flag=True,
              help="发布前逐个核对照片库中全部文件的内容（较慢，适合每晚定时运行）。")
@site_options
@guarded
def publish(root: Path, site_dir: Path, verify: bool, pull: bool) -> None:
    """生成整个网站并一次性切换上线：生成失败时继续提供上一次成功的版本。

    可以随时运行、同时运行：后来的会等前一次完成，等待中的几次合并为一次。

    \b
    退出码：0 已上线；1 生成失败（内容有错误或程序问题）；2 命令写错；
            3 磁盘已满、只读或没有权限。网站在失败时不变。说明见 docs/publishing.md。
    """
    root, target = project_and_site(root, site_dir)
    served = os.path.lexists(target)  # whether a failure leaves something served
    try:
        done = flow.publish_site(root, target, verify=verify,
                                 waiting=lambda: click.echo(WAITING, err=True),
                                 prepare=gitserver.pull(root) if pull else None)
    except publish_builds.BuildFailed as failed:
        if failed.code == disk.EXIT:
            click.echo(disk_failed(served), err=True)
            sys.exit(disk.EXIT)
        click.echo(f"生成失败，{UNCHANGED}请按上面的提示修改后重试。" if served else NEVER_PUBLISHED,
                   err=True)
        sys.exit(1)
    except OSError as err:
        if not disk.is_disk_error(err):
            raise
        click.echo(disk.message(err), err=True)
        click.echo(disk_failed(served), err=True)
        sys.exit(disk.EXIT)
    if done.checked is not None:
        click.echo(verified(done), err=True)
    for lifted in done.lifted:
        how = "修改" if lifted.why == "changed" else "删除"
        click.echo(f"解除下架：{lifted.story} 已在 Git 里{how}，这次发布按 Git 里的内容处理。", err=True)
    if not done.ok:
        click.echo(f"生成失败：这次发布与同时发起的另一次合并，那次生成失败。{UNCHANGED}"
                   "请运行 culture check 查看问题，修改后重试。", err=True)
        sys.exit(1)
    click.echo(live_line(target, done.folder, done.commit, done.merged))


# The name cron lines used before: the same command under its old name.
build = clihelp.Command("build", callback=publish.callback, params=publish.params,
                        help="同 culture publish（旧名字，保留给已有的定时任务）。")


def disk_failed(served: bool) -> str:
    """The last line of a publish stopped by the disk."""
    if served:
        return f"发布失败，{UNCHANGED}请按上面的提示处理后重试。"
    return "发布失败，网站还没有成功发布过，现在没有可提供的版本。请按上面的提示处理后重试。"


def verified(done: flow.Published) -> str:
    """The line about the photo store check of --verify."""
    if not done.damaged:
        return f"照片库检查：{done.checked} 个文件全部完好。"
    names = "、".join(p.name for p in done.damaged)
    return (f"照片库检查：{done.checked} 个文件中有 {len(done.damaged)} 个已损坏（{names}），"
            "已移出照片库，本次发布换上了重新核对过的文件。")


def live_line(target: Path, folder: Path | None, commit: str | None, merged: bool) -> str:
    """The one line saying what is live now."""
    shown = folder.as_posix() if folder else "？"
    notes = [f"提交 {commit[:10]}"] if commit else []
    if merged:
        notes.append("由同时发起的另一次发布生成")
    extra = f"（{'，'.join(notes)}）" if notes else ""
    return f"已上线：{target.as_posix()} → {shown}{extra}"


@click.command(cls=clihelp.Command)
@site_options
@guarded
def rollback(root: Path, site_dir: Path) -> None:
    """退回上一个完整的版本（正在提供的版本有问题时使用）。"""
    _, target = project_and_site(root, site_dir)
    if not target.is_symlink():
        click.echo(f"{target.as_posix()} 还没有用 culture publish 发布过，无法回退。", err=True)
        sys.exit(1)
    try:
        build = flow.rollback_site(target, waiting=lambda: click.echo(WAITING, err=True))
    except publish_builds.NoRollback:
        click.echo(f"没有可以回退的版本：只有正在提供的这一个完整版本。{UNCHANGED}", err=True)
        sys.exit(1)
    when = build.time.replace("T", " ")[:16]
    commit = f"提交 {build.commit[:10]}，" if build.commit else ""
    click.echo(f"已回退：{target.as_posix()} → {build.folder.as_posix()}（{commit}{when} 生成）。"
               "下一次发布会重新生成最新内容。")


@click.command(cls=clihelp.Command)
@site_options
@guarded
def notice(root: Path, site_dir: Path) -> None:
    """只发布紧急通知（notice.yml），不重新生成网站：各屏幕在一个检查间隔内显示。"""
    root, target = project_and_site(root, site_dir)
    if not (target / paths.SCREEN_ROOT).is_dir():
        click.echo(f"{target.as_posix()} 里还没有大堂屏，请先运行 culture build。", err=True)
        sys.exit(1)
    written: Path | None = None
    if target.is_symlink():  # published: the notice lives outside the builds (publish.live)
        with live.notice_lock(target):
            notice, problems = current_notice(root)
            if not problems:
                written = live.write_notice(target, notice)
                live.link_into(flow.absolute(target).parent / os.readlink(target),
                               live.live_dir(target))
    else:  # a plain folder (a preview build): its own file
        notice, problems = current_notice(root)
        written = None if problems else write_notice(target, notice)
    for p in problems:
        click.echo(str(p), err=True)
    if problems or written is None:
        click.echo("紧急通知没有发布：请按上面的提示修改 notice.yml 后重试。", err=True)
        sys.exit(1)
    click.echo(describe_notice(written))


def describe_notice(path: Path) -> str:
    """What the screens will show, said in one line for the person who published it."""
    notice = json.loads(path.read_text("utf-8"))["notice"]
    if notice is None:
        return "已撤下紧急通知（notice.yml 不存在或为空）。"
    end = notice["end"].replace("T", " ")
    where = "、".join(notice["screens"]) or "全部屏幕"
    return f"已发布紧急通知“{notice['title']}”，显示在{where}，到 {end} 自动撤下。"
