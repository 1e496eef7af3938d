"""Atomic publishing: build the whole site aside, then switch the served folder to it at once.

The served path (e.g. `site`) is a symbolic link to a finished build in `.site.builds/`.
A new build is written into a fresh folder there. It counts as complete only once its marker
(`.complete`: serial number, commit, time) is written, last; only then is a new link made and
renamed over the old one (rename is atomic), so a web server and the screens polling it see
either the old site or the new one, never half of one. A failed or killed build leaves the
link, and so the last good site, untouched.

Builds are ordered by the serial number in their marker, never by mtime (rmtree and copies
change it). Pruning keeps the live build and the rollback, the newest complete build before
it; everything else goes, including the partial folders of killed runs. Callers serialise
publishing with the lock of gallery.publish.queue: these functions assume they run alone.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gallery.fileio import link_atomic, sync_tree, write_atomic
from gallery.photos.store import STORE_ENV
from gallery.publish.compress import compress_tree

KEEP = 2  # the served build and the one before it
MARKER = ".complete"
ROLLED_BACK = ".rolled-back"  # a marker renamed by `culture rollback`: never served again
TAKEN_DOWN = ".taken-down"  # a marker renamed by `culture takedown` before its build goes
NAME = re.compile(r"b(\d{6,})-[0-9a-f]+")
FIRST_SITE = "build-old-"  # the plain folder found at the first publish, kept for the admin


class BuildFailed(Exception):
    """The build did not finish; nothing served has changed."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code  # the build's exit status: 3 for a disk problem (gallery.disk)


class NoRollback(Exception):
    """There is no complete build before the live one."""


@dataclass(frozen=True)
class Build:
    """A complete build: its folder and what its marker says."""

    folder: Path
    serial: int
    commit: str | None
    time: str


def builds_dir(target: Path) -> Path:
    """Where the builds behind `target` are kept: a hidden folder beside it."""
    return target.parent / f".{target.name}.builds"


def publish(target: Path, build: Callable[[Path], None], keep: int = KEEP, *,
            commit: str | None = None, finish: Callable[[Path], None] | None = None,
            swap: bool = True, serial: int | None = None) -> Path:
    """Run `build(folder)` then `finish(folder)` into a fresh folder beside `target`, mark it
    complete, point `target` at it and prune (without `swap`: only mark it, with `serial`, an
    unused number below the live build's, as a rollback made again); return the folder."""
    target = Path(os.path.abspath(target))
    store = builds_dir(target)
    store.mkdir(parents=True, exist_ok=True)
    remove_partial(target)  # of killed runs: we hold the lock, nobody else writes here
    serial = serial or next_serial(store)
    fresh = store / f"b{serial:06d}-{secrets.token_hex(3)}"
    fresh.mkdir()
    try:
        os.chmod(fresh, 0o755)  # whatever the umask: the web server must read it
        checkpoint("building")
        build(fresh)
        # .gz/.br for nginx's gzip_static, before the build goes live; unchanged files' copies
        # are linked from the builds kept beside it (verified by hash)
        compress_tree(fresh, reuse=earlier_builds(target, fresh))
        checkpoint("built")
        if finish:
            finish(fresh)
        sync_tree(fresh)  # every file and folder of the build on disk before its marker
        mark(fresh, serial, commit)
        checkpoint("marked")
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if not swap:
        return fresh
    before = live_folder(target)
    switch(target, fresh)
    checkpoint("swapped")
    prune(target, keep, before)
    return fresh


def earlier_builds(target: Path, fresh: Path) -> list[Path]:
    """The complete builds a new build may take compressed copies from: the live one first,
    then the others, newest first (partial folders of killed runs never)."""
    live = live_folder(target)
    done = [b.folder for b in reversed(complete_builds(builds_dir(target))) if b.folder != fresh]
    return sorted(done, key=lambda folder: folder != live)[:KEEP + 1]


PAUSE_ENV = "CULTURE_TEST_PAUSE_AT"  # tests only: stop at a checkpoint, to be killed there


