"""The live folder: files that change between builds (the emergency notice) kept outside them.

`.site.live/` beside the served path holds them, each written atomically. Every build links
to them instead of holding a copy (`screen/notice.json` is a symbolic link to
`.site.live/notice.json`), so a swap or a rollback never brings back an old notice nor loses a
new one, and `culture notice` changes the notice of the live build without touching it (or
waiting for a build that is running). A web server follows the link like any file; a
preview (`mkdocs serve`) has no live folder and keeps its plain notice.json.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gallery import paths
from gallery.fileio import link_atomic, write_atomic
from gallery.publish.queue import NOTICE_LOCK, locked, queue_dir
from gallery.screens.notice import NOTICE_JSON, Notice, notice_json

# Site path inside a build -> file name in the live folder.
LIVE_FILES = {f"{paths.SCREEN_ROOT}/{NOTICE_JSON}": NOTICE_JSON}


def live_dir(target: Path) -> Path:
    """The live folder of the served path `target`: hidden, beside it."""
    return target.parent / f".{target.name}.live"


def link_into(folder: Path, live: Path) -> None:
    """Point the live files of a build at the live folder (a live file still missing is
    first taken from the build's own copy). Does nothing for a build without screens."""
    for site_path, name in LIVE_FILES.items():
        inside = folder / site_path
        if not inside.parent.is_dir():
            continue
        shared = live / name
        if not shared.exists() and inside.is_file() and not inside.is_symlink():
            write_atomic(shared, inside.read_bytes())
        relative = os.path.relpath(shared, inside.parent)
        if inside.is_symlink() and os.readlink(inside) == relative:
            continue
        link_atomic(inside, relative)


def write_notice(target: Path, notice: Notice | None) -> Path:
    """Publish `notice` to every build of `target` at once; return the live file."""
    path = live_dir(target) / NOTICE_JSON
    write_atomic(path, notice_json(notice))
    return path


def notice_lock(target: Path) -> contextlib.AbstractContextManager[None]:
    """The lock notice writers hold while they read notice.yml and write the live notice, so
    the one that read the newer file always writes last."""
    return locked(queue_dir(target) / NOTICE_LOCK)
