"""Cold, warm and one-story-edit builds of a generated site: ours against bare Material and
Zensical, interleaved, with CPU time and peak RSS of each run.

Three (or four) builders get the same N generated moments (benchmarks/sitegen.py: ~800
Chinese characters and one photo each, from a pool or all distinct):

* `ours`: `mkdocs build --strict` of our project (our hook, tags, glightbox, our search index);
* `publish`: `culture publish` of the same project (build aside, pre-compression, swap), with
  `--publish`;
* `bare`: bare Material, the same Markdown with the stories out of nav (its search plugin
  segments Chinese with jieba, as Material does for `lang: zh`);
* `zensical`: the bare project built by Zensical (no jieba, tags or lightbox: a lighter
  workload; recorded as the reference to beat), when `--zensical` names its executable.

Scenarios: `cold` (caches and output removed first), `warm` (nothing changed since the last
build), `edit` (one story's body changed). Each round runs every builder once per scenario,
taking turns; the medians and the ratios to bare Material come from this one run only: the
machine is shared, so only ratios within a run mean anything. Each build runs as a child
process; its peak RSS is ru_maxrss (the child and the children it waited for, such
as photo workers; the largest single process, not a sum), from GNU time.

    .venv/bin/python benchmarks/warm_build.py -n 1000 [--rounds 3] [--cold-rounds 1]
        [--distinct] [--publish] [--zensical /tmp/z/bin/zensical] [--work /tmp/bench] [--keep]

`--keep` leaves the built projects in place (their folder is printed), for
benchmarks/page_weight.py to serve the published site. `--reuse DIR` builds the projects of
such a folder again instead of generating new ones (give it a copy: `cp -a KEPT DIR`; the
configuration of ours and publish is replaced by the checkout's), which saves the generation
and first builds at 5,000 stories.

Zensical installs from PyPI into a venv of its own: `python3 -m venv /tmp/z &&
/tmp/z/bin/pip install zensical`. Results and commands are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import COPIED, REPO, Spec, bare_project, edit_story, our_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CULTURE_TODAY": "2026-11-30"}
SCENARIOS = ("cold", "warm", "edit")
TIME = "/usr/bin/time"  # GNU time: %M is the peak RSS of the command (children it waited for
# included, as the largest single process, not a sum)


@dataclass
class Run:
    """One build: wall seconds, CPU seconds (user + sys, children included), peak RSS in MB."""

    wall: float
    cpu: float
    rss_mb: float


def measured(command: list[str], cwd: Path) -> Run:
    """Run a command to completion under /usr/bin/time, fail loudly, and measure it.

    Not os.wait4 on our own child: Linux keeps a process's peak RSS across exec, so a child
    forked from this (large) benchmark process would report this process's size.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run([TIME, "-f", "%M %U %S", "-o", report.name, *command], cwd=cwd,
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              check=False)
        wall = time.perf_counter() - started
        fields = report.read().split()
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr.decode()[-3000:]}")
    rss_kb, user, system = int(fields[-3]), float(fields[-2]), float(fields[-1])
    return Run(wall, user + system, rss_kb / 1024)


@dataclass
class Builder:
    """A way to build one project, and how to make its next build cold."""

    name: str
    project: Path
    command: list[str]
    caches: tuple[str, ...]  # folders of the project removed before a cold build
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def build(self, scenario: str) -> Run:
        """One build in `scenario`, recorded."""
        if scenario == "cold":
            for name in self.caches:
                shutil.rmtree(self.project / name, ignore_errors=True)
        run = measured(self.command, self.project)
        self.runs.setdefault(scenario, []).append(run)
        return run


def reused(where: Path, checkout: Path | None = None) -> Path:
    """A project left by an earlier `--keep` run (a copy), with the checkout's configuration
    (`checkout`: ours and publish) copied over its own, so the code under test builds it."""
    if not where.is_dir():
        raise SystemExit(f"--reuse: {where} is missing")
    if checkout is None:
        return where
    for name in COPIED:
        source, target = checkout / name, where / name
        if target.is_dir():
            shutil.rmtree(target)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return where


def builders(work: Path, spec: Spec, checkout: Path, publish: bool, zensical: str | None,
             photo_cache: Path | None = None, reuse: bool = False,
             skip: tuple[str, ...] = ()) -> list[Builder]:
    """The generated projects (or, with `reuse`, those already in `work`) and their builders
    (but those in `skip`)."""
    python = str(checkout / ".venv" / "bin" / "python")
    ours = reused(work / "ours", checkout) if reuse else \
        our_project(work / "ours", spec, checkout, photos_base=work.parent)
    if photo_cache:  # derivatives of these photos made by an earlier run (hard links)
        seed_cache(photo_cache.parent.parent, ours, photo_cache)
    found = [Builder("ours", ours, [python, "-m", "mkdocs", "build", "--strict", "-d",
                                    str(ours / "out")], (".cache", "out"))]
    if publish:
        mine = reused(work / "publish", checkout) if reuse else \
            our_project(work / "publish", spec, checkout, photos_base=work.parent)
        found.append(Builder("publish", mine, [python, "-m", "gallery", "publish"],
                             (".cache", "site", ".site.builds", ".site.store", ".site.live",
                              ".site.publish")))
    if "bare" not in skip:
        bare = reused(work / "bare") if reuse else \
            bare_project(work / "bare", spec, photos_base=work.parent)
        found.append(Builder("bare", bare, [python, "-m", "mkdocs", "build", "-d",
                                            str(bare / "out")], ("out",)))
    if zensical:
        zen = reused(work / "zensical") if reuse else \
            bare_project(work / "zensical", spec, photos_base=work.parent)
        found.append(Builder("zensical", zen, [zensical, "build", "-f", "mkdocs.yml"],
                             (".cache", "site")))
    return found


