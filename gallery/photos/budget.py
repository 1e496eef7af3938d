"""The photo cache's disk budget (culture.yml `images: cache_mb`, `culture cache prune`).

The working cache (.cache/photos) grows with every photo ever derived. Over the budget, the
entries used longest ago go first, but never one whose derivatives a build in `keep` links:
builds name their photos by cache key (photos/<key[:2]>/<key>-<width>.<format>), so the live
and the rollback build say which entries they use. An entry deleted is only made again when a
build needs it; the photo store and the served builds are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gallery import paths

MB = 1024 * 1024


@dataclass(frozen=True)
class Pruned:
    """What pruning to a budget did (sizes in bytes on disk)."""

    before: int
    after: int
    entries: int  # entries in the cache before
    removed: int
    kept: int  # entries the builds use, never removed


def entry_key(name: str) -> str:
    """The cache key a derivative or manifest file belongs to."""
    return name.lstrip(".").split("-")[0].split(".")[0]


def used_keys(builds: Iterable[Path]) -> set[str]:
    """The cache keys of every photo these builds serve."""
    keys: set[str] = set()
    for build in builds:
        folder = build / paths.PHOTOS_DIR
        if folder.is_dir():
            keys.update(entry_key(p.name) for p in folder.glob("*/*"))
    return keys


def disk_size(path: Path) -> int:
    """Bytes a file takes on disk (0 when it went meanwhile)."""
    try:
        return path.stat().st_blocks * 512
    except FileNotFoundError:
        return 0


def prune_to(cache_dir: Path, budget_mb: int, keep: Iterable[Path]) -> Pruned:
    """Delete the least recently used cache entries not linked by a build in `keep` until
    the cache fits `budget_mb` (call it under the publish lock)."""
    entries: dict[str, list[Path]] = {}
    if cache_dir.is_dir():
        for file in cache_dir.glob("*/*"):
            entries.setdefault(entry_key(file.name), []).append(file)
    sizes = {key: sum(disk_size(f) for f in files) for key, files in entries.items()}
    total = sum(sizes.values())
    used = used_keys(keep) & set(entries)
    budget = max(budget_mb, 0) * MB
    removed = 0
    if total > budget:
        for key in sorted(set(entries) - used, key=lambda k: last_used(entries[k])):
            for file in entries[key]:
                file.unlink(missing_ok=True)
            total -= sizes[key]
            removed += 1
            if total <= budget:
                break
    return Pruned(sum(sizes.values()), total, len(entries), removed, len(used))


def last_used(files: list[Path]) -> float:
    """When an entry was last used: its manifest's mtime (touched on every use), else its
    newest file's."""
    times = []
    for file in files:
        try:
            times.append(file.stat().st_mtime)
        except FileNotFoundError:
            continue
    return max(times, default=0.0)
