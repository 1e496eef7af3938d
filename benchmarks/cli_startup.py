"""Start-up of `culture --help` and `culture check`, beside the bare interpreter.

Usage: .venv/bin/python benchmarks/cli_startup.py [--before OTHER/.venv/bin/culture] [--runs 9]

Each command runs as a subprocess, all of them interleaved round by round (so a busy machine
weighs on each alike); the median wall time and CPU time (user + sys of the child) are printed,
and each median CPU time as a multiple of the anchor's, `python -c pass` of the same venv.
`--before` names the `culture` of another checkout (e.g. main's, before a change): its commands
run in the same rounds, with its own interpreter as its anchor. `culture check` checks a project
of a home page only (start-up: imports and settings) and a copy of this checkout's demo project
(site_src/ as it is). Every command runs once first to warm the file cache and bytecode.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check_time import ROOT, demo_project

HERE = Path(sys.executable).parent / "culture"


def run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys) of one run of `argv` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def home_only(where: Path) -> Path:
    """A project of this checkout's culture.yml and a one-line home page."""
    (where / "site_src").mkdir(parents=True)
    shutil.copy(ROOT / "culture.yml", where / "culture.yml")
    (where / "site_src" / "index.md").write_text("# 首页\n", "utf-8")
    return where


def variants(cultures: dict[str, Path], temp: Path) -> dict[str, list[str]]:
    """label -> argv: the anchor, `--help` and both checks for every `culture`."""
    home, demo = home_only(temp / "home"), demo_project(temp / "demo")
    found = {}
    for label, culture in cultures.items():
        python = str(culture.parent / "python")
        found[f"{label}: python -c pass"] = [python, "-c", "pass"]
        found[f"{label}: culture --help"] = [str(culture), "--help"]
        found[f"{label}: culture check (home)"] = [str(culture), "check", "--root", str(home)]
        found[f"{label}: culture check (demo)"] = [str(culture), "check", "--root", str(demo)]
    return found


def main() -> None:
    """Run every variant --runs times, interleaved, and print the medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    cultures = {"before": args.before, "after": HERE} if args.before else {"this": HERE}
    with tempfile.TemporaryDirectory() as temp:
        commands = variants(cultures, Path(temp))
        for argv in commands.values():
            run(argv)  # warm: file cache and bytecode
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, argv in commands.items():
                times[label].append(run(argv))
    print(f"{'command':36} | wall median | CPU median | CPU / anchor")
    for label, found in times.items():
        wall = statistics.median(t[0] for t in found)
        cpu = statistics.median(t[1] for t in found)
        anchor = statistics.median(t[1] for t in times[label.split(":")[0] + ": python -c pass"])
        print(f"{label:36} | {wall:9.3f} s | {cpu:8.3f} s | {cpu / anchor:10.1f} x")


if __name__ == "__main__":
    main()