def interleave(found: list[Builder], rounds: int, cold_rounds: int, story: int,
               spec: Spec, say: Callable[[str], None], scenarios: tuple[str, ...] = SCENARIOS,
               ) -> None:
    """Every scenario, builders taking turns; warm and edit builds after a first warm-up."""
    for b in found:
        if b.name == "publish":  # the same stories and photos as ours: its caches (derivatives,
            seed_cache(found[0].project, b.project)  # Markdown renders), not a second cold build
            seed_cache(found[0].project, b.project, found[0].project / ".cache" / "pages",
                       "pages")
        say(f"warm-up {b.name} …")
        b.build("warm")
        b.runs.clear()
    for r in range(max(rounds, cold_rounds)):
        for scenario in scenarios:
            if scenario == "cold" and r >= cold_rounds or scenario != "cold" and r >= rounds:
                continue
            for b in found:
                if scenario == "cold" and b.name == "publish":
                    continue  # the same photo work as ours' cold build
                if scenario == "edit":
                    edit_story(b.project, story, spec, stamp=f"第{r}轮")
                run = b.build(scenario)
                say(f"round {r + 1} {scenario:<5} {b.name:<9} {run.wall:7.2f} s "
                    f"cpu {run.cpu:7.2f} s  rss {run.rss_mb:6.0f} MB  load {load()}")


def seed_cache(ours: Path, other: Path, source: Path | None = None,
               name: str = "photos") -> None:
    """Hard-link ours' photo cache (or `source`) into another project of the same photos, as
    .cache/`name` (every cache entry is written by a rename: the two never share a write)."""
    source = source or ours / ".cache" / "photos"
    if source.is_dir() and not (other / ".cache" / name).exists():
        shutil.copytree(source, other / ".cache" / name, copy_function=os.link)


def load() -> str:
    """The 1/5/15-minute load averages."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def table(found: list[Builder]) -> str:
    """Medians per scenario and builder, with ratios to bare Material and Zensical."""
    anchors = {b.name: b for b in found if b.name in ("bare", "zensical")}
    lines = [(f"{'scenario':<8} {'builder':<9} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
             f"{'n':>2} {'/bare':>6} {'/zensical':>9}")]
    for scenario in SCENARIOS:
        for b in found:
            runs = b.runs.get(scenario)
            if not runs:
                continue
            wall = statistics.median(r.wall for r in runs)
            ratios = []
            for name in ("bare", "zensical"):
                other = anchors.get(name)
                theirs = other.runs.get(scenario) if other else None
                ratios.append(f"{wall / statistics.median(r.wall for r in theirs):.2f}"
                              if theirs else "-")
            lines.append(f"{scenario:<8} {b.name:<9} {wall:>8.2f} "
                         f"{statistics.median(r.cpu for r in runs):>8.2f} "
                         f"{max(r.rss_mb for r in runs):>8.0f} {len(runs):>2} "
                         f"{ratios[0]:>6} {ratios[1]:>9}")
    return "\n".join(lines)


def main() -> None:
    """Generate, build interleaved, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--distinct", action="store_true", help="one photo per story")
    parser.add_argument("--rounds", type=int, default=3, help="warm and edit rounds")
    parser.add_argument("--cold-rounds", type=int, default=1, help="0: no cold builds")
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=SCENARIOS,
                        help="which scenarios to run (all by default)")
    parser.add_argument("--publish", action="store_true", help="also time `culture publish`")
    parser.add_argument("--zensical", help="the zensical executable (skipped without)")
    parser.add_argument("--photo-cache", type=Path,
                        help="a .cache/photos of the same photos to start from (hard-linked)")
    parser.add_argument("--checkout", type=Path, default=REPO, help="whose .venv and config")
    parser.add_argument("--work", type=Path, default=Path("/tmp/culture-bench"),
                        help="projects go in WORK/<mode>-<n>-<pid>; photos are kept in WORK")
    parser.add_argument("--keep", action="store_true",
                        help="keep the built projects (for benchmarks/page_weight.py)")
    parser.add_argument("--skip", nargs="+", default=(), choices=("bare",),
                        help="leave a builder out (bare Material writes a copy of every photo: "
                             "9.5 GB a build at 5,000 stories)")
    parser.add_argument("--reuse", type=Path,
                        help="build the projects in REUSE (ours, publish, bare, zensical: a COPY "
                             "of a --keep run's folder, -n as there) instead of generating them")
    args = parser.parse_args()
    spec = Spec(args.count, args.distinct)
    work = args.reuse.resolve() if args.reuse else (
        args.work.resolve() / f"{'distinct' if spec.distinct else 'pool'}-{spec.count}-{os.getpid()}")
    say = lambda text: print(text, file=sys.stderr, flush=True)
    say(f"generating {spec.count} stories in {work} (load {load()}) …")
    found = builders(work, spec, args.checkout.resolve(), args.publish,
                     args.zensical,
                     args.photo_cache.resolve() if args.photo_cache else None,
                     bool(args.reuse), skip=tuple(args.skip))
    try:
        interleave(found, args.rounds, args.cold_rounds, spec.count // 2, spec, say,
                   tuple(args.scenarios))
    finally:
        print(f"{spec.count} stories, {spec.photos()} photos "
              f"({'distinct' if spec.distinct else 'pool'}, {spec.photo_size()[0]}×"
              f"{spec.photo_size()[1]}); load after: {load()}")
        print(table(found))
        if args.keep or args.reuse:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
