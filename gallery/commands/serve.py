"""`culture serve`: the local preview."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gallery import clihelp
from gallery.commands.common import guarded, root_option
from gallery.mkdocs import preview


@click.command(cls=clihelp.Command)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="预览端口；被占用时自动改用下一个空闲端口。")
@root_option
@guarded
def serve(port: int, root: Path) -> None:
    """在本机预览网站（http://127.0.0.1:8000/）：保存文件后自动刷新，内容有问题时每页都会显示。"""
    try:
        preview.serve(root.resolve(), "127.0.0.1", port, lambda line: click.echo(line, err=True))
    except preview.PreviewFailed as err:
        click.echo(str(err), err=True)
        sys.exit(1)
