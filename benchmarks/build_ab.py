"""A/B: whole-site build time of two checkouts of this project, interleaved, side by side.

Each checkout builds with its own `.venv` (so each runs its own `gallery` and hook):

* the repository's demo site (`mkdocs build --strict` of the checkout itself, into a
  temporary folder), and `culture check` of it;
* a generated site of N moments (about 800 Chinese characters and one photo each, the photos
  drawn from a pool of 20), written into a temporary project beside each checkout's own
  mkdocs.yml, culture.yml, hooks/ and overrides/.

Every build runs once to warm the photo cache (not timed), then the two checkouts take turns
for `--rounds` rounds; the script prints the median wall-clock time of each and the ratio
B / A. The machine is shared and noisy: only the ratio within one run means anything.

    .venv/bin/python benchmarks/build_ab.py --a ../old-checkout --b . [-n 1000] [--rounds 3]

Results and commands are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

COPIED = ("mkdocs.yml", "culture.yml", "hooks", "overrides")
ASSETS = Path("site_src") / "assets"
POOL = 20
PARAGRAPH = ("客户为尊，服务如意；员工为本，诚信如一。大堂经理主动迎候每一位客户，"
             "首问负责，一次办好。遇到行动不便的老人，网点安排专人陪同办理，"
             "耐心讲解防范电信诈骗的常识，让客户放心、安心、舒心。")


def run(command: list[str], cwd: Path) -> float:
    """Run a command to completion and return its wall-clock seconds; fail loudly."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CULTURE_TODAY": "2026-11-30"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-3000:]}")
    return seconds


def photo_pool(folder: Path) -> list[Path]:
    """POOL distinct 1600×1200 JPEGs (flat colours and shapes, cheap to make)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    pool = []
    for i in range(POOL):
        im = Image.new("RGB", (1600, 1200), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(im)
        for _ in range(30):
            x, y = rng.randrange(1600), rng.randrange(1200)
            draw.ellipse((x, y, x + 200, y + 150), fill=tuple(rng.randrange(256) for _ in range(3)))
        path = folder / f"{i}.jpg"
        im.save(path, quality=85)
        pool.append(path)
    return pool


def generated_project(checkout: Path, where: Path, count: int, pool: list[Path]) -> Path:
    """A project with `count` moments beside a copy of the checkout's configuration."""
    where.mkdir(parents=True)
    for name in COPIED:
        source = checkout / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / name)
    if (checkout / ASSETS).is_dir():  # theme code lived in site_src/ before it moved to overrides/
        shutil.copytree(checkout / ASSETS, where / ASSETS)
    moments = where / "site_src" / "moments"
    outlets = ("zhushikou", "qianmen", "tianqiao")
    for i in range(count):
        day = f"20{17 + i % 9:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        folder = moments / f"{day}-story-{i}"
        folder.mkdir(parents=True)
        os.link(pool[i % POOL], folder / "1.jpg")
        body = "\n\n".join(PARAGRAPH * 2 for _ in range(4))
        (folder / "index.md").write_text(
            f"---\ntitle: 服务故事第{i}篇\ndate: {day}\noutlet: {outlets[i % 3]}\n"
            f"summary: 第{i}篇服务故事的摘要\ntags: [暖心服务, 标签{i % 12}]\n"
            f"photos:\n  - file: 1.jpg\n    caption: 说明{i}\n    alt: 大堂里的服务场景{i}\n"
            f"---\n\n{body}\n", "utf-8")
    (where / "site_src" / "index.md").write_text("---\ntitle: 首页\n---\n\n# 首页\n", "utf-8")
    return where


def mkdocs(checkout: Path, project: Path, out: Path) -> Callable[[], float]:
    """A timed strict build of `project` with the checkout's venv."""
    python = str(checkout / ".venv" / "bin" / "python")
    command = [python, "-m", "mkdocs", "build", "--strict", "-q", "-f",
               str(project / "mkdocs.yml"), "-d", str(out)]
    return lambda: run(command, project)


def check(checkout: Path) -> Callable[[], float]:
    """A timed `culture check` of the checkout's own demo."""
    return lambda: run([str(checkout / ".venv" / "bin" / "culture"), "check"], checkout)


def interleaved(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[float, float]:
    """Warm both once, then alternate; the median seconds of each."""
    a(), b()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        times[0].append(a())
        times[1].append(b())
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    """Parse arguments, build everything, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", type=Path, required=True, help="the anchor checkout (e.g. before)")
    parser.add_argument("--b", type=Path, default=Path("."), help="the checkout measured")
    parser.add_argument("-n", type=int, default=1000, help="moments in the generated site")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    a, b = args.a.resolve(), args.b.resolve()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows.append(("demo: mkdocs build --strict", *interleaved(
            mkdocs(a, a, work / "demo-a"), mkdocs(b, b, work / "demo-b"), args.rounds)))
        rows.append(("demo: culture check", *interleaved(check(a), check(b), args.rounds)))
        if args.n:
            pool = photo_pool(work / "pool")
            pa = generated_project(a, work / "gen-a", args.n, pool)
            pb = generated_project(b, work / "gen-b", args.n, pool)
            rows.append((f"{args.n} moments: mkdocs build --strict", *interleaved(
                mkdocs(a, pa, work / "out-a"), mkdocs(b, pb, work / "out-b"), args.rounds)))
    print(f"A = {a}\nB = {b}\nmedian of {args.rounds} interleaved rounds, after one warm-up each")
    print(f"{'':<36} {'A s':>8} {'B s':>8} {'B/A':>6}")
    for label, ta, tb in rows:
        print(f"{label:<36} {ta:>8.2f} {tb:>8.2f} {tb / ta:>6.2f}")


if __name__ == "__main__":
    main()
