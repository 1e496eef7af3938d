"""The `culture` command: check content, scaffold stories, build the site."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from gallery import admincli, clihelp, disk, gitcli, guard, internal, paths
from gallery.content.load import DOCS_DIR
from gallery.content.records import SECTIONS
from gallery.content.scaffold import scaffold
from gallery.content.settings import check_settings, load_settings, read_settings
from gallery.mkdocs import preview
from gallery.problems import Problem
from gallery.project import Project, current_notice, load_project
from gallery.publish import builds as publish_builds
from gallery.publish import fleet, flow, gitserver, live, nginx, notify
from gallery.screens import status
from gallery.screens.config import check_screens
from gallery.screens.notice import write_notice

clihelp.install()
# Material prints an English end-of-life banner when it is imported unless this is set; the
# mkdocs we run (in this process for serve, as a child for build) inherits it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@click.group(cls=clihelp.Group, context_settings=clihelp.CONTEXT)
def main() -> None:
    """珠市口支行服务文化展：内容检查、新建故事、预览、生成网站。"""


def guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Tell a bug of ours as one Chinese line with its log, never as a traceback."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own ways out: usage errors, exit codes, Ctrl-C
        except Exception as err:  # noqa: BLE001 - any other exception is a bug of ours
            if isinstance(err, OSError) and disk.is_disk_error(err):
                click.echo(disk.message(err), err=True)  # the server's disk, not a bug
                sys.exit(disk.EXIT)
            root = kwargs.get("root")
            click.echo(internal.report(err, root if isinstance(root, Path) else Path(".")),
                       err=True)
            sys.exit(1)

    return run


@main.command()
@click.option("--strict", is_flag=True, help="警告也算失败。")
@click.option("--photos", is_flag=True,
              help="同时检查照片文件（并生成缩略图存入缓存，之后生成网站更快）。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（culture.yml 所在目录）。")
@guarded
def check(strict: bool, photos: bool, root: Path) -> None:
    """检查 site_src/ 中的全部内容，一次列出所有问题。"""
    project = load_project(root.resolve())
    broken = check_photos(project) if photos else sniff_photos(project)
    for p in sorted((*project.problems, *broken)):
        click.echo(str(p), err=True)
    skipped = project.settings.images.skip_broken
    errors = len(project.errors) + (0 if skipped else len(broken))
    warnings = len(project.warnings)
    stories = len(project.site.stories)
    click.echo(f"检查完成：{stories} 篇故事，{errors} 个错误，{warnings} 个警告。", err=True)
    sys.exit(1 if errors or (strict and warnings) else 0)


def sniff_photos(project: Project) -> list[Problem]:
    """The photo problems found from the first bytes of each file (no decoding: fast)."""
    from gallery.photos import sniff

    return sniff.sniff_photos(sniff.story_photos(project.site), root=project.root)


def check_photos(project: Project) -> list[Problem]:
    """The photo problems (E3xx) of the visible stories; derivatives land in the cache."""
    from gallery.photos import plan
    from gallery.photos.progress import TerminalProgress

    progress = TerminalProgress("照片处理", lambda line: click.echo(line, err=True))
    _, broken = plan.process(plan.story_photos(project.site), project.settings.images,
                               project.root / paths.PHOTO_CACHE_DIR, root=project.root,
                               reporter=progress, extra=project.lobby_widths())
    return broken


@main.command()
@click.argument("section", type=click.Choice(list(SECTIONS)), metavar="栏目")
@click.argument("title", metavar="标题")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="日期，默认今天（YYYY-MM-DD）。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（culture.yml 所在目录）。")
@guarded
def new(section: str, title: str, day: dt.datetime | None, root: Path) -> None:
    """新建一篇故事的目录和 index.md，写好必填字段。

    栏目为 culture-wall、pioneer-posts、moments、talk 或 morning，标题为中文标题。
    """
    if not title.strip():
        click.echo("标题不能为空：请在栏目后面写上中文标题，例如 culture new moments \"暖心服务\"。", err=True)
        sys.exit(1)
    when = day.date() if day else dt.date.today()
    relative = Path(DOCS_DIR) / section / paths.story_slug(title, when)
    folder = root / relative
    if folder.exists():
        click.echo(f"{relative.as_posix()} 已存在，没有改动。请换一个标题或日期。", err=True)
        sys.exit(1)
    outlets = [o.id for o in load_settings(root)[0].outlets]
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(scaffold(section, title, when, outlets), "utf-8")
    click.echo(f"已新建 {(relative / 'index.md').as_posix()}：填写字段、放入照片后运行 culture check。")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="预览端口；被占用时自动改用下一个空闲端口。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（culture.yml 所在目录）。")
@guarded
def serve(port: int, root: Path) -> None:
    """在本机预览网站（http://127.0.0.1:8000/）：保存文件后自动刷新，内容有问题时每页都会显示。"""
    try:
        preview.serve(root.resolve(), "127.0.0.1", port, lambda line: click.echo(line, err=True))
    except preview.PreviewFailed as err:
        click.echo(str(err), err=True)
        sys.exit(1)


def site_options(command: Callable[..., None]) -> Callable[..., None]:
    """The --root and --site-dir options of the commands that write the served site."""
    command = click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"),
                           help="对外提供的网站目录（相对项目目录），默认 site。")(command)
    return click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), help="项目目录（culture.yml 所在目录）。")(command)


