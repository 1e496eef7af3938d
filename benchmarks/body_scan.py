"""How long reading story bodies takes (`gallery.content.body.scan`), per 1,000 bodies.

`culture check` and the build read every story body once with the build's Markdown and an HTML
parser (issue 8). This times that on 1,000 bodies made from the demo's stories: as they are,
each with a body photo and a paragraph of raw HTML, and long ones (ten times a demo body with
three images). CPU time of this process, best of `--repeat`, the scan cache cleared each time.

    .venv/bin/python benchmarks/body_scan.py
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from gallery.content import body
from gallery.content.read import read_document

ROOT = Path(__file__).resolve().parent.parent
IMAGE = '![大堂经理在引导客户](1.jpg "第 {i} 篇")'
HTML = '<p style="color: #c00">提示：<img src="2.jpg" alt="叫号机"></p>'


def demo_bodies() -> list[str]:
    """The bodies of the demo's stories."""
    found = []
    for path in sorted((ROOT / "site_src").rglob("index.md")):
        doc, _problems = read_document(path, str(path))
        if doc is not None and doc.body.strip():
            found.append(doc.body)
    return found


def corpora(n: int) -> dict[str, list[str]]:
    """Three sets of n unique bodies."""
    bodies = demo_bodies()
    pick = [bodies[i % len(bodies)] for i in range(n)]
    return {
        "demo bodies as they are": [f"{b}\n\n第 {i} 篇。\n" for i, b in enumerate(pick)],
        "each with a photo and HTML": [f"{b}\n\n{IMAGE.format(i=i)}\n\n{HTML}\n"
                                       for i, b in enumerate(pick)],
        "long: 10 bodies, 3 photos": [(f"{b}\n\n{IMAGE.format(i=i)}\n\n" * 3 + b * 7)
                                      for i, b in enumerate(pick)],
    }


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The least CPU time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        body.scan.cache_clear()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    """Print the time per 1,000 bodies and per body for each set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="bodies per set (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per set; the best counts")
    args = parser.parse_args()
    body.scan("![warm-up](1.jpg)")  # Markdown and its extensions load once per process
    print(f"load average {os.getloadavg()[0]:.2f}; {args.n} bodies per set")
    for name, texts in corpora(args.n).items():
        chars = sum(map(len, texts)) // len(texts)
        seconds = best_of(args.repeat, lambda texts=texts: [body.scan(t) for t in texts])
        print(f"{name:28} {chars:6} chars  {seconds * 1000 / args.n * 1000:7.0f} ms / 1000"
              f"  {seconds * 1000 / args.n:6.2f} ms each")


if __name__ == "__main__":
    main()
