"""How long `culture check` takes at the demo size and at 1,000 stories, warm (issue 11, point 6).

Usage: .venv/bin/python benchmarks/check_time.py [-n 1000] [--runs 7]

Two projects beside a copy of this checkout's configuration: the demo (site_src/ as it is) and
a generated one of N moments (about 800 Chinese characters, one photo and one in the body each;
every tenth story links to the one before it and to the board, as staff do). Each is checked
once to warm the file cache and Python's bytecode, then `culture check` runs --runs times as a
subprocess: the median wall time and CPU time (user + sys of the child) are printed. The parts
this issue added are timed in-process on the loaded project: resolving the links of every page
(gallery.content.links) and the photo files: the first bytes of every photo, and a decode of
those no build or check decoded yet (gallery.photos.verify; warm, none is decoded).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("culture.yml", "mkdocs.yml", "overrides", "hooks")
PARAGRAPH = ("大堂经理主动迎上前去，耐心询问老人需要办理的业务，帮助他填写单据、核对信息，"
             "并一路陪同到柜台，直到业务办完才放心离开。")
JPEG = (ROOT / "tests" / "data" / "tiny.jpg").read_bytes()


def demo_project(where: Path) -> Path:
    """A copy of the checkout's demo project."""
    where.mkdir(parents=True)
    for name in (*COPIED, "site_src"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / name)
    return where


def generated_project(where: Path, count: int) -> Path:
    """A project of `count` moments, each with a photo in its front matter and its body."""
    where.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / name)
    moments = where / "site_src" / "moments"
    outlets = ("zhushikou", "qianmen", "tianqiao")
    slugs = []
    for i in range(count):
        day = f"20{17 + i % 9:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        slug = f"{day}-story-{i}"
        folder = moments / slug
        folder.mkdir(parents=True)
        (folder / "1.jpg").write_bytes(JPEG)
        (folder / "2.jpg").write_bytes(JPEG)
        links = (f"\n\n另见[上一篇](../{slugs[-1]}/)和[红黑榜](../../board/)。"
                 if i % 10 == 9 else "")
        body = "\n\n".join(PARAGRAPH * 4 for _ in range(4))
        (folder / "index.md").write_text(
            f"---\ntitle: 服务故事第{i}篇\ndate: {day}\noutlet: {outlets[i % 3]}\n"
            f"tags: [暖心服务, 标签{i % 12}]\n"
            f"photos:\n  - file: 1.jpg\n    caption: 说明{i}\n    alt: 大堂里的服务场景{i}\n"
            f"---\n\n{body}\n\n![柜台前的客户{i}](2.jpg \"柜台\"){links}\n", "utf-8")
        slugs.append(slug)
    (where / "site_src" / "index.md").write_text("---\ntitle: 首页\n---\n\n# 首页\n", "utf-8")
    return where


def timed_check(project: Path) -> tuple[float, float, int]:
    """One `culture check` of `project`: wall seconds, CPU seconds and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "culture"), "check"], cwd=project,
                          capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def parts(project: Path) -> tuple[int, float, float]:
    """Stories, and the seconds of the link check and of the photo-file check (loaded project)."""
    from gallery import paths
    from gallery.content import links
    from gallery.intranet import generate
    from gallery.photos import sniff, verify
    from gallery.project import load_project

    loaded = load_project(project)
    started = time.perf_counter()
    made = links.site_pages(loaded.site, generate.page_uris(loaded.site, loaded.settings,
                                                            loaded.boards))
    links.check_site(loaded.site, made, loaded.root)
    linked = time.perf_counter() - started
    started = time.perf_counter()
    verify.check_files(sniff.story_photos(loaded.site), loaded.settings.images, loaded.root,
                       loaded.root / paths.PHOTO_CACHE_DIR)
    return len(loaded.site.stories), linked, time.perf_counter() - started


def main() -> None:
    """Print the warm `culture check` time of the demo and of the generated project."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="generated stories (default 1000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs each (default 7)")
    args = parser.parse_args()
    os.environ["CULTURE_TODAY"] = "2026-11-29"
    with tempfile.TemporaryDirectory() as tmp:
        projects = {"demo": demo_project(Path(tmp) / "demo"),
                    f"{args.n} stories": generated_project(Path(tmp) / "many", args.n)}
        for name, project in projects.items():
            timed_check(project)  # warm: file cache, bytecode
            runs = [timed_check(project) for _ in range(args.runs)]
            assert all(code == 0 for *_, code in runs), f"{name}: culture check failed"
            stories, linked, sniffed = parts(project)
            print(f"{name:12} {stories:5} stories  wall median "
                  f"{statistics.median(r[0] for r in runs):5.2f} s (best {min(r[0] for r in runs):.2f})"
                  f"  CPU median {statistics.median(r[1] for r in runs):5.2f} s"
                  f"  links {linked * 1000:5.1f} ms  photo files {sniffed * 1000:5.1f} ms")


if __name__ == "__main__":
    main()
