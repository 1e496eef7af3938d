"""The administrator's commands on the server: `culture takedown` (and, registered beside it,
the cache budget). Registered on `culture` by gallery.cli."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from gallery import clihelp, disk
from gallery.photos.budget import MB
from gallery.publish import builds, flow, history, takedown
from gallery.publish.queue import locked, queue_dir

WAITING = "另一次发布正在进行，等它完成后接着下架……"


def site_paths(root: Path, site_dir: Path) -> tuple[Path, Path]:
    """The project folder and the served site (relative to the project unless absolute)."""
    root = root.resolve()
    return root, flow.absolute(site_dir if site_dir.is_absolute() else root / site_dir)


@click.command(name="takedown")
@click.argument("story", required=False)
@click.option("--lift", is_flag=True, help="解除对 STORY 的下架（下一次发布时恢复）。")
@click.option("--list", "show", is_flag=True, help="列出下架中的故事。")
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"),
              help="对外提供的网站目录（相对项目目录），默认 site。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（服务器上的工作目录）。")
def takedown_command(story: str | None, lift: bool, show: bool, site_dir: Path,
                     root: Path) -> None:
    """紧急下架故事 STORY：立即从网站、回退版本、照片库和大堂屏撤下。

    STORY 写故事目录（如 moments/2026-11-01-nuan-xin）或它的网址。客户撤回同意、
    大堂屏显示了错误内容时使用。以后的发布也不再包含它，直到有人在 Git 里修改或
    删除这个故事，或者运行 culture takedown --lift STORY。

    \b
    退出码：0 已下架；1 找不到故事、网站没有发布过或生成失败（网站不变）；
            3 磁盘已满、只读或没有权限（网站不变）。说明见 docs/publishing.md。
    """
    root, target = site_paths(root, site_dir)
    if show:
        listed(target)
    elif not story:
        click.echo("请写出要下架的故事，例如 culture takedown moments/2026-11-01-nuan-xin；"
                   "列出下架中的故事：culture takedown --list。", err=True)
        sys.exit(2)
    elif lift:
        lifted(target, story)
    else:
        take_down(root, target, story)


def listed(target: Path) -> None:
    """Print the takedown list."""
    entries = takedown.read(target)
    if not entries:
        click.echo("没有下架中的故事。")
    for entry in entries:
        when = str(entry.get("time", "")).replace("T", " ")[:16]
        by = entry.get("by")
        who = f" 由 {by}" if isinstance(by, str) and by.strip() else ""
        click.echo(f"{entry['story']}：{when}{who} 下架")


def lifted(target: Path, story: str) -> None:
    """Take `story` off the list (under the publish lock)."""
    with locked(queue_dir(target) / "lock", lambda: click.echo(WAITING, err=True)):
        entries = takedown.read(target)
        names = {e["story"] for e in entries}
        name = story.strip().strip("/").removeprefix("site_src/")
        if name not in names:
            click.echo(f"“{story}”不在下架名单里，没有改动。下架中的故事："
                       f"{'、'.join(sorted(names)) or '无'}。", err=True)
            sys.exit(1)
        takedown.write(target, [e for e in entries if e["story"] != name])
        takedown.record_lifts(target, [takedown.Lifted(name, "manual")], takedown.operator())
        with contextlib.suppress(OSError):  # the page catches up at the next publish
            history.refresh(target)
    click.echo(f"已解除下架：{name}。下一次发布（culture publish）时它会重新上线。")


def take_down(root: Path, target: Path, story: str) -> None:
    """Run the takedown and tell what it did."""
    if not target.is_symlink():
        click.echo(f"{target.as_posix()} 还没有用 culture publish 发布过，没有可下架的内容。",
                   err=True)
        sys.exit(1)
    try:
        done = flow.takedown_site(root, target, story, waiting=lambda: click.echo(WAITING,
                                                                                  err=True))
    except takedown.UnknownStory:
        click.echo(f"找不到故事“{story}”：请写故事目录（如 moments/2026-11-01-nuan-xin）"
                   "或它的网址。网站没有改动。", err=True)
        sys.exit(1)
    except builds.BuildFailed as failed:
        code = disk.EXIT if failed.code == disk.EXIT else 1
        click.echo("下架失败：重新生成网站没有成功（原因见上面的提示），网站和下架名单都没有改动，"
                   "故事仍在显示。请处理后重试；情况紧急时可先关闭大堂屏。", err=True)
        sys.exit(code)
    except OSError as err:
        if not disk.is_disk_error(err):
            raise
        click.echo(disk.message(err), err=True)
        click.echo("下架失败：网站和下架名单都没有改动，故事仍在显示。请处理后重试。", err=True)
        sys.exit(disk.EXIT)
    for line in report(done):
        click.echo(line)


def report(done: flow.TakenDown) -> list[str]:
    """What a takedown did, for the administrator."""
    lines = [(f"已下架：{done.story}。网站已切换到不含它的新版本 {done.live.name}；"
             "大堂屏在下一次检查更新时撤下它，并从离线缓存中删除它的照片。")]
    if done.rollback:
        lines.append(f"回退版本已重新生成，不含它：{done.rollback.name}。")
    elif done.failed:
        lines.append(f"回退版本无法重新生成（{done.failed}），含有它的旧版本已删除：现在没有可回退的版本，"
                     "下一次发布后会再有。")
    else:
        lines.append("没有回退版本。")
    if done.unlinked:
        lines.append("其他页面里指向它的链接已改为普通文字（链接文字保留）：")
        lines += [f"  {where}" for where in done.unlinked]
    lines.append(f"删除了 {len(done.retired)} 个含有它的旧版本，照片库删除了 {done.photos} 个文件。")
    lines.append("以后的发布不会再包含它，直到有人在 Git 里修改或删除这个故事，"
                 "或者运行 culture takedown --lift 解除。")
    return lines


@click.group(name="cache", cls=clihelp.Group)
def cache_group() -> None:
    """照片缓存（.cache/photos）：按 culture.yml 的磁盘预算清理。"""


@cache_group.command(name="prune")
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"),
              help="对外提供的网站目录（相对项目目录），默认 site。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（culture.yml 所在目录）。")
def cache_prune(site_dir: Path, root: Path) -> None:
    """把照片缓存清理到 culture.yml 的 images: cache_mb 以内（最久没用的先删）。

    正在提供的版本和回退版本用到的照片永远不删；删掉的只在以后需要时重新生成。
    每次发布结束时也会自动按预算清理。

    \b
    退出码：0 已在预算以内；1 预算写错了（什么也没删），或只保留必须的照片也超出预算；
            3 磁盘只读或没有权限。
    """
    root, target = site_paths(root, site_dir)
    try:
        done = flow.prune_cache_site(root, target,
                                     waiting=lambda: click.echo(WAITING_PRUNE, err=True))
    except flow.BadBudget as bad:
        for found in bad.problems:
            click.echo(str(found), err=True)
        click.echo("没有清理：请按上面的提示改正 culture.yml 的 images: cache_mb 后重试。", err=True)
        sys.exit(1)
    except OSError as err:
        if not disk.is_disk_error(err):
            raise
        click.echo(disk.message(err), err=True)
        sys.exit(disk.EXIT)
    limit = flow.budget_mb(root)
    click.echo(f"照片缓存：清理前 {mb(done.before)} MB（{done.entries} 张照片），预算 {limit} MB；"
               f"删除了 {done.removed} 张最久没用的，现在 {mb(done.after)} MB。"
               f"正在提供的版本和回退版本用到的 {done.kept} 张照片保留。")
    if done.after > limit * MB:
        click.echo(f"仍然超出预算：只保留网站正在用的照片也需要 {mb(done.after)} MB。"
                   "请调大 images: cache_mb，或给服务器加磁盘。", err=True)
        sys.exit(1)


def mb(size: int) -> str:
    """Bytes as megabytes with one decimal."""
    return f"{size / MB:.1f}"


WAITING_PRUNE = "另一次发布正在进行，等它完成后再清理……"
COMMANDS = (takedown_command, cache_group)
