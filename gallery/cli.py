"""The `culture` command: check content, scaffold stories, build the site.

Subcommands load lazily (click's LazyGroup pattern): each is named here with the module that
defines it and its short help, so `culture --help` lists them and `culture check` runs without
importing the publishing, server or preview code. tests/test_cli_help.py keeps every short help
below equal to its command's own.
"""

from __future__ import annotations

import importlib
import os

import click

from gallery import clihelp

clihelp.install()
# Material prints an English end-of-life banner when it is imported unless this is set; the
# mkdocs we run (in this process for serve, as a child for build) inherits it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# name -> ("module:attribute", short help)
COMMANDS = {
    "build": ("gallery.commands.publish:build", "同 culture publish（旧名字，保留给已有的定时任务）。"),
    "cache": ("gallery.admincli:cache_group", "照片缓存（.cache/photos）：按 culture.yml 的磁盘预算清理。"),
    "check": ("gallery.commands.content:check", "检查 site_src/ 中的全部内容，一次列出所有问题。"),
    "hooks": ("gallery.commands.hooks:hooks", "提交前检查（git pre-commit 钩子）：安装、运行。"),
    "new": ("gallery.commands.content:new", "新建一篇故事的目录和 index.md，写好必填字段。"),
    "notice": ("gallery.commands.publish:notice",
               "只发布紧急通知（notice.yml），不重新生成网站：各屏幕在一个检查间隔内显示。"),
    "publish": ("gallery.commands.publish:publish",
                "生成整个网站并一次性切换上线：生成失败时继续提供上一次成功的版本。"),
    "rollback": ("gallery.commands.publish:rollback", "退回上一个完整的版本（正在提供的版本有问题时使用）。"),
    "screens": ("gallery.commands.screens:screens_group", "大堂屏：查看各屏幕的状态。"),
    "serve": ("gallery.commands.serve:serve",
              "在本机预览网站（http://127.0.0.1:8000/）：保存文件后自动刷新，内容有问题时每页都会显示。"),
    "takedown": ("gallery.admincli:takedown_command", "紧急下架故事 STORY：立即从网站、回退版本、照片库和大堂屏撤下。"),
}
SERVER_COMMANDS = {
    "init": ("gallery.gitcli:init", "在裸仓库 BARE 中安装推送钩子：推送前检查，推送后自动发布到 --site。"),
    "nginx": ("gallery.commands.server:nginx_command",
              "打印 nginx 站点配置（预压缩、缓存、子路径、心跳日志、可选 HTTPS），见 docs/server.md。"),
    "post-receive": ("gallery.gitcli:post_receive", "（钩子）发布推送来的分支：只改紧急通知时立即发布，否则排队生成整个网站。"),
    "pre-receive": ("gallery.gitcli:pre_receive", "（钩子）检查推送来的提交，有错误就拒绝推送。"),
}


class LazyGroup(clihelp.Group):
    """A group whose commands are imported when first used; its help lists their short help
    from the table without importing them."""

    def __init__(self, *args: object, lazy: dict[str, tuple[str, str]] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, loaded or not."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command `cmd_name`, imported on first use."""
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, attribute = self.lazy[cmd_name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of the help, as click writes it, without importing any command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self.listed_help(ctx, name, limit)) for name in names]
        with formatter.section(clihelp.chinese("Commands")):
            formatter.write_dl(rows)

    def listed_help(self, ctx: click.Context, name: str, limit: int) -> str:
        """A command's line in the list: from the table, or from the loaded command."""
        if name in self.lazy and name not in self.commands:
            return click.Command(name, help=self.lazy[name][1]).get_short_help_str(limit)
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit) if command else ""


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings=clihelp.CONTEXT)
def main() -> None:
    """珠市口支行服务文化展：内容检查、新建故事、预览、生成网站。"""


@main.group(name="server", cls=LazyGroup, lazy=SERVER_COMMANDS)
def server_group() -> None:
    """服务器：Git 推送钩子、nginx 站点配置。"""


if __name__ == "__main__":  # the git hook runs `python -m gallery.cli hooks run`
    main()
