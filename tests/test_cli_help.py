"""Chinese help for every `culture` command, click's own words included; `python -m gallery`."""

from __future__ import annotations

import re
import subprocess
import sys

import click
from click.testing import CliRunner

from gallery import clihelp
from gallery.cli import COMMANDS, SERVER_COMMANDS, LazyGroup, main

# What click prints on its own in English (headings, placeholders, the help option, errors).
CLICK_ENGLISH = re.compile(r"Usage|Options|Commands|Arguments|Show this message|OPTIONS|COMMAND|"
                           r"ARGS|TEXT|PATH|DIRECTORY|FILE|INTEGER|RANGE|default:|required|"
                           r"Error:|Try '|Missing|No such|Choose from|Invalid value")


def commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command path of the `culture` tree, groups included (lazy ones loaded)."""
    yield path
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


def test_every_help_is_chinese():
    runner = CliRunner()
    paths = list(commands(main))
    assert ("serve",) in paths and ("check",) in paths
    for path in paths:
        result = runner.invoke(main, [*path, "--help"], prog_name="culture")
        assert result.exit_code == 0, (path, result.output)
        assert not CLICK_ENGLISH.search(result.output), (path, result.output)
        assert result.output.startswith(f"用法: {' '.join(('culture', *path))} [选项]")
        assert "  -h, --help" in result.output and "显示本帮助并退出。" in result.output


def test_a_plain_click_command_added_later_is_chinese_too():
    group = clihelp.Group("g")
    group.add_command(click.Command("old", params=[click.Option(["--root"], type=click.Path())],
                                    help="旧名字。"))
    result = CliRunner().invoke(group, ["old", "--help"], prog_name="g")
    assert result.output.startswith("用法: g old [选项]\n") and "--root 路径" in result.output
    assert not CLICK_ENGLISH.search(result.output)


def test_serve_help_exactly():
    result = CliRunner().invoke(main, ["serve", "-h"], prog_name="culture")
    assert result.output == (
        "用法: culture serve [选项]\n\n"
        "  在本机预览网站（http://127.0.0.1:8000/）：保存文件后自动刷新，内容有问题时每页都会显示。\n\n"
        "选项:\n"
        "  --port 整数   预览端口；被占用时自动改用下一个空闲端口。  [默认：8000; 1<=x<=65535]\n"
        "  --root 目录   项目目录（culture.yml 所在目录）。\n"
        "  -h, --help  显示本帮助并退出。\n")


def test_usage_errors_are_chinese():
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--bogus"], prog_name="culture")
    assert result.exit_code == 2
    assert result.output == ("用法: culture check [选项]\n运行“culture check --help”查看帮助。\n\n"
                             "错误：没有这个选项：'--bogus'。\n")
    result = runner.invoke(main, ["new", "moments"], prog_name="culture")
    assert "错误：缺少参数 '标题'" in result.output
    result = runner.invoke(main, ["serve", "--port", "x"], prog_name="culture")
    assert "错误：'--port' 的值无效：'x' 不是有效的数字。" in result.output
    result = runner.invoke(main, ["serve", "--port", "70000"], prog_name="culture")
    assert "错误：'--port' 的值无效：70000 不在范围 1<=x<=65535 内。" in result.output
    assert not CLICK_ENGLISH.search(result.output)


def test_python_m_gallery_is_culture():
    result = subprocess.run([sys.executable, "-m", "gallery", "--help"], capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("用法: culture [选项] 命令 [参数]...\n")
    assert "serve" in result.stdout


def test_the_listed_short_help_of_every_lazy_command_is_its_own():
    # `culture --help` lists COMMANDS' short help without importing the commands.
    for group, table in ((main, COMMANDS), (main.commands["server"], SERVER_COMMANDS)):
        assert isinstance(group, LazyGroup)
        ctx = click.Context(group)
        for name, (_where, listed) in table.items():
            command = group.get_command(ctx, name)
            assert command is not None and command.name == name, name
            assert command.get_short_help_str(10**6) == listed, name
        assert set(group.commands) >= set(table)


def test_help_and_check_import_only_what_they_run(tmp_path):
    # Lazy subcommands: `culture --help` imports no command, `culture check` no publishing,
    # server or preview code (start-up times: docs/benchmarks.md).
    probe = ("import sys\nfrom gallery.cli import main\ntry:\n    main(sys.argv[1:])\n"
             "except SystemExit:\n    pass\n"
             "print(' '.join(m for m in sys.modules if m.startswith('gallery.')))")
    (tmp_path / "culture.yml").write_text("name: 测试支行\n", "utf-8")
    loaded = {}
    for args in (["--help"], ["check", "--root", str(tmp_path)]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                              text=True, check=False, timeout=120)
        loaded[args[0]] = set(done.stdout.split("\n")[-2].split())
    assert not any(m.startswith(("gallery.commands.", "gallery.project", "gallery.publish"))
                   for m in loaded["--help"]), loaded["--help"]
    assert "gallery.commands.content" in loaded["check"]
    assert not any(m.startswith(("gallery.publish", "gallery.mkdocs", "gallery.commands.publish",
                                 "gallery.commands.serve", "gallery.gitcli", "gallery.admincli"))
                   for m in loaded["check"]), loaded["check"]