def _served(root: Path, site_dir: Path) -> tuple[Path, Path]:
    """The project folder and the served site folder (relative to the project unless absolute)."""
    root = root.resolve()
    return root, site_dir if site_dir.is_absolute() else root / site_dir


WAITING = "另一次发布正在进行，等它完成后接着发布……"
UNCHANGED = "网站没有改动，仍在提供上一次成功生成的版本。"
NEVER_PUBLISHED = "生成失败，网站还没有成功发布过，现在没有可提供的版本。请按上面的提示修改后重试。"


@main.command()
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
    root, target = _served(root, site_dir)
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
main.add_command(clihelp.Command("build", callback=publish.callback, params=publish.params,
                                 help="同 culture publish（旧名字，保留给已有的定时任务）。"))


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


@main.command()
@site_options
@guarded
def rollback(root: Path, site_dir: Path) -> None:
    """退回上一个完整的版本（正在提供的版本有问题时使用）。"""
    _, target = _served(root, site_dir)
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


@main.command()
@site_options
@guarded
def notice(root: Path, site_dir: Path) -> None:
    """只发布紧急通知（notice.yml），不重新生成网站：各屏幕在一个检查间隔内显示。"""
    root, target = _served(root, site_dir)
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


@main.group(name="screens")
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
    root, target = _served(root, site_dir)
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


@main.group(name="server")
def server_group() -> None:
    """服务器：Git 推送钩子、nginx 站点配置。"""


@server_group.command(name="nginx")
@click.option("--prefix", default="/", show_default=True,
              help="网站所在的子路径，例如 /culture/（网址 https://服务器/culture/）。")
@click.option("--server-name", default="_", show_default=True, help="服务器域名，例如 culture.zsk.example。")
@click.option("--listen", default=None, help="监听端口（可带地址），默认 80；有证书时 443。")
@click.option("--heartbeat-log", type=click.Path(path_type=Path), default=status.HEARTBEAT_LOG,
              show_default=True, help="大堂屏心跳日志（culture screens status 读它）。")
@click.option("--brotli/--no-brotli", default=None,
              help="启用 brotli_static（默认：nginx 已加载该模块时启用）。")
@click.option("--cert", type=click.Path(path_type=Path), default=None, help="HTTPS 证书（PEM，含中间证书）。")
@click.option("--key", type=click.Path(path_type=Path), default=None, help="HTTPS 私钥（PEM）。")
@site_options
@guarded
def nginx_command(prefix: str, server_name: str, listen: str | None, heartbeat_log: Path,
                  brotli: bool | None, cert: Path | None, key: Path | None, root: Path,
                  site_dir: Path) -> None:
    """打印 nginx 站点配置（预压缩、缓存、子路径、心跳日志、可选 HTTPS），见 docs/server.md。"""
    if (cert is None) != (key is None):
        click.echo("--cert 和 --key 要一起给出（证书和私钥）。", err=True)
        sys.exit(1)
    root = Path(os.path.abspath(root))  # not resolve(): `site` is a link nginx must follow
    target = site_dir if site_dir.is_absolute() else root / site_dir
    tls = nginx.Tls(Path(os.path.abspath(cert)), Path(os.path.abspath(key))) \
        if cert and key else None
    site = nginx.Site(target, prefix, server_name, listen or ("443" if tls else "80"),
                      heartbeat_log, nginx.brotli_loaded() if brotli is None else brotli, tls)
    try:
        click.echo(nginx.render(site), nl=False)
    except nginx.BadValue as err:
        click.echo(str(err), err=True)
        sys.exit(1)


@main.group()
def hooks() -> None:
    """提交前检查（git pre-commit 钩子）：安装、运行。"""


@hooks.command("install")
@click.option("--force", is_flag=True, help="替换已有的别的 pre-commit 钩子（原钩子改名为 pre-commit.orig 保留）。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（culture.yml 所在目录）。")
@guarded
def hooks_install(force: bool, root: Path) -> None:
    """安装 git 提交前检查：每次 git commit 先检查暂存的内容和照片大小。"""
    try:
        said, ok = guard.install(root, sys.executable, force)
    except guard.GitError:
        click.echo("这里不是 git 仓库（或没有安装 git）：请在项目目录里运行。", err=True)
        sys.exit(1)
    click.echo(said, err=not ok)
    sys.exit(0 if ok else 1)


@hooks.command("run")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目目录（culture.yml 所在目录）。")
@guarded
def hooks_run(root: Path) -> None:
    """检查暂存（git add 过）的内容，有错误、警告或过大的照片时拒绝提交。"""
    try:
        problems = guard.check_staged(root)
    except guard.GitError:
        click.echo("这里不是 git 仓库（或没有安装 git）：请在项目目录里运行。", err=True)
        sys.exit(1)
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        errors = sum(not p.is_warning for p in problems)
        click.echo(f"提交被拒绝：暂存的内容有 {errors} 个错误，{len(problems) - errors} 个警告。"
                   "请按上面的提示修改，git add 后重新提交。", err=True)
        sys.exit(1)


for _command in gitcli.COMMANDS:
    server_group.add_command(_command)
for _command in admincli.COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":  # the git hook runs `python -m gallery.cli hooks run`
    main()
