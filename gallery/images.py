"""The photo stage: plan derivative jobs, reuse the cache, run the rest in a process pool.

Derivatives are cached by a hash of the source bytes and the derivative settings (never by
mtime: Git resets it), so an unchanged photo is never decoded again. The worker side, one
photo at a time, is gallery.derive.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from gallery import derive, model, pages, paths
from gallery.discover import shown_path
from gallery.problems import Problem, problem
from gallery.settings import ImageSettings

PRUNE_AFTER_DAYS = 30  # cache entries unused this long are removed (deleting any is safe)
HASH_THREADS = 4  # hashing is I/O plus C code that releases the GIL
KEY_LENGTH = 20  # hex digits of the cache key kept in file names and URLs


@dataclass(frozen=True)
class Variant:
    """One derivative file: its pixel size, format ("webp" or "jpeg") and site-root URL."""

    width: int
    height: int
    format: str
    url: str


@dataclass(frozen=True)
class Derived:
    """Everything pages and screens need about a photo's derivatives."""

    key: str
    width: int  # the original's size, upright
    height: int
    variants: tuple[Variant, ...]  # sorted by width, then format
    color: str  # the average colour, "#rrggbb"
    preview: str  # a tiny JPEG as a data: URI
    opaque: bool  # False when the WebP keeps transparency

    def of_format(self, fmt: str) -> tuple[Variant, ...]:
        """The variants of one format, narrowest first."""
        return tuple(v for v in self.variants if v.format == fmt)

    def largest(self, fmt: str = "jpeg") -> Variant:
        """The widest variant of a format (the lightbox shows it)."""
        return self.of_format(fmt)[-1]

    def srcset(self, fmt: str, prefix: str = "") -> str:
        """An HTML srcset of one format: 'prefix+url 480w, …'."""
        return ", ".join(f"{prefix}{v.url} {v.width}w" for v in self.of_format(fmt))


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


def story_photos(site: model.Site) -> list[model.Photo]:
    """Every photo the visible stories use, each source once."""
    found: dict[Path, model.Photo] = {}
    for story in site.visible():
        for photo in story.all_photos:
            found.setdefault(photo.source, photo)
    return list(found.values())


def process(photos: Iterable[model.Photo], settings: ImageSettings, cache_dir: Path, *,
            root: Path | None = None, reporter: Reporter | None = None,
            workers: int | None = None) -> tuple[dict[Path, Derived], list[Problem]]:
    """Derivatives for `photos` (keyed by source path) and a problem for each bad photo."""
    started = time.perf_counter()
    shown = {p.source: shown_path(root, p.source) if root else p.source.as_posix()
             for p in photos}
    keys, problems = hash_sources(shown, settings)
    manifests = {key: m for key in set(keys.values()) if (m := cached(cache_dir, key))}
    todo = {key: source for source, key in keys.items() if key not in manifests}
    jobs = [_job(source, key, settings, cache_dir) for key, source in todo.items()]
    outcomes = run_jobs(jobs, workers or settings.workers or os.cpu_count() or 1, reporter)
    manifests.update({o.key: o.manifest for o in outcomes.values() if o.manifest})
    derived: dict[Path, Derived] = {}
    for source, key in keys.items():
        if key in manifests:
            derived[source] = from_manifest(key, manifests[key])
        else:
            outcome = outcomes[key]
            values = named(outcome.values, source)
            problems.append(problem(shown[source], 1, outcome.code, **values))
    prune_cache(cache_dir, set(manifests))
    if reporter:
        made = sum(1 for key in keys.values() if key in outcomes and outcomes[key].manifest)
        reporter.finish(Summary(len(shown), len(derived) - made, made, len(shown) - len(derived),
                                time.perf_counter() - started))
    return derived, sorted(problems)


