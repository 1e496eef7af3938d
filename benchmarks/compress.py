"""Pre-compression speed (gallery.publish.compress) on a built site, and on that site's text
copied `--scale` times (a stand-in for a bigger site: Material repeats the navigation in every
page, so pages of a 1,000-story site compress much like the demo's).

    .venv/bin/python benchmarks/compress.py SITE_DIR [--scale 15]

Works on a copy in a temporary folder (without the site's own copies); the site is not
changed. The third row is a publish with nothing changed: a second build folder of the same
bytes, whose copies come from the first (hashed, verified, hard-linked).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from gallery.publish import compress


def scaled_copy(site: Path, into: Path, scale: int) -> None:
    """The compressible files of `site`, `scale` times (photos left out: they are skipped)."""
    for index in range(scale):
        for path in compress.candidates(site):
            target = into / str(index) / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def plain_copy(site: Path, into: Path) -> None:
    """The compressible files of `site`, without its copies: a new build of the same text."""
    scaled_copy(site, into, 1)


def row(label: str, folder: Path, use_brotli: bool = True, reuse: tuple[Path, ...] = ()) -> str:
    """Compress `folder` (linking the copies of the builds `reuse` where the bytes are the same);
    one line of the results table (wall time, and CPU time of all threads, which a shared
    machine's load changes less; copies linked instead of compressed)."""
    cpu = time.process_time()
    done = compress.compress_tree(folder, use_brotli, reuse)
    cpu = time.process_time() - cpu
    mb = done.plain_bytes / 1e6
    return (f"| {label} | {done.files} | {mb:.1f} MB | {done.gzip_bytes / 1e6:.2f} MB | "
            f"{done.brotli_bytes / 1e6:.2f} MB | {done.seconds:.2f} s | {cpu:.2f} s | "
            f"{mb / cpu:.0f} MB/s | {done.reused} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--scale", type=int, default=15)
    args = parser.parse_args()
    print("| tree | files | text | .gz | .br | wall | CPU | MB per CPU s | copies linked |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="compress-") as temp:
        one = Path(temp) / "one"
        plain_copy(args.site, one)
        print(row("site", one))
        print(row("site, again in place (same bytes)", one))
        two = Path(temp) / "two"
        plain_copy(args.site, two)
        print(row("site, a new build of the same bytes, reusing the first", two, reuse=(one,)))
        if args.scale > 1:  # --scale 1: the site alone (a big site needs no stand-in)
            many = Path(temp) / "many"
            scaled_copy(args.site, many, args.scale)
            print(row(f"site text x{args.scale}", many))
            print(row(f"site text x{args.scale}, gzip only", many, use_brotli=False))


if __name__ == "__main__":
    main()
