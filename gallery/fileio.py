"""Writing files that others read while we write: whole or not at all."""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import tempfile
from pathlib import Path

MODE = 0o644  # mkstemp makes files private; web servers and the screens must read them


def write_atomic(target: Path, data: str | bytes, durable: bool = False, mode: int = MODE) -> None:
    """Replace `target` with `data` (text is written as UTF-8) in one rename.

    Readers (a web server, a lobby screen, a parallel build) see the old file or the new one,
    never half of one. The temporary file is unique (mkstemp), so processes and threads writing
    the same target cannot mix their bytes, and it is removed if writing fails. `durable`: the
    bytes reach the disk before the rename and the rename after it (fsync of the file, then of
    its folder), so a power cut leaves the old file or the whole new one. `mode`: the new file's
    permissions.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        if durable:
            sync_dir(target.parent)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, OSError) and err.errno and err.filename is None:  # write() names none
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise


def link_atomic(target: Path, points_to: str | Path, durable: bool = False) -> None:
    """Make `target` a symbolic link to `points_to` in one rename (a file or link there is replaced).

    Readers follow the old link or the new one, never none: the new link is made under a unique
    hidden name beside `target`, renamed over it, and removed if the rename fails. `durable`: the
    folder is fsynced after the rename, so the swap survives a power cut.
    """
    temp = target.with_name(f".{target.name}.link-{os.getpid()}-{secrets.token_hex(3)}")
    os.symlink(points_to, temp)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        sync_dir(target.parent)


def sync_dir(folder: Path) -> None:
    """fsync a folder: the names created, renamed or removed in it reach the disk."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_tree(folder: Path) -> None:
    """Flush every file and folder written under `folder` to the disk: syncfs(2) of its file
    system (one call, however many files), or sync(2) where there is no syncfs."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.syncfs(handle) != 0:
            raise OSError(ctypes.get_errno(), "syncfs", str(folder))
    except AttributeError:  # no syncfs in this C library
        os.sync()
    finally:
        os.close(handle)
