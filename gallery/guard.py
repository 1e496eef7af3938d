"""Guard the repository: check what is staged before a commit, and install the hook that does.

`culture hooks run` (the git pre-commit hook, and the pre-commit framework's hook declared in
.pre-commit-hooks.yaml) checks the index, not the work tree: a file saved but not `git add`ed
is not what the commit holds. The index is exported into a folder in the git directory, each
file hard-linked from the work tree when it equals its staged version (most of them, photos
included, so a commit costs no copy of the photo library) and written from git otherwise; the
project is then loaded from there exactly as `culture check --strict` loads it. Photos the
commit adds or changes over the size limit (culture.yml `images: max_file_mb`) are refused
too: once committed, a file stays in every clone forever. Originals are never modified.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gallery.photos.sizes import is_photo, too_large  # shared with the server's pre-receive
from gallery.problems import Problem
from gallery.project import load_project

MARK = "# culture-gallery: pre-commit hook written by `culture hooks install`"
LINK_MODE = "120000"
GITLINK_MODE = "160000"  # a submodule: no file in this repository


class GitError(Exception):
    """git is missing, or this folder is not inside a git work tree."""


def git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    """The output of a git command run in `cwd` (GitError when it fails)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True,
                              check=False)
    except FileNotFoundError as err:
        raise GitError("git") from err
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def top_level(cwd: Path) -> Path:
    """The work tree that holds `cwd`."""
    return Path(git(cwd, "rev-parse", "--show-toplevel").decode().strip())


@dataclass(frozen=True)
class Staged:
    """One index entry: mode, blob and path (relative to the top level, with `/`)."""

    mode: str
    blob: str
    path: str


def staged_entries(top: Path) -> list[Staged]:
    """Every entry of the index (stage 0; a conflicted path counts once)."""
    entries: dict[str, Staged] = {}
    for record in git(top, "ls-files", "-s", "-z").split(b"\0"):
        if record:
            info, path = record.decode("utf-8", "surrogateescape").split("\t", 1)
            mode, blob, _stage = info.split()
            entries.setdefault(path, Staged(mode, blob, path))
    return list(entries.values())


def _z_paths(output: bytes) -> set[str]:
    return {p.decode("utf-8", "surrogateescape") for p in output.split(b"\0") if p}


@contextmanager
def exported_index(top: Path) -> Iterator[Path]:
    """The staged files as a folder (removed afterwards): the work tree's own file hard-linked
    where it equals the staged one, git's blob written where it differs or cannot be linked."""
    git_dir = Path(git(top, "rev-parse", "--absolute-git-dir").decode().strip())
    folder = Path(tempfile.mkdtemp(prefix="culture-staged-", dir=git_dir))
    try:
        differing = _z_paths(git(top, "diff", "--name-only", "-z"))
        written = []
        for entry in staged_entries(top):
            if entry.mode == GITLINK_MODE:
                continue
            if entry.mode == LINK_MODE or entry.path in differing or not _link(top, folder, entry):
                written.append(entry.path)
        if written:
            data = b"\0".join(p.encode("utf-8", "surrogateescape") for p in written)
            git(top, "checkout-index", "-z", "--stdin", f"--prefix={folder}{os.sep}", data=data)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _link(top: Path, folder: Path, entry: Staged) -> bool:
    """Hard-link the work tree's file into the export; False when that is not possible."""
    source, target = top / entry.path, folder / entry.path
    if source.is_symlink() or not source.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: git writes it instead
        return False
    return True


def added_sizes(top: Path) -> list[tuple[str, int]]:
    """(path, bytes) of every photo the commit adds or changes."""
    changed = git(top, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    photos = sorted(p for p in _z_paths(changed) if is_photo(p))
    if not photos:
        return []
    blobs = {e.path: e.blob for e in staged_entries(top)}
    wanted = [p for p in photos if p in blobs]
    query = "".join(f"{blobs[p]}\n" for p in wanted).encode()
    lines = git(top, "cat-file", "--batch-check=%(objectsize)", data=query).split()
    return [(path, int(size)) for path, size in zip(wanted, lines, strict=True)]


def check_staged(cwd: Path) -> list[Problem]:
    """Every problem of the staged project (warnings included: publishing is strict) and every
    photo the commit adds over the size limit."""
    top = top_level(cwd)
    inside = cwd.resolve().relative_to(top.resolve())  # the project may sit in a subfolder
    with exported_index(top) as folder:
        project = load_project(folder / inside)
        limit = project.settings.images.max_file_mb
        problems = list(project.problems)
    return sorted(problems + too_large(added_sizes(top), limit))


def hook_script(python: str) -> str:
    """The pre-commit hook: run `culture hooks run` with the Python it was installed from."""
    return f"""#!/bin/sh
{MARK}
# 提交前检查暂存的内容（与 culture check --strict 相同）和照片大小。重新安装：culture hooks install
PYTHON="{python}"
if [ ! -x "$PYTHON" ]; then
  echo "找不到 $PYTHON：请先在项目目录运行 make setup（或重建 .venv），再运行 .venv/bin/culture hooks install" >&2
  exit 1
fi
exec "$PYTHON" -m gallery.cli hooks run
"""


def install(cwd: Path, python: str, force: bool = False) -> tuple[str, bool]:
    """Write the pre-commit hook; returns what happened (Chinese) and whether it is in place.
    A hook that is not ours is never replaced without `force` (it is kept as .orig then)."""
    top = top_level(cwd)
    hooks = top / git(top, "rev-parse", "--git-path", "hooks").decode().strip()
    path = hooks / "pre-commit"
    script = hook_script(python)
    current = path.read_text("utf-8", "replace") if path.is_file() else None
    if current == script:
        return f"提交前检查已经装好（{path.as_posix()}），没有改动。", True
    if current is not None and MARK not in current and not force:
        return (f"{path.as_posix()} 已经有别的 pre-commit 钩子，没有改动。要换成内容检查，请加 --force"
                "（原来的钩子会改名为 pre-commit.orig 保留）；或者在原来的钩子里加一行："
                f"\"{python}\" -m gallery.cli hooks run"), False
    hooks.mkdir(parents=True, exist_ok=True)
    if current is not None and MARK not in current:
        path.replace(path.with_name("pre-commit.orig"))
    path.write_text(script, "utf-8")
    path.chmod(0o755)
    verb = "已更新" if current is not None and MARK in current else "已安装"
    return f"{verb}提交前检查：{path.as_posix()}。以后每次 git commit 都会先检查暂存的内容和照片大小。", True

