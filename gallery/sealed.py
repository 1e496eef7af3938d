"""Cache entries on disk, one file per key: the build caches of generated Markdown
(.cache/markdown/), Markdown renders (.cache/pages/) and page templates' output (.cache/html/).

An entry is written in one rename (fileio.write_atomic); its first line holds the key and a
checksum of the bytes after it, so a cut, damaged or foreign file reads as a miss, never as
another key's output. Reading an entry touches it; `prune` removes what no build used for a
month.

A whole index in one JSON file (the photo stage's stat index, the story cache) is sealed the
same way (`read_entries`, `write_entries`): its entries with a checksum over them and a stamp
(format and code versions), so a cut, damaged, foreign or outdated file reads as empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

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


def entries_check(entries: Mapping[str, Any]) -> str:
    """The checksum of a sealed file's entries."""
    return hashlib.sha256(json.dumps(entries, ensure_ascii=False, sort_keys=True)
                          .encode("utf-8", "surrogatepass")).hexdigest()


def read_entries(path: Path, stamp: Mapping[str, object]) -> dict[str, Any]:
    """The entries of the sealed JSON file at `path` when it was written with `stamp` and
    passes its checksum; empty when it is missing, foreign, outdated or damaged."""
    try:
        data = json.loads(path.read_bytes())
        entries = data["entries"]
        if not isinstance(entries, dict) or any(data[k] != v for k, v in stamp.items()) \
                or data["check"] != entries_check(entries):
            return {}
        return entries
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}


def write_entries(path: Path, stamp: Mapping[str, object], entries: Mapping[str, Any]) -> None:
    """Write `entries` with `stamp` and their checksum in one rename (a parallel reader sees
    the old file or this one)."""
    data = {**stamp, "entries": entries, "check": entries_check(entries)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # A path that is not UTF-8 holds lone surrogates: written as the JSON escape \udcXX (only
    # strings can hold one), they read back as they were.
    write_atomic(path, text.encode("utf-8", "backslashreplace"))
