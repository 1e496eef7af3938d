"""Edit-to-reload in `culture serve`, beside bare Material's `mkdocs serve` on the same Markdown:
seconds from saving a story to the changed story being served.

Two modes:

* `--stories N` (the issue's figures): benchmarks/sitegen.py writes our project of N moments and
  bare Material's project of the same Markdown (stories out of nav, Material's search with
  jieba). Both servers run side by side; each round saves one story in ours, waits for the new
  text, then does the same in the bare project (interleaved, so both see the same load).
  `--edit body` adds a sentence to the body (only the story's page shows it); `--edit title`
  changes the title (the story, its section index, outlet and tag hubs and, for bare Material,
  the tags listing show it).
* no `--stories`: the repository's demo site copied (content, configuration, photo cache
  hard-linked), `--extra N` generated moments added; ours alone, title edits.

A server is run as staff run it (`python -m gallery serve`, `python -m mkdocs serve`); each
round polls the story's URL until the new text is in the page. MkDocs' server holds requests
while it rebuilds, so the first page with the new text is what a reloading browser gets. The
time includes the file watcher's poll (MkDocs polls every 0.5 s) and its 0.1 s wait.

    .venv/bin/python benchmarks/serve_reload.py --stories 1000 --rounds 5 [--edit body title]
    .venv/bin/python benchmarks/serve_reload.py --rounds 7 [--extra 965]

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "culture.yml", "hooks", "overrides", "site_src")
TITLE = re.compile(r"^title:.*$", re.MULTILINE)
TODAY = "2026-11-30"


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


@dataclass
class Server:
    """A running preview server and the story it is timed on."""

    name: str
    process: subprocess.Popen
    log: Path
    page: Path = Path()
    url: str = ""
    first: float = 0.0
    seconds: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU seconds a save cost

    def cpu_seconds(self) -> float:
        """The server process's CPU time so far (user and system, its children's included)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def wait_for(self, text: str, timeout: float) -> str:
        """The server's output once `text` is in it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.log.read_text("utf-8", errors="replace")
            if text in out:
                return out
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} ended:\n{out[-3000:]}")
            time.sleep(0.05)
        raise SystemExit(f"{self.name} did not print {text!r} in {timeout} s")

    def stop(self) -> None:
        """End the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(name: str, command: list[str], cwd: Path, log: Path) -> Server:
    """Start a server (its output into `log`)."""
    env = {**os.environ, "CULTURE_TODAY": TODAY, "PYTHONUNBUFFERED": "1",
           "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    return Server(name, process, log)


def serving(server: Server, line: str, started: float) -> str:
    """The base URL once the server says it serves (after its first build)."""
    text = server.wait_for(line, timeout=3600)
    server.first = time.perf_counter() - started
    rest = text.split(line, 1)[1]
    return re.split(r"[（\s]", rest.strip(), maxsplit=1)[0].rstrip("/") + "/"


def timed_save(server: Server, kind: str, save: Callable[[], str]) -> None:
    """Save (returns the text to wait for) and time until the page shows it; the server's CPU
    time from the save to SETTLE seconds after the page showed it (the rest of the rebuild,
    and whatever its watcher costs meanwhile)."""
    time.sleep(1.5)  # let the previous rebuild settle and the watcher poll again
    cpu = server.cpu_seconds()
    wanted = save()
    start_time = time.perf_counter()
    while wanted not in fetch(server.url):
        time.sleep(0.02)
    server.seconds.setdefault(kind, []).append(time.perf_counter() - start_time)
    time.sleep(SETTLE)
    server.cpu.setdefault(kind, []).append(server.cpu_seconds() - cpu)
    print(f"  {kind} {server.name}: {server.seconds[kind][-1]:.2f} s, "
          f"{server.cpu[kind][-1]:.2f} s CPU, load average {load()}", flush=True)


SETTLE = 1.5


def load() -> str:
    """The load average, for the record."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def generated(args: argparse.Namespace, tmp: Path) -> list[Server]:
    """Our project and bare Material's, N stories each, both serving."""
    sys.path.insert(0, str(Path(__file__).parent))
    import sitegen

    spec = sitegen.Spec(count=args.stories, pool=args.pool, size=(1600, 1200))
    ours = sitegen.our_project(tmp / "ours", spec, photos_base=tmp)
    bare = sitegen.bare_project(tmp / "bare", spec, photos_base=tmp)
    story = args.stories // 2
    slug = sitegen.slug_of(story)
    servers = []
    for name, root, command, line in (
            ("culture serve", ours, [sys.executable, "-m", "gallery", "serve", "--port",
                                     str(free_port())], "预览地址："),
            ("bare mkdocs serve", bare, [sys.executable, "-m", "mkdocs", "serve", "-a",
                                         f"127.0.0.1:{free_port()}"], "Serving on ")):
        started = time.perf_counter()
        server = start(name, command, root, tmp / f"{root.name}.log")
        servers.append(server)
        base = serving(server, line, started)
        print(f"{name} serving after {server.first:.1f} s, load average {load()}", flush=True)
        server.url = f"{base}moments/{slug}/"
        docs = "site_src" if root == ours else "docs"
        server.page = root / docs / "moments" / slug / "index.md"
    return servers


def edit(server: Server, kind: str, r: int) -> str:
    """Change the story as staff would; the text the page shows afterwards."""
    text = server.page.read_text("utf-8")
    if kind == "title":
        title = f"改过的标题第{r}次"
        server.page.write_text(TITLE.sub(f"title: {title}", text, count=1), "utf-8")
        return title
    sentence = f"（第{r}次修改：补充了一句说明。）"
    server.page.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", "utf-8")
    return sentence


def main() -> None:
    """Measure and print edit-to-reload."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--stories", type=int, default=0,
                        help="generated site of N stories, beside bare Material")
    parser.add_argument("--pool", type=int, default=20, help="photos in sitegen's pool")
    parser.add_argument("--edit", choices=("body", "title"), nargs="+", default=["body"],
                        help="what each round changes (several: each in turn, every round)")
    parser.add_argument("--extra", type=int, default=0, help="demo mode: generated moments")
    args = parser.parse_args()
    print(f"load average before: {load()}")
    with tempfile.TemporaryDirectory(prefix="serve-reload-") as tmp:
        if args.stories:
            servers = generated(args, Path(tmp))
            kinds = args.edit
        else:
            root = project_copy(Path(tmp) / "project", args.extra)
            started = time.perf_counter()
            server = start("culture serve", [sys.executable, "-m", "gallery", "serve", "--port",
                                             str(free_port())], root, Path(tmp) / "serve.log")
            servers = [server]
            page = min((root / "site_src" / "moments").glob("*/index.md"))
            server.page, kinds = page, ["title"]
            server.url = f"{serving(server, '预览地址：', started)}moments/{page.parent.name}/"
        try:
            for r in range(args.rounds):
                for kind in kinds:
                    for server in servers:
                        timed_save(server, kind, lambda s=server, k=kind, r=r: edit(s, k, r))
                print(f"round {r + 1} done, load average {load()}", flush=True)
        finally:
            for server in servers:
                server.stop()
    print(f"load average after: {load()}")
    print(f"{args.stories or 'demo'} stories; {args.rounds} rounds")
    for server in servers:
        print(f"{server.name:18} first build to serving {server.first:6.1f} s")
    for kind in kinds:
        for server in servers:
            s = server.seconds[kind]
            c = server.cpu[kind]
            print(f"{kind:5} {server.name:18} edit-to-reload median {statistics.median(s):.2f} s "
                  f"(min {min(s):.2f}, max {max(s):.2f}); CPU a save median "
                  f"{statistics.median(c):.2f} s (min {min(c):.2f}, max {max(c):.2f})")
        if len(servers) == 2:
            ours, bare = (statistics.median(s.seconds[kind]) for s in servers)
            print(f"{kind:5} culture serve / bare mkdocs serve: {ours / bare:.2f}")


if __name__ == "__main__":
    main()
