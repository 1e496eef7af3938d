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
"""

from __future__ import annotations

import gzip
import os
import time
from collections.abc import Callable, Iterator
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
WORKERS = 2  # zlib and brotli release the GIL: threads use both cores


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


def _one(path: Path, brotli: Callable[[bytes], bytes] | None) -> tuple[int, int, int]:
    """Write the copies of one file; return (plain size, gzip size or 0, brotli size or 0)."""
    data = path.read_bytes()
    worth = len(data) * (1 - MIN_SAVING)
    sizes = []
    for suffix, squeeze in ((".gz", gzip_bytes), (".br", brotli)):
        copy = path.with_name(path.name + suffix)
        packed = squeeze(data) if squeeze else None
        if packed is not None and len(packed) <= worth:
            write_atomic(copy, packed)
            sizes.append(len(packed))
        else:
            copy.unlink(missing_ok=True)  # a copy from an older file must not outlive it
            sizes.append(0)
    return len(data), sizes[0], sizes[1]


def compress_tree(folder: Path, use_brotli: bool = True) -> Compressed:
    """Write `.gz` (and `.br`) copies beside the compressible files of the build `folder`."""
    start = time.perf_counter()
    brotli = _brotli() if use_brotli else None
    files = list(candidates(folder))
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda p: _one(p, brotli), files))
    return Compressed(
        files=len(files),
        gzip=sum(1 for _, g, _ in results if g), brotli=sum(1 for _, _, b in results if b),
        plain_bytes=sum(r[0] for r in results), gzip_bytes=sum(r[1] for r in results),
        brotli_bytes=sum(r[2] for r in results), seconds=time.perf_counter() - start)
