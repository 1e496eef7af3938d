"""What the subcommands share: a bug of ours told in one line, the site options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import click

from gallery import disk, internal


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


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                           default=Path("."), help="项目目录（culture.yml 所在目录）。")


def site_options(command: Callable[..., None]) -> Callable[..., None]:
    """The --root and --site-dir options of the commands that write the served site."""
    command = click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"),
                           help="对外提供的网站目录（相对项目目录），默认 site。")(command)
    return root_option(command)


def project_and_site(root: Path, site_dir: Path) -> tuple[Path, Path]:
    """The project folder and the served site folder (relative to the project unless absolute)."""
    root = root.resolve()
    return root, site_dir if site_dir.is_absolute() else root / site_dir
