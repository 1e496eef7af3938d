"""`culture check` and `culture new`: the staff's content commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from gallery import clihelp, paths
from gallery.commands.common import guarded, root_option
from gallery.content.load import DOCS_DIR
from gallery.content.records import SECTIONS
from gallery.content.scaffold import scaffold
from gallery.content.settings import load_settings
from gallery.problems import Problem
from gallery.project import Project, load_project


@click.command(cls=clihelp.Command)
@click.option("--strict", is_flag=True, help="警告也算失败。")
@click.option("--photos", is_flag=True,
              help="同时检查照片文件（并生成缩略图存入缓存，之后生成网站更快）。")
@root_option
@guarded
def check(strict: bool, photos: bool, root: Path) -> None:
    """检查 site_src/ 中的全部内容，一次列出所有问题。"""
    project = load_project(root.resolve())
    broken = check_photos(project) if photos else photo_files(project)
    config = config_file(project)
    for p in sorted((*project.problems, *broken, *config)):
        click.echo(str(p), err=True)
    skipped = project.settings.images.skip_broken
    errors = len(project.errors) + len(config) + (0 if skipped else len(broken))
    warnings = len(project.warnings)
    stories = len(project.site.stories)
    click.echo(f"检查完成：{stories} 篇故事，{errors} 个错误，{warnings} 个警告。", err=True)
    sys.exit(1 if errors or (strict and warnings) else 0)


def photo_files(project: Project) -> list[Problem]:
    """The photo problems found without making derivatives: each file's first bytes, and a
    decode of the photos no build or check has decoded yet (gallery.photos.verify)."""
    from gallery.photos import sniff, verify

    return verify.check_files(sniff.story_photos(project.site), project.settings.images,
                              project.root, project.root / paths.PHOTO_CACHE_DIR)


def config_file(project: Project) -> list[Problem]:
    """E443 when mkdocs.yml cannot be read: publishing would stop there. (A missing one, E442,
    is told by serve and publish: a content folder checked on its own has none.)"""
    from gallery.content import configfile

    found = configfile.config_problem(project.root / configfile.CONFIG_FILE, project.root)
    return [found] if found is not None and found.code != "E442" else []


def check_photos(project: Project) -> list[Problem]:
    """The photo problems (E3xx) of the visible stories; derivatives land in the cache."""
    from gallery.photos import plan
    from gallery.photos.progress import TerminalProgress

    progress = TerminalProgress("照片处理", lambda line: click.echo(line, err=True))
    _, broken = plan.process(plan.story_photos(project.site), project.settings.images,
                               project.root / paths.PHOTO_CACHE_DIR, root=project.root,
                               reporter=progress, extra=project.lobby_widths())
    return broken


@click.command(cls=clihelp.Command)
@click.argument("section", type=click.Choice(list(SECTIONS)), metavar="栏目")
@click.argument("title", metavar="标题")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="日期，默认今天（YYYY-MM-DD）。")
@root_option
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