def named(values: dict[str, Any], source: Path) -> dict[str, Any]:
    """A problem's values with this file's name: identical files share one job."""
    values = dict(values)
    if "file" in values:
        values["file"] = source.name
    if "suggested" in values:
        values["ext"] = source.suffix.lower() or "（无）"
        values["suggested"] = source.stem + Path(values["suggested"]).suffix
    return values


def fingerprint(settings: ImageSettings) -> bytes:
    """The derivative settings that change output bytes, as a stable string."""
    params = {"version": derive.PIPELINE_VERSION, "widths": list(settings.widths),
              "formats": list(settings.formats), "quality": settings.quality,
              "webp_method": derive.WEBP_METHOD, "preview": derive.PREVIEW_SIZE}
    return json.dumps(params, sort_keys=True).encode()


# Source digests by (path, size, mtime, ctime, inode), for this process only: `mkdocs serve`
# rebuilds then skip re-reading unchanged photos. A replaced file always gets a new ctime.
_digests: dict[tuple[Any, ...], bytes] = {}


def source_digest(source: Path) -> bytes:
    """The SHA-256 of a file's bytes, remembered while the file's status is unchanged."""
    st = source.stat()
    memo = (str(source), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    if memo not in _digests:
        with source.open("rb") as f:
            _digests[memo] = hashlib.file_digest(f, "sha256").digest()
    return _digests[memo]


def hash_sources(shown: dict[Path, str], settings: ImageSettings,
                 ) -> tuple[dict[Path, str], list[Problem]]:
    """The cache key of every readable source; E308 for the unreadable ones."""
    params = fingerprint(settings)
    keys: dict[Path, str] = {}
    problems = []
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        for source, result in zip(shown, pool.map(_try_digest, shown)):
            if isinstance(result, OSError):
                problems.append(problem(shown[source], 1, "E308"))
            else:
                keys[source] = hashlib.sha256(result + params).hexdigest()[:KEY_LENGTH]
    return keys, problems


def _try_digest(source: Path) -> bytes | OSError:
    """A source digest, or the error that kept the file from being read."""
    try:
        return source_digest(source)
    except OSError as err:
        return err


def cached(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The manifest of a complete cache entry, or None (missing, partial or outdated)."""
    manifest_path = cache_dir / paths.photo_manifest(key)
    try:
        manifest = json.loads(manifest_path.read_bytes())
        if manifest["version"] != derive.PIPELINE_VERSION:
            return None
        files = [cache_dir / paths.photo_name(key, w, fmt) for w, _h, fmt in manifest["variants"]]
    except (OSError, ValueError, KeyError, TypeError):  # unreadable or foreign: make it again
        return None
    if not all(f.is_file() for f in files):
        return None
    os.utime(manifest_path)  # marks the entry as used, for prune_cache
    return manifest


def _job(source: Path, key: str, settings: ImageSettings, cache_dir: Path) -> derive.Job:
    return derive.Job(str(source), key, str(cache_dir), settings.widths, settings.formats,
                      settings.quality, settings.max_pixels)


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
    context.set_forkserver_preload(["gallery.derive"])  # import Pillow once, not per worker
    return context


def from_manifest(key: str, manifest: dict[str, Any]) -> Derived:
    """A Derived record from a cache manifest."""
    variants = tuple(Variant(w, h, fmt, paths.photo_url(key, w, fmt))
                     for w, h, fmt in manifest["variants"])
    return Derived(key, manifest["width"], manifest["height"], variants, manifest["color"],
                   manifest["preview"], manifest["opaque"])


def cache_files(cache_dir: Path, derived: Derived) -> list[tuple[str, Path]]:
    """(site URL, cache file) for each derivative of a photo."""
    return [(v.url, cache_dir / v.url.removeprefix(paths.PHOTOS_DIR + "/"))
            for v in derived.variants]


def prune_cache(cache_dir: Path, used: set[str], now: float | None = None) -> int:
    """Remove cache entries unused for PRUNE_AFTER_DAYS; return how many went.

    An entry's age is its manifest's mtime (touched on every use), or its newest file's
    when the manifest is missing (a job cut short).
    """
    if not cache_dir.is_dir():
        return 0
    entries: dict[str, list[Path]] = {}
    for file in cache_dir.glob("*/*"):
        key = file.name.lstrip(".").split("-")[0].split(".")[0]
        entries.setdefault(key, []).append(file)
    limit = (now or time.time()) - PRUNE_AFTER_DAYS * 86400
    removed = 0
    for key, files in entries.items():
        if key in used:
            continue
        manifests = [f for f in files if f.name == f"{key}.json"]
        if max(f.stat().st_mtime for f in manifests or files) > limit:
            continue
        for file in files:
            file.unlink(missing_ok=True)
        removed += 1
    return removed


# How wide each role shows on screen, for the browser's srcset choice; keep in step with the
# stylesheets. Story photos fill the content column (about 690 px beside Material's sidebar,
# the whole width below 76.25em where the sidebar folds away); cards sit in a grid.
SIZES = {
    "figure": "(max-width: 76.25em) 100vw, 720px",
    "card": "(max-width: 600px) 100vw, 360px",
    "portrait": "(max-width: 600px) 60vw, 320px",
}
FALLBACK_WIDTH = 960  # the plain src: a middle size for browsers without srcset


def attr(value: object) -> str:
    """A value for an HTML attribute: one line, escaped (pages.esc would add <br> tags)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def picture_html(d: Derived, photo: model.Photo, role: str) -> str:
    """A <picture>: WebP srcset, JPEG fallback, intrinsic size, lazy, with a placeholder."""
    root = paths.ROOT_TOKEN
    jpegs = d.of_format("jpeg")
    src = next((v for v in jpegs if v.width >= FALLBACK_WIDTH), jpegs[-1])
    sizes = SIZES.get(role, SIZES["figure"])
    webp = d.srcset("webp", root)
    source = f'<source type="image/webp" srcset="{webp}" sizes="{sizes}">' if webp else ""
    # The portrait opens a story page, above the fold: load it at once.
    loading = "eager" if role == "portrait" else "lazy"
    style = f"background-color:{d.color}"
    if d.opaque:  # behind a transparent photo the preview would show through
        style += f";background-image:url({d.preview});background-size:cover"
    return (f'<picture class="culture-picture">{source}'
            f'<img class="off-glb" src="{root}{src.url}" srcset="{d.srcset("jpeg", root)}" '
            f'sizes="{sizes}" width="{src.width}" height="{src.height}" '
            f'alt="{attr(photo.alt or photo.caption)}" loading="{loading}" decoding="async" '
            f'style="{style}"></picture>')


def figure_html(d: Derived, story: model.Story, photo: model.Photo) -> str:
    """A story-grid figure: the picture in a lightbox link to the largest JPEG, and caption.

    GLightbox puts data-title into the page as HTML: the caption is escaped once for that and
    once more for the attribute, so it always shows as text.
    """
    caption = photo.caption
    root = paths.ROOT_TOKEN
    link = (f'<a class="glightbox" href="{root}{d.largest("jpeg").url}" data-type="image" '
            f'data-gallery="{attr(story.slug)}" data-title="{attr(html.escape(caption))}" '
            f'data-alt="{attr(photo.alt or caption)}">{picture_html(d, photo, "figure")}</a>')
    text = f"<figcaption>{pages.esc(caption)}</figcaption>" if caption else ""
    return f'<figure class="culture-photo">{link}{text}</figure>'


def photo_html(derived: dict[Path, Derived]) -> pages.PhotoHTML:
    """The page renderer's photo callback, drawing on the derivatives made by `process`."""

    def render(story: model.Story, photo: model.Photo, role: str) -> str:
        d = derived.get(photo.source)
        if d is None:  # a broken photo skipped by images.skip_broken: its caption remains
            return pages.caption_only(story, photo, role)
        if role == "figure":
            return figure_html(d, story, photo)
        return picture_html(d, photo, role)

    return render