def checkpoint(name: str) -> None:
    """Wait forever at `name` when a test asks for it (the kill -9 tests); else nothing."""
    if os.environ.get(PAUSE_ENV) == name:
        print(f"paused at {name}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


def mark(folder: Path, serial: int, commit: str | None) -> None:
    """Write the marker that makes `folder` a complete build (the last file written)."""
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    body = {"build": folder.name, "serial": serial, "commit": commit, "time": stamp}
    write_atomic(folder / MARKER, json.dumps(body, ensure_ascii=False) + "\n", durable=True)


def read_marker(folder: Path) -> Build | None:
    """The complete build in `folder`, or None (partial, killed, rolled back or foreign)."""
    try:
        body = json.loads((folder / MARKER).read_bytes())
        return Build(folder, int(body["serial"]), body.get("commit"), str(body["time"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def complete_builds(store: Path) -> list[Build]:
    """Every complete build in `store`, oldest first (by serial)."""
    found = [read_marker(p) for p in folders(store)]
    return sorted((b for b in found if b), key=lambda b: b.serial)


def folders(store: Path) -> list[Path]:
    """The build folders in `store` (complete or not)."""
    return [p for p in store.iterdir() if p.is_dir() and not p.is_symlink()] \
        if store.is_dir() else []


def next_serial(store: Path) -> int:
    """One more than any serial used in `store`, by marker or folder name."""
    used = [b.serial for b in complete_builds(store)]
    used += [int(m.group(1)) for p in folders(store) if (m := NAME.fullmatch(p.name))]
    return max(used, default=0) + 1


def live_folder(target: Path) -> Path | None:
    """The build folder `target` links to, or None when it is no link."""
    if not target.is_symlink():
        return None
    return Path(os.path.normpath(target.parent / os.readlink(target)))


def switch(target: Path, fresh: Path) -> None:
    """Make `target` a link to `fresh` in one rename."""
    if target.exists() and not target.is_symlink():
        # First publish over a plain folder: move it into the store (one short gap, once).
        aside = fresh.parent / f"{FIRST_SITE}{secrets.token_hex(4)}"
        aside.mkdir()
        os.rename(target, aside / "site")
    link_atomic(target, os.path.relpath(fresh, target.parent), durable=True)


def rollback_of(target: Path) -> Build | None:
    """The build a rollback would serve: the newest complete build before the live one."""
    live = live_folder(target)
    builds = complete_builds(builds_dir(Path(os.path.abspath(target))))
    current = next((b for b in builds if b.folder == live), None)
    older = [b for b in builds if b.folder != live
             and (current is None or b.serial < current.serial)]
    return older[-1] if older else None


def rollback(target: Path, before: Callable[[Path], None] | None = None) -> Build:
    """Serve the previous complete build again; the one left is never served again."""
    target = Path(os.path.abspath(target))
    previous = rollback_of(target)
    if previous is None:
        raise NoRollback(str(target))
    if before:
        before(previous.folder)
    live = live_folder(target)
    switch(target, previous.folder)
    if live and (live / MARKER).is_file():  # kept for readers still on it; pruned next time
        os.replace(live / MARKER, live / ROLLED_BACK)
    return previous


def prune(target: Path, keep: int = KEEP, before: Path | None = None) -> list[Path]:
    """Delete every build but the live one, the `keep - 1` complete builds before it and
    `before` (the build just swapped out: readers may be on it); partial folders of killed
    runs and rolled-back builds go too. Return what went."""
    store = builds_dir(target)
    live = live_folder(target)
    builds = complete_builds(store)
    current = next((b for b in builds if b.folder == live), None)
    older = [b.folder for b in builds if b.folder != live
             and (current is None or b.serial < current.serial)]
    kept = {live, before, *(older[len(older) - (keep - 1):] if keep > 1 else [])}
    removed = []
    for folder in folders(store):
        if folder not in kept and not folder.name.startswith(FIRST_SITE):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def retire(target: Path, keep: set[Path]) -> list[Path]:
    """Delete every complete build but `keep` at once (a takedown: they hold the story); each
    loses its marker first, so a build half-deleted is never taken for a complete one."""
    removed = []
    for build in complete_builds(builds_dir(target)):
        if build.folder in keep or build.folder == live_folder(target):
            continue
        os.replace(build.folder / MARKER, build.folder / TAKEN_DOWN)
        shutil.rmtree(build.folder, ignore_errors=True)
        removed.append(build.folder)
    return removed


def remove_partial(target: Path) -> list[Path]:
    """Delete the build folders that are neither complete nor live (killed or failed runs)."""
    live = live_folder(target)
    removed = []
    for folder in folders(builds_dir(target)):
        if folder != live and read_marker(folder) is None \
                and not folder.name.startswith(FIRST_SITE):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def current_commit(root: Path) -> str | None:
    """The Git commit checked out at `root` (None outside a Git work tree)."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"],
                              capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def progress_stream() -> int | None:
    """Where the build's own output goes: stderr, so that stdout carries only the outcome line
    (MkDocs prints an Abort's message on stdout). None (inherit) when stderr is no real file."""
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def die_with_parent() -> None:
    """In the build process: be killed when the publisher dies (even by kill -9), so no orphan
    goes on writing into a build folder the next publish removes. Linux only; else nothing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


PR_SET_PDEATHSIG = 1


def mkdocs_build(root: Path, store: Path | None = None, output: list[str] | None = None,
                 env: dict[str, str] | None = None) -> Callable[[Path], None]:
    """A build step running `mkdocs build --strict` for the project at `root` into a folder,
    linking photos from the photo `store` when given (gallery.photos.store), with `env` added
    to its environment (the takedown list). Its standard error is passed on line by line and,
    when `output` is given, kept there (the history)."""

    def run(out: Path) -> None:
        command = [sys.executable, "-m", "gallery.mkdocs.run", "build", "--strict",
                   "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)]
        added = {**(env or {}), **({STORE_ENV: str(store)} if store else {})}
        environment = {**os.environ, **added}
        # preexec_fn is safe here: the publisher runs no other thread while it forks.
        # With `output`, both streams come through one pipe (MkDocs prints an Abort's
        # message on stdout) and are passed on to stderr as before.
        with subprocess.Popen(command, cwd=root, env=environment,
                              preexec_fn=die_with_parent,  # noqa: PLW1509
                              stdout=progress_stream() if output is None else subprocess.PIPE,
                              stderr=None if output is None else subprocess.STDOUT,
                              text=True, errors="replace") as build:
            for line in build.stdout or ():
                sys.stderr.write(line)
                sys.stderr.flush()
                if output is not None:
                    output.append(line.rstrip("\n"))
        code = build.returncode
        if code != 0:
            raise BuildFailed("mkdocs build failed", code)

    return run
