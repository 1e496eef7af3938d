"""CPU and wall seconds of `culture serve`'s rebuilds in-process, with its real watcher.

    .venv/bin/python benchmarks/serve_inprocess.py PROJECT --rounds 2 [--profile OUT]

PROJECT is a built project (a copy: the script edits one moment and puts it back). The preview
(`incremental.Preview`) makes its full build into a temporary folder; then `preview.Watcher`
watches site_src/ and the project folder as `culture serve` does, and each round saves the
middle moment with no change, a body edit and a title edit (each put back), waiting until
the watcher has reported the save before rebuilding. Printed per rebuild: what it rebuilt,
wall and CPU seconds, the load average. `--profile OUT`: one more body and title save under
cProfile, written to OUT-body.prof and OUT-title.prof.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import re
import tempfile
import threading
import time
from pathlib import Path


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    root = args.project.resolve()
    os.chdir(root)
    from gallery.mkdocs import incremental
    from gallery.mkdocs import preview as watching

    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="serve-inprocess-") as site:
        served = incremental.Preview(root / "mkdocs.yml", site, "http://127.0.0.1:8000/")
        wall, cpu = time.perf_counter(), time.process_time()
        served.build()
        print(f"full build: wall {time.perf_counter() - wall:.1f} s, "
              f"CPU {time.process_time() - cpu:.1f} s", flush=True)
        seen: set[str] = set()
        arrived = threading.Condition()
        tell = served.changes.add

        def recorded(*paths: str) -> None:
            tell(*paths)
            with arrived:
                seen.update(paths)
                arrived.notify_all()

        served.changes.add = recorded  # type: ignore[method-assign]
        watcher = watching.Watcher(changes=served.changes)
        watcher.schedule(Quiet(), str(root / "site_src"), recursive=True)
        watcher.schedule(Quiet(), str(root))
        watcher.start()
        count = [0]

        def settle() -> None:
            count[0] += 1
            markers = {str(folder / f".saved-{count[0]}") for folder in (root, root / "site_src")}
            for marker in markers:
                Path(marker).write_text("", "utf-8")
            with arrived:
                while not markers <= seen:
                    arrived.wait(0.1)
            for marker in markers:
                Path(marker).unlink()

        settle()
        served.build()
        stories = sorted((root / "site_src" / "moments").iterdir())
        story = stories[len(stories) // 2] / "index.md"
        original = story.read_text("utf-8")

        def timed(name: str, text: str, profile: cProfile.Profile | None = None) -> None:
            story.write_text(text, "utf-8")
            settle()
            wall, cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            done = served.build()
            if profile:
                profile.disable()
            print(f"{name:9} {done:24} wall {time.perf_counter() - wall:5.2f} s  "
                  f"CPU {time.process_time() - cpu:5.2f} s{'  (profiled)' if profile else ''}"
                  f"  load {os.getloadavg()[0]:.1f}", flush=True)

        def body(r: int) -> str:
            return original.rstrip("\n") + f"\n\n新加的一句话{r}。\n"

        def title(r: int) -> str:
            return re.sub(r"^title: .*$", f"title: 改过的标题{r}", original, count=1, flags=re.MULTILINE)

        try:
            for r in range(args.rounds):
                timed("no change", original)
                timed("body", body(r))
                timed("  back", original)
                timed("title", title(r))
                timed("  back", original)
            if args.profile:
                for name, text in (("body", body(99)), ("title", title(99))):
                    profile = cProfile.Profile()
                    timed(name, text, profile)
                    profile.dump_stats(f"{args.profile}-{name}.prof")
                    timed("  back", original)
        finally:
            story.write_text(original, "utf-8")
            watcher.stop()


class Quiet:
    """The live-reload server's handler stands here: the script rebuilds itself."""

    def dispatch(self, event: object) -> None:
        """Nothing to do."""


if __name__ == "__main__":
    main()
