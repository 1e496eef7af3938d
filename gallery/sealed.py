"""Cache entries on disk, one file per key: the build caches of generated Markdown
(.cache/markdown/), Markdown renders (.cache/pages/) and page templates' output (.cache/html/).

An entry is written in one rename (fileio.write_atomic); its first line holds the key and a
checksum of the bytes after it, so a cut, damaged or foreign file reads as a miss, never as
another key's output. Reading an entry touches it; `prune` removes what no build used for a
month.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from importlib import metadata
from pathlib import Path

from gallery.fileio import write_atomic

PRUNE_AFTER_DAYS = 30  # entries unused this long are removed (each use touches its entry)


def entry_path(folder: Path, key: str, suffix: str) -> Path:
    """Where the entry of `key` lives (spread over 256 folders by its first two characters)."""
    return folder / key[:2] / f"{key}{suffix}"


def _head(key: str, body: bytes) -> bytes:
    check = hashlib.blake2b(key.encode() + b"\0" + body, digest_size=16).hexdigest()
    return f"{key} {check}\n".encode()


def read(folder: Path, key: str, suffix: str) -> bytes | None:
    """The bytes stored under `key`, or None when there is no entry or it fails its check."""
    path = entry_path(folder, key, suffix)
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        if head + b"\n" != _head(key, body):
            return None
        os.utime(path)  # used: kept by `prune`
    except OSError:
        return None
    return body


def write(folder: Path, key: str, suffix: str, body: bytes) -> None:
    """Store `body` under `key` in one rename."""
    write_atomic(entry_path(folder, key, suffix), _head(key, body) + body)


def prune(folder: Path, now: float | None = None) -> int:
    """Remove entries unused for PRUNE_AFTER_DAYS (and temporary files of cut writes)."""
    limit = (now or time.time()) - PRUNE_AFTER_DAYS * 86400
    removed = 0
    for path in folder.glob("*/*") if folder.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):  # a parallel build pruned it first
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed


def version(name: str) -> str:
    """The installed version of distribution `name` ("" when it is not installed)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""
