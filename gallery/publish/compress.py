"""Pre-compression at publish time: `x.gz` (and `x.br`) beside every compressible file of a
finished build, for nginx's `gzip_static` and `brotli_static`.

The web server then sends compressed bytes without compressing on every request. Rules:

- only text types are compressed (HTML, CSS, JavaScript, JSON, XML, SVG, source maps, text);
  photos, fonts and anything already compressed are left alone, and so are files under
  `MIN_SIZE` bytes (the headers would cost more than the saving);
- a compressed copy is kept only when it saves at least `MIN_SAVING` of the size, else nginx
  sends the plain file;
- the output is deterministic: gzip with no name and mtime 0, brotli at a fixed quality, so
  the same build makes the same bytes;
- symbolic links (the live files of gallery.publish.live) and files that change after the
  build (the notice, rewritten by `culture notice`) get no copy: a stale `notice.json.gz`
  beside a fresh notice would be served instead of it.

Brotli is written when the `brotli` package can be imported; gzip always.

Incremental: a file whose bytes were compressed by an earlier complete build is not compressed
again. Each build keeps a manifest (`.compressed.json`: every file's SHA-256, and that of each
copy made of it, with the levels used); a new build looks up each file's SHA-256 there and
hard-links the old copy in, after hashing the copy and finding the hash its manifest recorded.
A copy that is missing, truncated or changed, a manifest that is unreadable or made at other
levels, a file whose bytes differ (whatever its size and mtime): each is compressed afresh.
The verdict is the content hash, never a file's size or mtime.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gallery.fileio import write_atomic

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".map",
                          ".txt", ".webmanifest", ".ico"})
# Written or replaced after the build, in place: a pre-compressed copy would go stale.
LIVE_NAMES = frozenset({"notice.json", "heartbeat.txt"})
MIN_SIZE = 256
MIN_SAVING = 0.1
# Measured on the demo's 4 MB of text (docs/benchmarks.md): gzip 9 takes 3x the time of 6 for
# 0.8 % less; brotli 9-11 take 13-60x the time of 8 for 0.5-10 % less. A publish at 1,000
# stories compresses ~60 MB, so the fast end wins.
GZIP_LEVEL = 6
BROTLI_QUALITY = 8
WORKERS = 2  # zlib, brotli and hashlib release the GIL: threads use both cores
MANIFEST = ".compressed.json"  # hidden: never a candidate itself
FORMAT = 1
SUFFIXES = (".gz", ".br")


def _brotli() -> Callable[[bytes], bytes] | None:
    """brotli.compress at our settings, or None without the brotli package."""
    try:
        import brotli
    except ImportError:
        return None

    def compress(data: bytes) -> bytes:
        return bytes(brotli.compress(data, quality=BROTLI_QUALITY))

    return compress


@dataclass(frozen=True)
class Compressed:
    """What compress_tree did: files looked at, copies written, bytes before and after."""

    files: int
    gzip: int
    brotli: int
    plain_bytes: int
    gzip_bytes: int
    brotli_bytes: int
    seconds: float
    reused: int = 0  # copies linked from an earlier build instead of compressed again


def candidates(folder: Path) -> Iterator[Path]:
    """The files of `folder` that get compressed copies (see the module doc), sorted."""
    for directory, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if (path.suffix.lower() in COMPRESSIBLE and name not in LIVE_NAMES
                    and not name.startswith(".") and not path.is_symlink()
                    and path.stat().st_size >= MIN_SIZE):
                yield path


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def digest(data: bytes) -> str:
    """The SHA-256 of `data`, in hex (the manifest's key)."""
    return hashlib.sha256(data).hexdigest()


def levels(use_brotli: bool) -> dict[str, object]:
    """The settings a manifest's copies were made with; copies are reused only at the same."""
    return {"format": FORMAT, "min_saving": MIN_SAVING, ".gz": GZIP_LEVEL,
            ".br": BROTLI_QUALITY if use_brotli else None}


Record = dict[str, str]  # "sha256" of the file; per suffix the copy's SHA-256, "" for no copy


class Earlier:
    """The copies of earlier builds, found by the SHA-256 of the file they were made from."""

    def __init__(self, folders: Iterable[Path], use_brotli: bool) -> None:
        self.found: dict[str, list[tuple[Path, Record]]] = {}
        wanted = levels(use_brotli)
        for folder in folders:  # newest first: its copies are tried first
            for name, record in read_manifest(folder, wanted).items():
                self.found.setdefault(record["sha256"], []).append((folder / name, record))

    def copy(self, sha: str, suffix: str) -> tuple[Path, bytes, str] | str | None:
        """An earlier copy of bytes with hash `sha`, verified: (path, its bytes, their hash);
        "" when an earlier build found the copy not worth keeping; None when there is none to
        trust."""
        for path, record in self.found.get(sha, ()):
            want = record.get(suffix)
            if want == "":
                return ""
            if not want:
                continue
            copy = path.with_name(path.name + suffix)
            try:
                data = copy.read_bytes()
            except OSError:
                continue
            if digest(data) == want:
                return copy, data, want
        return None


def read_manifest(folder: Path, wanted: dict[str, object]) -> dict[str, Record]:
    """The records of `folder`'s manifest when it was made at the `wanted` levels, else {}."""
    try:
        body = json.loads((folder / MANIFEST).read_bytes())
        if not isinstance(body, dict) or body.get("levels") != wanted:
            return {}
        files = body["files"]
        return {name: record for name, record in files.items()
                if not name.startswith("/") and ".." not in name.split("/")
                and isinstance(record, dict) and isinstance(record.get("sha256"), str)
                and all(isinstance(v, str) for v in record.values())}
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return {}


def link_copy(source: Path, copy: Path, data: bytes) -> None:
    """Hard-link the verified earlier copy `source` as `copy` (one rename: a copy already
    there is replaced whole); write `data` instead where linking is refused."""
    try:
        os.link(source, copy)  # a new build folder: no copy there yet
        return
    except FileExistsError:
        pass
    except OSError:
        write_atomic(copy, data)
        return
    temp = copy.with_name(f".{copy.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(source, temp)
        os.replace(temp, copy)
    except OSError:
        temp.unlink(missing_ok=True)
        write_atomic(copy, data)


def _one(path: Path, brotli: Callable[[bytes], bytes] | None, earlier: Earlier,
         ) -> tuple[int, int, int, int, Record]:
    """Write (or link) the copies of one file; return (plain size, gzip size or 0, brotli
    size or 0, copies reused, the file's manifest record)."""
    data = path.read_bytes()
    sha = digest(data)
    worth = len(data) * (1 - MIN_SAVING)
    sizes, reused, record = [], 0, {"sha256": sha}
    for suffix, squeeze in zip(SUFFIXES, (gzip_bytes, brotli), strict=True):
        copy = path.with_name(path.name + suffix)
        found = earlier.copy(sha, suffix) if squeeze else None
        if isinstance(found, tuple):
            source, earlier_bytes, record[suffix] = found
            link_copy(source, copy, earlier_bytes)
            reused += 1
            sizes.append(len(earlier_bytes))
            continue
        packed = squeeze(data) if squeeze and found is None else None
        if packed is not None and len(packed) <= worth:
            write_atomic(copy, packed)
            sizes.append(len(packed))
            record[suffix] = digest(packed)
        else:
            copy.unlink(missing_ok=True)  # a copy from an older file must not outlive it
            sizes.append(0)
            if squeeze:
                record[suffix] = ""
    return len(data), sizes[0], sizes[1], reused, record


def compress_tree(folder: Path, use_brotli: bool = True,
                  reuse: Iterable[Path] = ()) -> Compressed:
    """Write `.gz` (and `.br`) copies beside the compressible files of the build `folder`,
    linking the verified copies of the earlier builds `reuse` (newest first) where a file's
    bytes are the same; write the folder's manifest last."""
    start = time.perf_counter()
    brotli = _brotli() if use_brotli else None
    earlier = Earlier(reuse, brotli is not None)
    files = list(candidates(folder))
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda p: _one(p, brotli, earlier), files))
    manifest = {"levels": levels(brotli is not None),
                "files": {p.relative_to(folder).as_posix(): r[4]
                          for p, r in zip(files, results, strict=True)}}
    write_atomic(folder / MANIFEST, json.dumps(manifest, separators=(",", ":")))
    return Compressed(
        files=len(files),
        gzip=sum(1 for r in results if r[1]), brotli=sum(1 for r in results if r[2]),
        plain_bytes=sum(r[0] for r in results), gzip_bytes=sum(r[1] for r in results),
        brotli_bytes=sum(r[2] for r in results), seconds=time.perf_counter() - start,
        reused=sum(r[3] for r in results))
