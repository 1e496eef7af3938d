"""A warm build's on_config (glue.prepare: load and check every story, then the photo stage) in
a new process, with and without .cache/stories.json: seconds of wall and CPU, interleaved.

    .venv/bin/python benchmarks/load_speed.py PROJECT --rounds 3

PROJECT is a built project (its photo cache and stat index warm), e.g. a copy of one that
benchmarks/warm_build.py made; the script writes only its .cache/ (stories.json, moved aside
and back). "without" reads and validates every story (the anchor); "with" takes them from
the cache the previous run wrote. Printed per run: wall and CPU seconds of prepare, and of
its parts (load_project, the photo stage), with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """\
import json, logging, sys, time
from pathlib import Path
from mkdocs.config import load_config
from gallery.mkdocs import glue

root = Path(sys.argv[1])
spent = {}

def timed(name, call):
    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            spent[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return run

glue.load_project = timed("load", glue.load_project)
glue.derive_photos = timed("photos", glue.derive_photos)
config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
glue.prepare(config, logging.getLogger("bench"))
spent["prepare"] = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps(spent))
"""


def run(root: Path, site: str) -> dict[str, tuple[float, float]]:
    """One on_config in a new process: {part: (wall, cpu)}."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(root), site], cwd=root, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def load() -> str:
    """The 1/5/15-minute load averages."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = args.project.resolve()
    cache = root / ".cache" / "stories.json"
    aside = root / ".cache" / "stories.json.aside"
    seen: dict[str, list[dict[str, tuple[float, float]]]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory(prefix="load-speed-") as site:
        run(root, site)  # the cache written, the photo stat index current
        for r in range(args.rounds):
            for kind in ("without", "with"):
                if kind == "without" and cache.exists():
                    shutil.move(cache, aside)  # read and validate everything (then write it)
                spent = run(root, site)
                seen[kind].append(spent)
                if aside.exists():
                    aside.unlink()
                parts = "  ".join(f"{k} {w:.2f}/{c:.2f}" for k, (w, c) in spent.items())
                print(f"round {r + 1} {kind:7} (wall/CPU s) {parts}  load {load()}", flush=True)
    for kind, runs in seen.items():
        parts = "  ".join(f"{k} {statistics.median(x[k][0] for x in runs):.2f}/"
                          f"{statistics.median(x[k][1] for x in runs):.2f}" for k in runs[0])
        print(f"median {kind:7} (wall/CPU s) {parts}")


if __name__ == "__main__":
    main()
