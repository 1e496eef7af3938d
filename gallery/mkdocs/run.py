"""`python -m gallery.mkdocs.run build …`: MkDocs' own command line, as `culture publish` runs
it, with every failure told in one line, never as a traceback. A missing or unreadable
mkdocs.yml is told in Chinese before MkDocs reads it (content.configfile).

Failures inside our hooks are already lines (gallery.mkdocs.glue.internal_errors); this
catches what happens outside them: MkDocs writing pages or a plugin (tags, search) writing
its files on a full or read-only disk (exit 3, gallery.disk), or any other crash (exit 1,
the traceback in an internal-error log).
"""

from __future__ import annotations

import functools
import itertools
import sys
from pathlib import Path

import yaml
from mkdocs.__main__ import cli
from mkdocs.utils import yaml as mkdocs_yaml

from gallery import disk, internal
from gallery.content import configfile


def safe_config() -> None:
    """Make MkDocs read mkdocs.yml with YAML's safe loader (its own !ENV and !relative tags
    kept): it uses the full loader, where `!!python/object/apply:os.system [...]` in a pushed
    mkdocs.yml would run a command on the server."""
    mkdocs_yaml.get_yaml_loader = functools.partial(
        mkdocs_yaml.get_yaml_loader, yaml.SafeLoader)


def main(argv: list[str]) -> int:
    """Run `mkdocs ARGV`; return its exit status."""
    safe_config()
    config_file = Path(option(argv, "--config-file", "-f") or configfile.CONFIG_FILE)
    found = configfile.config_problem(config_file, Path.cwd())
    if found is not None:
        print(str(found), file=sys.stderr)
        return 1
    try:
        cli.main(args=argv, prog_name="mkdocs")
    except SystemExit as done:  # click ends every run this way, success included
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception as err:  # noqa: BLE001 - told in one line below, never as a traceback
        if isinstance(err, OSError) and disk.is_disk_error(err):
            print(disk.message(err, option(argv, "--site-dir", "-d")), file=sys.stderr)
            return disk.EXIT
        print(internal.report(err, Path.cwd()), file=sys.stderr)
        return 1
    return 0


def option(argv: list[str], *flags: str) -> str | None:
    """The value given to one of `flags` (`--site-dir` names the folder a disk error is
    about when it names no file; `--config-file` the configuration checked first)."""
    for flag, value in itertools.pairwise(argv):
        if flag in flags:
            return value
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
