"""Atomic publishing: build the whole site aside, then switch the served folder to it at once.

The served path (e.g. `site`) is a symbolic link to a finished build in `.site.builds/`.
A new build is written into a fresh folder there; only when it succeeds is a new link made
and renamed over the old one (rename is atomic), so a web server and the screens polling it
see either the old site or the new one, never half of one. A failed build leaves the link,
and so the last good site, untouched. The previous build is kept for a quick rollback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from gallery.publish.compress import compress_tree

KEEP = 2  # the served build and the one before it


class BuildFailed(Exception):
    """The build did not finish; nothing served has changed."""


def builds_dir(target: Path) -> Path:
    """Where the builds behind `target` are kept: a hidden folder beside it."""
    return target.parent / f".{target.name}.builds"


def publish(target: Path, build: Callable[[Path], None], keep: int = KEEP) -> Path:
    """Run `build(folder)` into a fresh folder beside `target`, then point `target` at it."""
    target = Path(os.path.abspath(target))
    store = builds_dir(target)
    store.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="build-", dir=store))
    try:
        build(fresh)
        compress_tree(fresh)  # .gz/.br for nginx's gzip_static, before the build goes live
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    os.chmod(fresh, 0o755)  # mkdtemp makes it private; the web server must read it
    switch(target, fresh)
    prune(store, fresh, keep)
    return fresh


def switch(target: Path, fresh: Path) -> None:
    """Make `target` a link to `fresh` in one rename."""
    if target.exists() and not target.is_symlink():
        # First publish over a plain folder: move it into the store (one short gap, once).
        os.rename(target, Path(tempfile.mkdtemp(prefix="build-old-", dir=fresh.parent)) / "site")
    link = target.with_name(f".{target.name}.link")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(fresh, target.parent), link)
    os.replace(link, target)


def prune(store: Path, current: Path, keep: int) -> None:
    """Delete old builds, keeping the newest `keep` (the current one always)."""
    builds = sorted((p for p in store.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime,
                    reverse=True)
    kept = [current] + [p for p in builds if p != current][: max(keep - 1, 0)]
    for folder in builds:
        if folder not in kept:
            shutil.rmtree(folder, ignore_errors=True)


def mkdocs_build(root: Path) -> Callable[[Path], None]:
    """A build step running `mkdocs build --strict` for the project at `root` into a folder."""

    def run(out: Path) -> None:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                   "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)]
        if subprocess.run(command, cwd=root, check=False).returncode != 0:
            raise BuildFailed("mkdocs build failed")

    return run
