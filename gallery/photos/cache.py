"""The derivative cache: keys from source bytes and settings, manifests, pruning.

Derivatives are cached by a hash of the source bytes and the derivative settings (never by
mtime: Git resets it), so an unchanged photo is never decoded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gallery import paths, sealed
from gallery.content.settings import ImageSettings
from gallery.photos import derive
from gallery.problems import Problem, problem

PRUNE_AFTER_DAYS = 30  # cache entries unused this long are removed (deleting any is safe)
HASH_THREADS = 4  # hashing is I/O plus C code that releases the GIL
KEY_LENGTH = 20  # hex digits of the cache key kept in file names and URLs


@dataclass(frozen=True)
class Variant:
    """One derivative file: its pixel size, format ("webp" or "jpeg") and site-root URL."""

    width: int
    height: int
    format: str
    url: str


@dataclass(frozen=True)
class Derived:
    """Everything pages and screens need about a photo's derivatives."""

    key: str
    width: int  # the original's size, upright
    height: int
    variants: tuple[Variant, ...]  # sorted by width, then format
    color: str  # the average colour, "#rrggbb"
    preview: str  # a tiny JPEG as a data: URI
    opaque: bool  # False when the WebP keeps transparency
    # (url, size, sha256) of each variant's bytes, for the photo store (gallery.photos.store)
    files: tuple[tuple[str, int, str], ...] = field(default=(), compare=False)
    backdrop: Variant | None = None  # small, blurred, dimmed: behind a photo on a lobby screen

    def of_format(self, fmt: str) -> tuple[Variant, ...]:
        """The variants of one format, narrowest first."""
        return tuple(v for v in self.variants if v.format == fmt)

    def largest(self, fmt: str = "jpeg") -> Variant:
        """The widest variant of a format (the lightbox shows it)."""
        return self.of_format(fmt)[-1]

    def srcset(self, fmt: str, prefix: str = "") -> str:
        """An HTML srcset of one format: 'prefix+url 480w, …'."""
        return ", ".join(f"{prefix}{v.url} {v.width}w" for v in self.of_format(fmt))



def fingerprint(settings: ImageSettings) -> bytes:
    """The derivative settings that change output bytes, as a stable string."""
    params = {"version": derive.PIPELINE_VERSION, "widths": list(settings.widths),
              "formats": list(settings.formats), "quality": settings.quality,
              "jpeg_width": settings.jpeg_width,
              "webp_method": derive.WEBP_METHOD, "preview": derive.PREVIEW_SIZE,
              "backdrop": [derive.BACKDROP_SIZE, derive.BACKDROP_BLUR, derive.BACKDROP_DIM,
                           derive.BACKDROP_QUALITY]}
    return json.dumps(params, sort_keys=True).encode()


# Source digests by status_key, for this process only: `mkdocs serve` rebuilds then skip
# re-reading unchanged photos (under the same rules as the stat index below).
_digests: dict[tuple[Any, ...], bytes] = {}

# The stat index: the same digests kept across builds in .cache/ (next to, never inside, the
# derivative cache), so a warm build reads no unchanged photo. A file's ctime moves whenever its
# bytes, its name or its times change (write, truncate, rename-over, copy-over, `touch -d`,
# another hard link written), and no user can set it back; an entry is only written for a file
# whose ctime is older than RACY_SECONDS when its reading began (a change within the clock's
# tick after the read could otherwise keep every stat field), and whose status did not change
# while it was read. Any doubt about the file (unreadable, foreign, failed checksum) is an
# empty index: photos are hashed again, never trusted.
SOURCE_INDEX = "photo-sources.json"  # in the parent of the photo cache folder (.cache/)
INDEX_VERSION = 1
RACY_SECONDS = 2


