"""What plain `culture check` pays to decode new photos (gallery.photos.verify), beside the
photo stage that `culture check --photos` and a first build run on the same photos.

Generates N 12 MP JPEGs (benchmarks/images.py's corpus) in one story folder, then, alternating
for --rounds rounds, each on a fresh cache: plain check's photo files cold (every photo hashed
and decoded at the smallest scale), the same again warm (found in the stat index and
remembered: nothing read or decoded), and the
photo stage with the default settings (every photo decoded and its derivatives written). Prints
wall and CPU seconds (this process and its pool workers) and the ratios to the photo stage.

Usage:  .venv/bin/python benchmarks/check_photos.py [-n 40] [--rounds 2] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from images import cpu_seconds, make_corpus

from gallery import paths
from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.photos import cache as photo_cache
from gallery.photos import plan, verify

STORY = "site_src/moments/2024-05-01-bench"


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of `work` (pool workers' CPU included once they finish), started
    as a new process would be: no digest remembered in memory."""
    photo_cache._digests.clear()
    wall, cpu = time.perf_counter(), cpu_seconds()
    work()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    """Print plain check's photo cost, cold and warm, beside the photo stage's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40, help="12 MP photos (default 40)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    settings = ImageSettings()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = make_corpus(root / STORY, args.n, args.workers)
        time.sleep(photo_cache.RACY_SECONDS + 1)  # else the stat index may not take them yet
        photos = [model.Photo(p.name, p) for p in corpus]
        cache = root / paths.PHOTO_CACHE_DIR
        results: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "stage": []}
        for _ in range(args.rounds):
            shutil.rmtree(root / ".cache", ignore_errors=True)
            results["cold"].append(timed(lambda: verify.check_files(photos, settings, root, cache)))
            results["warm"].append(timed(lambda: verify.check_files(photos, settings, root, cache)))
            shutil.rmtree(root / ".cache", ignore_errors=True)
            results["stage"].append(timed(lambda: plan.process(
                photos, settings, cache, root=root, workers=args.workers)))
    stage_wall = statistics.median(w for w, _ in results["stage"])
    stage_cpu = statistics.median(c for _, c in results["stage"])
    print(f"{args.n} photos of 12 MP, {args.rounds} rounds, {args.workers} workers, "
          f"load average {os.getloadavg()[0]:.1f}")
    names = {"cold": "plain check, new photos", "warm": "plain check, again",
             "stage": "photo stage (check --photos, first build)"}
    for key, label in names.items():
        wall = statistics.median(w for w, _ in results[key])
        cpu = statistics.median(c for _, c in results[key])
        print(f"{label:44} wall {wall:7.2f} s ({wall / args.n * 1000:6.1f} ms/photo, "
              f"{wall / stage_wall:.3f}x)  CPU {cpu:7.2f} s ({cpu / stage_cpu:.3f}x)")


if __name__ == "__main__":
    main()
