"""`culture hooks install|run`: the git pre-commit check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gallery import clihelp, guard
from gallery.commands.common import guarded, root_option


@click.group(cls=clihelp.Group)
def hooks() -> None:
    """提交前检查（git pre-commit 钩子）：安装、运行。"""


@hooks.command("install")
@click.option("--force", is_flag=True, help="替换已有的别的 pre-commit 钩子（原钩子改名为 pre-commit.orig 保留）。")
@root_option
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
@root_option
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
