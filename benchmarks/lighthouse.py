"""Lighthouse (mobile preset) on the demo site served by the nginx configuration we ship.

Publishes the demo (the repository's site_src/) the way `culture publish` does (build, then
pre-compress) into a temporary folder, serves it with Debian's nginx under /culture/
(tests/nginx_support.py: the same configuration as tests/test_nginx.py), and runs Lighthouse
12.2.3 through npx on home, moments, one story and the pioneer index. A measurement, not a
test: the figures go to docs/benchmarks.md.

    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--runs 3]

Needs nginx, Node 20 with npm (npx fetches lighthouse@12.2.3 once) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import nginx_support  # a test helper: the nginx that the tests run

from gallery.publish import builds

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"首页": "", "服务精彩瞬间": "moments/",
         "故事": "moments/2024-06-12-fan-zha-xuan-chuan-jin-she-qu/",
         "党员先锋服务岗": "pioneer-posts/"}


def publish_demo(target: Path) -> Path:
    """The demo built and pre-compressed into `target` (a link, as `culture publish` makes)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    builds.publish(target, builds.mkdocs_build(REPO))
    return target


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run (mobile preset, the default); the four category scores 0-100."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json",
               f"--output-path={out}", "--chrome-flags=--headless --no-sandbox"]
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=env, timeout=300)
    report = json.loads(out.read_text("utf-8"))
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def failing(report_path: Path) -> list[str]:
    """The audits that cost points, as 'id (score)', for the notes."""
    report = json.loads(report_path.read_text("utf-8"))
    return [f"{a['id']} ({a['score']})" for a in report["audits"].values()
            if a.get("score") is not None and a["score"] < 0.9
            and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a published site to serve (default: build)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as temp:
        work = Path(temp)
        site = args.site or publish_demo(work / "site")
        with nginx_support.running(site, work / "nginx") as server:
            print(f"| 页面 | {' | '.join(CATEGORIES)} |")
            print(f"|---|{'---|' * len(CATEGORIES)}")
            for name, path in PAGES.items():
                runs = [lighthouse(server.url(path), work / f"{name}-{i}.json")
                        for i in range(args.runs)]
                median = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
                print(f"| {name} (/culture/{path}) | "
                      + " | ".join(f"{median[c]:g}" for c in CATEGORIES) + " |")
                print(f"  runs: {runs}; below 0.9: {failing(work / f'{name}-0.json')}",
                      file=sys.stderr)


if __name__ == "__main__":
    main()
