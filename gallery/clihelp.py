"""Chinese for click's own words: usage line, headings, the help option and usage errors.

Click marks its texts for gettext (`from gettext import gettext as _` in each module), but a
gettext catalogue would only be used under a Chinese locale, and staff machines (and cron)
often run in C or English. So the `culture` command installs this small catalogue into click's
modules directly. A text missing here stays English: tests/test_cli_help.py lists the help
output of every command and fails on any English word of click's.
"""

from __future__ import annotations

from types import ModuleType

import click
from click import core, decorators, exceptions, formatting, parser, termui, types

CATALOGUE = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有这个选项：{name!r}。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "Did you mean {possibility}?": "是不是要写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要写其中之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能写值。",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了参数（{args}）",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值中：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 的格式不对，应为 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 的格式不对，应为 {formats} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里要写目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，这里要写文件。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "File": "文件",
    "Directory": "目录",
    "Path": "路径",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(deprecated)": "（已停用）",
}
CLICK_MODULES: tuple[ModuleType, ...] = (core, decorators, exceptions, formatting, parser,
                                         termui, types)


def chinese(message: str) -> str:
    """Click's text in Chinese (unchanged when the catalogue lacks it)."""
    return CATALOGUE.get(message, message)


def chinese_plural(singular: str, plural: str, n: int) -> str:
    """Click's plural texts: Chinese has one form."""
    return chinese(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Chinese: its modules look their texts up in CATALOGUE."""
    for module in CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = chinese  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = chinese_plural  # type: ignore[attr-defined]


# Every command: -h as well as --help, and help text wrapped at 100 columns, not 80.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def metavar(param: click.Parameter) -> str | None:
    """The Chinese placeholder of an option's value in the help (None: click's own)."""
    kind = param.type
    if isinstance(kind, click.Path):
        return "目录" if not kind.file_okay else "文件" if not kind.dir_okay else "路径"
    if isinstance(kind, click.DateTime):
        return "日期" if len(kind.formats) == 1 else "时间"
    if isinstance(kind, click.types.IntParamType):
        return "整数"
    if isinstance(kind, click.types.StringParamType):
        return "文字"
    return None  # choices show their values; flags show none


def localise(command: click.Command) -> click.Command:
    """Chinese placeholders for a command made anywhere (also a plain click.Command added
    with add_command): "[选项]" and each option's value."""
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[选项]"
    if isinstance(command, click.Group) and command.subcommand_metavar == "COMMAND [ARGS]...":
        command.subcommand_metavar = "命令 [参数]..."
    for param in command.params:
        if param.metavar is None and isinstance(param, click.Option):
            param.metavar = metavar(param)
    return command


class Command(click.Command):
    """A command whose help is Chinese throughout, placeholders included."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        localise(self)


class Group(click.Group):
    """A command group whose help, and whose commands' help, is Chinese."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        localise(self)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add a command, its help made Chinese."""
        super().add_command(localise(cmd), name)
