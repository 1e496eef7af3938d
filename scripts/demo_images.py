#!/usr/bin/env python3
"""Generate every demo image under site_src/ (posters, rendered scenes, portraits).

Run by hand from the project root, then commit the results:

    .venv/bin/python scripts/demo_images.py            # all images
    .venv/bin/python scripts/demo_images.py --only moments/   # those whose path contains it

Needs Pillow and Debian's fonts-noto-cjk. Deterministic: each image has its own seeded
random generator, so a re-run rewrites identical pixels. A few photos carry an EXIF
orientation (pixels stored rotated, as phones do) and two carry a fictional GPS position,
so the site's image pipeline has real orientation handling and metadata stripping to prove.
"""

from __future__ import annotations

import argparse
import random
import sys
import zlib
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

import demo_draw as D
from demo_jobs import Job, culture_wall, pioneer_posts, talk
from demo_moment_jobs import moments

BUDGET = 15 * 1024 * 1024


def all_jobs() -> list[Job]:
    """Every demo image, in a stable order."""
    return culture_wall() + pioneer_posts() + moments() + talk()


def run(job: Job, docs: Path) -> int:
    """Draw one image with its own seed and save it; return its size in bytes."""
    rng = random.Random(zlib.crc32(job.path.encode()))
    img = job.draw(rng).convert("RGB")
    exif = D.camera_exif(job.when, gps=job.gps) if job.when else Image.Exif()
    target = docs / job.path
    D.save_jpeg(img, target, quality=85, exif=exif, orientation=job.orientation)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Generate the demo images; print each size and the total against the budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only images whose path contains this text")
    parser.add_argument("--docs", type=Path, default=Path("site_src"), help="the docs_dir")
    args = parser.parse_args(argv)
    try:
        D.check_fonts()
    except D.FontMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    jobs = [j for j in all_jobs() if args.only in j.path]
    for job in jobs:
        size = run(job, args.docs)
        print(f"{size / 1024:8.0f} KB  {job.path}")
    total = sum(p.stat().st_size for p in args.docs.rglob("*.jpg"))
    print(
        f"{len(jobs)} images written; all demo JPEGs: {total / 1024 / 1024:.1f} MB "
        f"(budget {BUDGET / 1024 / 1024:.0f} MB)"
    )
    return 1 if total > BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
