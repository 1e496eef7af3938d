"""The photo store: published derivatives, named by the hash of their bytes and read-only.

Builds hard-link their photos from here, never from the working cache (.cache/photos), so
nothing that rewrites a cache file (a new derivation, a damaged disk, a person) can change a
photo that is served. A file enters the store once, copied from the cache after its bytes
match the hash in the cache manifest; it is never written again under that name. Each build
checks the size of every file it links (a stat); `verify` reads and hashes them all.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from gallery import paths
from gallery.fileio import write_atomic
from gallery.photos.cache import Derived

STORE_ENV = "CULTURE_PHOTO_STORE"  # set by `culture publish` for the build it runs
READ_ONLY = 0o444


def location() -> Path | None:
    """The store this build links photos from, or None (a preview build links the cache)."""
    folder = os.environ.get(STORE_ENV)
    return Path(folder) if folder else None


def store_file(store: Path, sha256: str, url: str) -> Path:
    """Where the file with these bytes lives in the store (its extension kept for MIME types)."""
    return store / sha256[:2] / f"{sha256}.{url.rsplit('.', 1)[-1]}"


def stock(store: Path, cache_dir: Path, derived: Iterable[Derived],
          ) -> tuple[dict[str, Path], set[str]]:
    """The store file of every variant by URL, and the keys whose cache files failed their hash
    (damaged entries: the caller makes them again and stocks once more)."""
    placed: dict[str, Path] = {}
    damaged: set[str] = set()
    for d in {d.key: d for d in derived}.values():
        for url, size, sha256 in d.files:
            target = store_file(store, sha256, url)
            if not fits(target, size):
                source = cache_dir / url.removeprefix(paths.PHOTOS_DIR + "/")
                if not admit(source, target, size, sha256):
                    damaged.add(d.key)
                    break
            placed[url] = target
    return placed, damaged


def fits(target: Path, size: int) -> bool:
    """Whether the store holds `target` at its size; a file of another size is taken out
    (builds that link it keep their copy until they are pruned)."""
    try:
        if target.stat().st_size == size:
            return True
    except FileNotFoundError:
        return False
    target.unlink(missing_ok=True)
    return False


def admit(source: Path, target: Path, size: int, sha256: str) -> bool:
    """Copy a cache file into the store if its bytes are the ones its manifest names."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return False
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
        return False
    write_atomic(target, data, mode=READ_ONLY)  # whole or not at all
    return True


def files(store: Path) -> list[Path]:
    """Every file in the store (temporary files of an interrupted write included)."""
    return sorted(store.glob("*/*")) if store.is_dir() else []


def verify(store: Path) -> tuple[int, list[Path]]:
    """Hash every store file; remove those whose bytes no longer match their name.

    Returns how many were checked and the damaged ones (already removed: the next build
    stocks them again from the cache, hash-checked, or makes them again).
    """
    damaged = []
    checked = 0
    for path in files(store):
        if path.name.startswith("."):
            continue
        checked += 1
        with path.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        if digest != path.name.split(".")[0]:
            path.unlink()
            damaged.append(path)
    return checked, damaged


def prune(store: Path) -> int:
    """Remove store files no build links any more (one link left: the store's own), and the
    temporary files of interrupted writes. Call it under the publish lock, after pruning builds."""
    removed = 0
    for path in files(store):
        if path.name.startswith(".") or path.stat().st_nlink <= 1:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
