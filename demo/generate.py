"""Generate every demo image under site_src/ (posters, rendered scenes, portraits).

Run by hand from the project root, then commit the results (see demo/README.md):

    make demo-images                                   # all images
    .venv/bin/python -m demo --only moments/           # those whose path contains it

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

from . import draw as D
from .jobs import Job, culture_wall, pioneer_posts, talk
from .moment_jobs import moments

BUDGET = 15 * 1024 * 1024  # all demo JPEGs together: the repository stays light
DOCS = Path(__file__).resolve().parent.parent / "site_src"


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
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only images whose path contains this text")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the docs_dir (default: site_src/)")
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
