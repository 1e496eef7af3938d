"""Edit-to-reload in `culture serve`: seconds from saving a story's new title to that title
being served, on a copy of the repository's demo site (optionally with N generated moments).

The copy gets the demo's content, configuration and (hard-linked) photo cache, so the first
build is warm. `culture serve` runs as staff run it (`python -m gallery serve`); each round
rewrites the `title:` line of one story and polls the story's URL until the new title is in
the page. MkDocs' server holds requests while a rebuild runs, so the first page with the new
title is what a reloading browser would get.

    .venv/bin/python benchmarks/serve_reload.py [--rounds 7] [--extra 1000]

Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "culture.yml", "hooks", "overrides", "site_src")
TITLE = re.compile(r"^title:.*$", re.MULTILINE)


def project_copy(where: Path, extra: int) -> Path:
    """The demo project in `where`, its photo cache hard-linked, plus `extra` moments."""
    where.mkdir(parents=True)
    for name in COPIED:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / name)
    cache = REPO / ".cache" / "photos"
    if cache.is_dir():
        shutil.copytree(cache, where / ".cache" / "photos", copy_function=os.link)
    if extra:
        sys.path.insert(0, str(Path(__file__).parent))
        from build_ab import PARAGRAPH, photo_pool

        pool = photo_pool(where.parent / "pool")
        for i in range(extra):
            day = f"20{17 + i % 9:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            folder = where / "site_src" / "moments" / f"{day}-bench-{i}"
            folder.mkdir(parents=True)
            os.link(pool[i % len(pool)], folder / "1.jpg")
            (folder / "index.md").write_text(
                f"---\ntitle: 服务故事第{i}篇\ndate: {day}\noutlet: qianmen\n"
                f"summary: 第{i}篇服务故事的摘要\nphotos:\n  - file: 1.jpg\n"
                f"    caption: 说明{i}\n    alt: 大堂里的服务场景{i}\n---\n\n{PARAGRAPH * 6}\n",
                "utf-8")
    return where


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    """The page's text (waits while the server rebuilds)."""
    with urllib.request.urlopen(url, timeout=600) as response:
        return response.read().decode("utf-8")


def wait_for_line(log: Path, text: str, process: subprocess.Popen, timeout: float) -> str:
    """The server's output once `text` is in it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = log.read_text("utf-8", errors="replace")
        if text in out:
            return out
        if process.poll() is not None:
            raise SystemExit(f"culture serve ended:\n{out[-3000:]}")
        time.sleep(0.05)
    raise SystemExit(f"culture serve did not print {text!r} in {timeout} s")


def reload_rounds(url: str, story: Path, rounds: int) -> list[float]:
    """Seconds from saving a new title to the page serving it, per round."""
    original = story.read_text("utf-8")
    seconds = []
    try:
        for r in range(rounds):
            title = f"改过的标题第{r}次"
            time.sleep(1.5)  # let the previous rebuild settle and the watcher poll again
            story.write_text(TITLE.sub(f"title: {title}", original, count=1), "utf-8")
            start = time.perf_counter()
            while title not in fetch(url):
                time.sleep(0.02)
            seconds.append(time.perf_counter() - start)
    finally:
        story.write_text(original, "utf-8")
    return seconds


def main() -> None:
    """Measure and print edit-to-reload of `culture serve`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--extra", type=int, default=0, help="generated moments added")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-reload-") as tmp:
        root = project_copy(Path(tmp) / "project", args.extra)
        story = min((root / "site_src" / "moments").glob("*/index.md"))
        stories = len(list((root / "site_src").glob("*/*/index.md")))
        log = Path(tmp) / "serve.log"
        env = {**os.environ, "CULTURE_TODAY": "2026-11-30", "PYTHONUNBUFFERED": "1"}
        start = time.perf_counter()
        with open(log, "wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "gallery", "serve", "--port",
                                        str(free_port())], cwd=root, env=env, stdout=out,
                                       stderr=subprocess.STDOUT)
        try:
            text = wait_for_line(log, "预览地址：", process, timeout=1800)
            first = time.perf_counter() - start
            base = text.split("预览地址：", 1)[1].split("（", 1)[0]
            url = f"{base}moments/{story.parent.name}/"
            seconds = reload_rounds(url, story, args.rounds)
        finally:
            process.terminate()
            process.wait(timeout=60)
    print(f"{stories} stories; first build to serving: {first:.1f} s")
    print(f"edit-to-reload over {len(seconds)} rounds: median {statistics.median(seconds):.2f} s, "
          f"min {min(seconds):.2f} s, max {max(seconds):.2f} s")


if __name__ == "__main__":
    main()
