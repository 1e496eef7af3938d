"""The photo stage: plan derivative jobs, reuse the cache, run the rest in a process pool.

The worker side, one photo at a time, is gallery.photos.derive; the cache is
gallery.photos.cache.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from gallery.content import model
from gallery.content.discover import shown_path
from gallery.content.settings import ImageSettings
from gallery.internal import InternalError
from gallery.photos import derive
from gallery.photos.cache import (
    KEY_LENGTH,
    Derived,
    cached,
    from_manifest,
    hash_sources,
    index_path,
    prune_cache,
)
from gallery.photos.sniff import story_photos  # noqa: F401 - where callers look for it
from gallery.problems import Problem, problem


@dataclass(frozen=True)
class Summary:
    """What a run of the photo stage did, for the one summary line."""

    total: int
    cached: int
    derived: int
    failed: int
    seconds: float

    def line(self) -> str:
        """The summary in one Chinese line."""
        text = (f"照片：共 {self.total} 张，新生成 {self.derived} 张，使用缓存 {self.cached} 张，"
                f"有问题 {self.failed} 张，用时 {self.seconds:.1f} 秒")
        if self.derived and self.seconds > 0:
            text += f"（{self.derived / self.seconds:.1f} 张/秒）"
        return text


class Reporter(Protocol):
    """Receives progress while derivatives are made, and the summary at the end."""

    def update(self, done: int, total: int) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def process(photos: Iterable[model.Photo], settings: ImageSettings, cache_dir: Path, *,
            root: Path | None = None, reporter: Reporter | None = None,
            workers: int | None = None, extra: Mapping[Path, tuple[int, ...]] | None = None,
            ) -> tuple[dict[Path, Derived], list[Problem]]:
    """Derivatives for `photos` (keyed by source path) and a problem for each bad photo.

    `extra` adds sizes to some photos only (a lobby screen's photos need 1920 or 3840 px,
    see gallery.screens.playlist.photo_widths); they are part of those photos' keys."""
    started = time.perf_counter()
    extra = extra or {}
    shown = {p.source: shown_path(root, p.source) if root else p.source.as_posix()
             for p in photos}
    keys, problems = hash_sources(shown, settings, index_path(cache_dir))
    keys = {source: widened(key, extra.get(source, ())) for source, key in keys.items()}
    manifests = {key: m for key in set(keys.values()) if (m := cached(cache_dir, key))}
    todo = {key: source for source, key in keys.items() if key not in manifests}
    jobs = [_job(source, key, settings, cache_dir, extra.get(source, ()))
            for key, source in todo.items()]
    outcomes = run_jobs(jobs, workers or settings.workers or os.cpu_count() or 1, reporter)
    raise_bugs(outcomes, todo, shown)
    manifests.update({o.key: o.manifest for o in outcomes.values() if o.manifest})
    derived: dict[Path, Derived] = {}
    for source, key in keys.items():
        if key in manifests:
            derived[source] = from_manifest(key, manifests[key])
        else:
            outcome = outcomes[key]
            if outcome.code is None:  # neither derivatives nor a problem: a bug of ours
                raise InternalError(f"{shown[source]}: a job gave no manifest and no code")
            values = named(outcome.values, source)
            problems.append(problem(shown[source], 1, outcome.code, **values))
    prune_cache(cache_dir, set(manifests))
    if reporter:
        made = sum(1 for key in keys.values() if key in outcomes and outcomes[key].manifest)
        reporter.finish(Summary(len(shown), len(derived) - made, made, len(shown) - len(derived),
                                time.perf_counter() - started))
    return derived, sorted(problems)


def raise_bugs(outcomes: dict[str, derive.Outcome], sources: dict[str, Path],
               shown: dict[Path, str]) -> None:
    """Raise an InternalError when a job hit a bug of ours (never reported as a photo problem),
    or the OSError of a full or read-only disk (told as such, see gallery.disk)."""
    for outcome in outcomes.values():
        if outcome.disk:
            code, path = outcome.disk
            raise OSError(code, os.strerror(code), path)
    bugs = [f"{shown[sources[key]]}:\n{o.error}" for key, o in sorted(outcomes.items()) if o.error]
    if bugs:
        raise InternalError("Photo derivation failed on a bug, not on the photo:\n\n"
                            + "\n".join(bugs))


def named(values: dict[str, Any], source: Path) -> dict[str, Any]:
    """A problem's values with this file's name: identical files share one job."""
    values = dict(values)
    if "file" in values:
        values["file"] = source.name
    if "suggested" in values:
        values["ext"] = source.suffix.lower() or "（无）"
        values["suggested"] = source.stem + Path(values["suggested"]).suffix
    return values


def widened(key: str, sizes: tuple[int, ...]) -> str:
    """The cache key of a photo that gets `sizes` beyond the configured widths."""
    if not sizes:
        return key
    return hashlib.sha256(f"{key} {list(sizes)}".encode()).hexdigest()[:KEY_LENGTH]


def _job(source: Path, key: str, settings: ImageSettings, cache_dir: Path,
         extra: tuple[int, ...] = ()) -> derive.Job:
    widths = tuple(sorted({*settings.widths, *extra}))
    return derive.Job(str(source), key, str(cache_dir), widths, settings.formats,
                      settings.quality, settings.max_pixels, settings.jpeg_width)


def run_jobs(jobs: list[derive.Job], workers: int, reporter: Reporter | None,
             ) -> dict[str, derive.Outcome]:
    """Run jobs in a process pool (in this process for one job or one worker)."""
    outcomes: dict[str, derive.Outcome] = {}
    if not jobs:
        return outcomes
    tick = (lambda: reporter.update(len(outcomes), len(jobs))) if reporter else (lambda: None)
    tick()
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            outcomes[job.key] = derive.run(job)
            tick()
        return outcomes
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=_context()) as pool:
        futures: list[Future] = [pool.submit(derive.run, job) for job in jobs]
        try:
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.key] = outcome
                tick()
        except BrokenProcessPool:  # a worker died (a decoder crash, out of memory)
            pass
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    for job in jobs:  # after a crash: each unfinished job alone, to find the one at fault
        if job.key not in outcomes:
            outcomes[job.key] = isolated(job)
            tick()
    return outcomes


def isolated(job: derive.Job) -> derive.Outcome:
    """Run one job in a process of its own; a photo that kills it is damaged (E306)."""
    with ProcessPoolExecutor(1, mp_context=_context()) as pool:
        try:
            return pool.submit(derive.run, job).result()
        except BrokenProcessPool:
            return derive.Outcome(job.key, None, "E306")


def _context() -> multiprocessing.context.BaseContext:
    """fork when this process runs one thread (fast start); forkserver when it runs more
    (`mkdocs serve` does), as forking a threaded process can deadlock."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["gallery.photos.derive"])  # import Pillow once, not per worker
    return context
