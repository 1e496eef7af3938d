"""Starting `culture serve` again on a project previewed before: the preview's first build,
beside bare Material's (`mkdocs serve` builds everything at every start), and beside this
code before the preview's whole builds used the .cache/ stores (`--old CHECKOUT`).

    .venv/bin/python benchmarks/serve_start.py -n 1000 --rounds 2 [--old /tmp/old-checkout]

Generates N moments (benchmarks/sitegen.py, a pool of 20 photos of 1600x1200) as our project
and as bare Material's. Each start is a new interpreter, as `culture serve` is: ours builds
with `incremental.Preview` (what `culture serve` runs), bare Material with `mkdocs build` (what
`mkdocs serve` runs first), each into a new empty folder as both servers do (removed after
the timing). One start of ours fills the caches first;
then the rounds alternate bare, ours and (with --old) the old checkout's code on the same
project (PYTHONPATH). Printed: median wall and CPU seconds per builder, and the ratios to bare.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen import Spec, bare_project, our_project

PREVIEW = """\
import sys, logging
mkdocs_log = logging.getLogger("mkdocs")  # at INFO as `culture serve` runs it (a quiet build
mkdocs_log.setLevel(logging.INFO)  # caches no Markdown render), its lines dropped
mkdocs_log.addHandler(logging.NullHandler())
mkdocs_log.propagate = False
from gallery.mkdocs import incremental
from pathlib import Path
preview = incremental.Preview(Path("mkdocs.yml").resolve(), sys.argv[1], "http://127.0.0.1:8000/")
assert preview.build() == "full"
"""


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command run to its end (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stderr[-3000:]
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--old", type=Path, help="a checkout of the code to compare with")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CULTURE_TODAY": "2026-11-30"}
    with tempfile.TemporaryDirectory(prefix="serve-start-") as tmp:
        spec = Spec(count=args.n, pool=20, size=(1600, 1200))
        ours = our_project(Path(tmp) / "ours", spec)
        bare = bare_project(Path(tmp) / "bare", spec)
        preview = [sys.executable, "-c", PREVIEW]
        builders = {"bare": ([sys.executable, "-m", "mkdocs", "build", "-q", "-d"], bare, env),
                    "ours": (preview, ours, env)}
        if args.old:
            builders["old"] = (preview, ours, {**env, "PYTHONPATH": str(args.old.resolve())})
        sites = (str(Path(tmp) / f"site-{n}") for n in itertools.count())
        first = next(sites)
        run([*preview, first], ours, env)  # the start before: photos made, caches filled
        shutil.rmtree(first)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in builders}
        for _ in range(args.rounds):
            for name, (command, cwd, with_env) in builders.items():
                site = next(sites)
                times[name].append(run([*command, site], cwd, with_env))
                shutil.rmtree(site)
    load = os.getloadavg()
    print(f"{args.n} stories, {args.rounds} rounds, load average {load[0]:.1f} {load[1]:.1f}")
    bare_wall = statistics.median(w for w, _ in times["bare"])
    bare_cpu = statistics.median(c for _, c in times["bare"])
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        shown = ", ".join(f"{w:.1f}" for w, _ in runs)
        print(f"{name:5} wall {wall:7.2f} s ({shown})  {wall / bare_wall:.2f}x bare   "
              f"CPU {cpu:7.2f} s  {cpu / bare_cpu:.2f}x bare")


if __name__ == "__main__":
    main()