def status_key(source: Path) -> tuple[str, int, int, int, int, int]:
    """What must stay equal for a source's digest to be reused: path, size, mtime, ctime,
    inode and device."""
    st = source.stat()
    return (str(source), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def index_path(cache_dir: Path) -> Path:
    """The stat index of the project whose photo cache is `cache_dir`."""
    return cache_dir.parent / SOURCE_INDEX


def load_index(path: Path) -> dict[tuple[Any, ...], bytes]:
    """The stat index as {status_key: digest}; empty when missing, foreign or damaged."""
    entries = sealed.read_entries(path, {"version": INDEX_VERSION})
    try:
        return {(name, *map(int, fields[:5])): bytes.fromhex(fields[5])
                for name, fields in entries.items()}
    except (ValueError, TypeError, IndexError):
        return {}


def save_index(path: Path, index: dict[tuple[Any, ...], bytes]) -> None:
    """Write the stat index in one rename (a parallel build sees the old one or this one)."""
    entries = {key[0]: [*key[1:], digest.hex()] for key, digest in sorted(index.items())}
    sealed.write_entries(path, {"version": INDEX_VERSION}, entries)


def source_digest(source: Path, index: dict[tuple[Any, ...], bytes] | None = None,
                  settled: dict[tuple[Any, ...], bytes] | None = None) -> bytes:
    """The SHA-256 of a file's bytes: from `index` or this process's memory while the file's
    status is unchanged, else read (and added to `settled` when it may go into the index)."""
    memo = status_key(source)
    known = _digests.get(memo) or (index or {}).get(memo)
    if known is not None:
        if settled is not None:
            settled[memo] = known
        return known
    began = time.time_ns()
    with source.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").digest()
    if status_key(source) == memo and memo[3] < began - RACY_SECONDS * 1_000_000_000:
        _digests[memo] = digest  # else changed while read, or changed too recently to tell
        if settled is not None:
            settled[memo] = digest
    return digest


def hash_sources(shown: dict[Path, str], settings: ImageSettings,
                 index_file: Path | None = None,
                 ) -> tuple[dict[Path, str], list[Problem]]:
    """The cache key of every readable source; E308 for the unreadable ones. With
    `index_file`, unchanged sources are found in the stat index instead of being read."""
    params = fingerprint(settings)
    index = load_index(index_file) if index_file else {}
    settled: dict[tuple[Any, ...], bytes] = {}
    keys: dict[Path, str] = {}
    problems = []
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        results = pool.map(lambda s: _try_digest(s, index, settled), shown)
        for source, result in zip(shown, results, strict=False):
            if isinstance(result, OSError):
                problems.append(problem(shown[source], 1, "E308"))
            else:
                keys[source] = hashlib.sha256(result + params).hexdigest()[:KEY_LENGTH]
    if index_file and settled != index:
        with contextlib.suppress(OSError):  # only a speed-up: a read-only or full disk hashes again
            save_index(index_file, settled)
    return keys, problems


def _try_digest(source: Path, index: dict[tuple[Any, ...], bytes],
                settled: dict[tuple[Any, ...], bytes]) -> bytes | OSError:
    """A source digest, or the error that kept the file from being read."""
    try:
        return source_digest(source, index, settled)
    except OSError as err:
        return err


def cached(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The manifest of a complete, undamaged cache entry, or None (make it again).

    Missing, partial, outdated or damaged entries all count as absent: the manifest must be
    this key's and pass its checksum, and every file must have the size it records (a stat
    each, no reading). Bytes are checked by hash when a file enters the photo store.
    """
    manifest_path = cache_dir / paths.photo_manifest(key)
    try:
        manifest = json.loads(manifest_path.read_bytes())
        if manifest["version"] != derive.PIPELINE_VERSION or manifest["key"] != key \
                or manifest["check"] != derive.seal(manifest):
            return None
        names = [paths.photo_name(key, w, fmt) for w, _h, fmt in manifest["variants"]]
        names.append(paths.backdrop_name(key))
        sizes = {name: manifest["files"][name][0] for name in names}
    except (OSError, ValueError, KeyError, TypeError, IndexError):  # unreadable or foreign
        return None
    for name, size in sizes.items():
        try:
            if (cache_dir / name).stat().st_size != size:
                return None  # truncated, emptied or replaced
        except OSError:
            return None
    os.utime(manifest_path)  # marks the entry as used, for prune_cache
    return manifest


def forget(cache_dir: Path, key: str) -> None:
    """Drop a cache entry's manifest, so the entry is made again."""
    (cache_dir / paths.photo_manifest(key)).unlink(missing_ok=True)


def from_manifest(key: str, manifest: dict[str, Any]) -> Derived:
    """A Derived record from a cache manifest."""
    variants = tuple(Variant(w, h, fmt, paths.photo_url(key, w, fmt))
                     for w, h, fmt in manifest["variants"])
    width, height = manifest["backdrop"]
    backdrop = Variant(width, height, "webp", paths.backdrop_url(key))
    files = tuple((v.url, *manifest["files"][v.url.removeprefix(paths.PHOTOS_DIR + "/")])
                  for v in (*variants, backdrop))
    return Derived(key, manifest["width"], manifest["height"], variants, manifest["color"],
                   manifest["preview"], manifest["opaque"], files, backdrop)


def cache_files(cache_dir: Path, derived: Derived) -> list[tuple[str, Path]]:
    """(site URL, cache file) for each derivative of a photo, its screen backdrop included."""
    backdrop = (derived.backdrop,) if derived.backdrop else ()
    return [(v.url, cache_dir / v.url.removeprefix(paths.PHOTOS_DIR + "/"))
            for v in (*derived.variants, *backdrop)]


def prune_cache(cache_dir: Path, used: set[str], now: float | None = None) -> int:
    """Remove cache entries unused for PRUNE_AFTER_DAYS; return how many went.

    An entry's age is its manifest's mtime (touched on every use), or its newest file's
    when the manifest is missing (a job cut short).
    """
    if not cache_dir.is_dir():
        return 0
    entries: dict[str, list[Path]] = {}
    for file in cache_dir.glob("*/*"):
        key = file.name.lstrip(".").split("-")[0].split(".")[0]
        entries.setdefault(key, []).append(file)
    limit = (now or time.time()) - PRUNE_AFTER_DAYS * 86400
    removed = 0
    for key, files in entries.items():
        if key in used:
            continue
        manifests = [f for f in files if f.name == f"{key}.json"]
        if max(f.stat().st_mtime for f in manifests or files) > limit:
            continue
        for file in files:
            file.unlink(missing_ok=True)
        removed += 1
    return removed


# How wide each role shows on screen, for the browser's srcset choice; keep in step with the
# stylesheets. Story photos fill the content column (about 690 px beside Material's sidebar,
