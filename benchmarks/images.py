"""Benchmark the photo stage: ours against a bare Pillow loop and sigal 2.6, side by side.

Generates N 12 MP JPEGs (a third EXIF-rotated to portrait, every fifth with a GPS position)
in a temporary folder, then measures in one run:

* ours, cold, making what sigal makes (400 and 1600 px JPEGs, quality 85, progressive);
* ours, no-change rebuild of the same photos, in a new process (a new `mkdocs build`) and
  in the same process (a `mkdocs serve` rebuild);
* a bare Pillow loop making the same files with the same operations in a plain
  multiprocessing.Pool of the same size (no hashing, cache, manifests or placeholders);
* sigal 2.6 (installed on demand into its own venv under .cache/benchmarks/, never into the
  project's) making 1600 px images and 400 px thumbnails with the same JPEG options;
* ours and the bare loop again for today's set before issue 13 (480/960/1600/2560 px, WebP and
  JPEG at every size) and for the default set (480/960/1600 px WebP, one 960 px JPEG),
  alternating;
* SSIM per kept width and format (benchmarks/ssim_compare.py, in its own venv with numpy and
  scikit-image under .cache/benchmarks/): today's and the new derivative against a reference
  (the original fully decoded and resized in one LANCZOS step), and the new against today's;
  and WebP method 2 against method 4 at equal SSIM.

Usage:  .venv/bin/python benchmarks/images.py [-n 200] [--workers 2] [--repeat 2] [--no-sigal]
Results and the exact commands used are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Self

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.photos import plan

SIGAL = "sigal>=2.6,<2.7"
SIGAL_VENV = ROOT / ".cache" / "benchmarks" / "sigal-venv"
SIZE = (4000, 3000)  # 12 MP
SAME_AS_SIGAL = {"widths": (400, 1600), "formats": ("jpeg",), "quality": 85}
# The default set before issue 13: four sizes, each in WebP and JPEG.
TODAY = {"widths": (480, 960, 1600, 2560), "formats": ("webp", "jpeg"), "quality": 82,
         "jpeg_width": 0}
SSIM_VENV = ROOT / ".cache" / "benchmarks" / "ssim-venv"
SSIM_SAMPLE = 20  # photos compared by SSIM (every n-th of the corpus)


# --- corpus -----------------------------------------------------------------------------------

_bases: list[Image.Image] = []


def _base(index: int) -> Image.Image:
    """One of four photo-like 12 MP pictures: detail, smooth areas and grain."""
    if not _bases:
        w, h = SIZE
        for seed in range(4):
            fine = Image.effect_noise(SIZE, 18 + seed)
            coarse = Image.effect_noise((w // 50, h // 50), 70).resize(SIZE, Image.BICUBIC)
            detail = Image.effect_mandelbrot(SIZE, (-2.1 + seed * 0.1, -1.2, 0.9, 1.2), 60)
            gradient = Image.linear_gradient("L").resize(SIZE)
            rgb = Image.merge("RGB", (Image.blend(detail, fine, 0.3),
                                      Image.blend(coarse, fine, 0.25),
                                      Image.blend(gradient, fine, 0.2)))
            _bases.append(rgb)
    return _bases[index % 4]


def _make_photo(args: tuple[int, str]) -> str:
    """Write photo `index`: unique bytes, every third turned to portrait by EXIF."""
    index, folder = args
    im = _base(index).copy()
    im.paste(Image.effect_noise((96, 96), 80).convert("RGB"), (40 * (index % 90), 30))
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    if index % 3 == 0:  # a portrait shot: the sensor's landscape pixels, turned by EXIF
        exif[0x0112] = 6
    if index % 5 == 0:
        exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (116.0, 23.0, 0.0)})
    path = Path(folder) / f"photo-{index:04}.jpg"
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return str(path)


def make_corpus(folder: Path, count: int, workers: int) -> list[Path]:
    """Generate `count` 12 MP JPEGs into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with multiprocessing.Pool(workers) as pool:
        made = pool.map(_make_photo, [(i, str(folder)) for i in range(count)])
    return sorted(Path(p) for p in made)


# --- timing -----------------------------------------------------------------------------------

def cpu_seconds() -> float:
    """CPU time of this process and of every finished child (pool workers, sigal)."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


class Clock:
    """Wall-clock and CPU seconds of a block. CPU time hardly depends on what else runs on
    the machine; wall-clock time does."""

    def __enter__(self) -> Self:
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, cpu_seconds() - self.cpu


# --- ours -------------------------------------------------------------------------------------

def run_ours(corpus: list[Path], settings: ImageSettings, cache: Path) -> Clock:
    """Time plan.process over the corpus."""
    return run_ours_derived(corpus, settings, cache)[0]


def run_ours_derived(corpus: list[Path], settings: ImageSettings, cache: Path,
                     ) -> tuple[Clock, dict]:
    """Time plan.process over the corpus; the clock and the derivatives."""
    photos = [model.Photo(p.name, p) for p in corpus]
    with Clock() as clock:
        derived, problems = plan.process(photos, settings, cache)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    sizes = sorted({(v.width, v.height) for d in derived.values() for v in d.variants})
    files = sum(len(d.variants) for d in derived.values())
    print(f"ours wrote {files} files, sizes {sizes}", file=sys.stderr)
    return clock, derived


def rebuild_in_new_process(corpus_dir: Path, cache: Path, workers: int) -> float:
    """A no-change rebuild timed in a fresh interpreter (as a new `mkdocs build` would be)."""
    out = subprocess.run([sys.executable, __file__, "--rebuild", str(corpus_dir), str(cache),
                          "--workers", str(workers)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


# --- bare Pillow loop -------------------------------------------------------------------------

def _bare_one(args: tuple[str, str, tuple[int, ...], tuple[str, ...], int, int]) -> None:
    """The same derivatives with no machinery: draft, orient, resize, encode."""
    source, out, sizes, formats, quality, jpeg_at = args
    im = Image.open(source)
    swap = im.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    width, height = (im.height, im.width) if swap else im.size
    scale = min(1.0, max(sizes) / max(width, height))  # the longer side is bounded
    im.draft("RGB", (round(im.width * scale), round(im.height * scale)))
    im = ImageOps.exif_transpose(im)
    for index, size in enumerate(sorted(sizes, reverse=True)):
        s = min(1.0, size / max(width, height))
        gap = 3.0 if index == 0 else 2.0
        im = im.resize((round(width * s), round(height * s)), Image.LANCZOS, reducing_gap=gap)
        stem = Path(out) / f"{Path(source).stem}-{im.width}"
        if "webp" in formats:
            im.save(f"{stem}.webp", "WEBP", quality=quality, method=2)
        if "jpeg" in formats and jpeg_at in (0, size):
            im.save(f"{stem}.jpg", "JPEG", quality=quality, optimize=True, progressive=True)


def run_bare(corpus: list[Path], settings: ImageSettings, out: Path, workers: int) -> Clock:
    """Time the bare loop in a plain multiprocessing.Pool."""
    out.mkdir(parents=True, exist_ok=True)
    one_jpeg = settings.jpeg_width and "webp" in settings.formats
    jpeg_at = max((w for w in settings.widths if w <= settings.jpeg_width),
                  default=min(settings.widths)) if one_jpeg else 0
    jobs = [(str(p), str(out), settings.widths, settings.formats, settings.quality, jpeg_at)
            for p in corpus]
    with Clock() as clock, multiprocessing.Pool(workers) as pool:
        for _ in pool.imap_unordered(_bare_one, jobs):
            pass
        pool.close()
        pool.join()  # workers must end for their CPU time to count
    return clock


# --- sigal ------------------------------------------------------------------------------------

def sigal_bin() -> Path:
    """sigal's command, installing sigal 2.6 (with our Pillow) into its own venv if needed."""
    command = SIGAL_VENV / "bin" / "sigal"
    if not command.exists():
        print(f"installing {SIGAL} into {SIGAL_VENV} ...", file=sys.stderr)
        venv.create(SIGAL_VENV, with_pip=True)
        pillow = f"pillow=={Image.__version__}"
        subprocess.run([str(SIGAL_VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                        SIGAL, pillow], check=True)
    return command


SIGAL_CONF = """\
img_size = (1600, 1200)  # the longer side 1600 px (portrait photos: 1200x1600), as ours
thumb_size = (400, 400)  # no crop: the longer side 400 px, as ours
thumb_fit = False
jpg_options = {{"quality": 85, "optimize": True, "progressive": True}}
autorotate_images = True
copy_exif_data = False
keep_orig = False
write_html = False  # images only, as for ours
source = {source!r}
destination = {destination!r}
"""


def run_sigal(corpus_dir: Path, out: Path, workers: int) -> Clock:
    """Time `sigal build` on the corpus (one album)."""
    conf = out.parent / "sigal.conf.py"
    conf.write_text(SIGAL_CONF.format(source=str(corpus_dir.parent), destination=str(out)))
    command = [str(sigal_bin()), "build", "-c", str(conf), "-n", str(workers)]
    with Clock() as clock:
        subprocess.run(command, check=True, capture_output=True)
    made = sorted(out.rglob("*.jpg"))
    sizes = sorted({Image.open(p).size for p in made})
    print(f"sigal wrote {len(made)} JPEGs, sizes {sizes}", file=sys.stderr)
    return clock


# --- report -----------------------------------------------------------------------------------

def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(n: int, workers: int, r: dict) -> None:
    """Print the figures and ratios side by side: wall-clock and CPU time."""
    print(f"\n{n} photos of 12 MP, {workers} workers; {r['load_before']} before, "
          f"{r['load_after']} after")
    header = f"  {'':22}{'wall s':>8}{'photos/s':>10}{'CPU s':>8}{'CPU s/photo':>13}"
    rows = {"ours": "ours, cold", "bare": "bare Pillow loop", "sigal": "sigal 2.6"}
    for name, title in (("same", "Same outputs as sigal (1600 + 400 px JPEG, q85 progressive)"),
                        ("today", "Today's set (480/960/1600/2560 px, WebP + JPEG each, q82)"),
                        ("default", "Default set (480/960/1600 px WebP, one 960 px JPEG, q82)")):
        if f"ours_{name}_wall" not in r:
            continue
        print(f"\n{title}:\n{header}")
        for who, label in rows.items():
            wall, cpu = r.get(f"{who}_{name}_wall"), r.get(f"{who}_{name}_cpu")
            if wall is not None:
                print(f"  {label:22}{wall:8.2f}{n / wall:10.2f}{cpu:8.2f}{cpu / n:13.3f}")
        for other, target in (("bare", "0.9x"), ("sigal", "2x")):
            if f"{other}_{name}_wall" in r:
                wall = r[f"{other}_{name}_wall"] / r[f"ours_{name}_wall"]
                cpu = r[f"{other}_{name}_cpu"] / r[f"ours_{name}_cpu"]
                print(f"  ours / {other}: {wall:.2f}x by wall clock, {cpu:.2f}x by CPU time"
                      f" (target >= {target})")
    if "ours_today_wall" in r and "ours_default_wall" in r:
        wall = r["ours_today_wall"] / r["ours_default_wall"]
        cpu = r["ours_today_cpu"] / r["ours_default_cpu"]
        print(f"\nDefault set / today's set, photos per second: {wall:.2f}x by wall clock, "
              f"{cpu:.2f}x by CPU time (target >= 1.5x)")
        print(f"  bytes per photo: today {r['today_bytes'] / n / 1024:.0f} KiB, "
              f"default {r['default_bytes'] / n / 1024:.0f} KiB")
    for key, g in sorted(r.get("ssim", {}).get("pairs", {}).items(),
                         key=lambda kv: (int(kv[0].split()[0]), kv[0])):
        print(f"  {key:>10}: SSIM vs reference today {g['today_vs_ref']:.4f}, default "
              f"{g['new_vs_ref']:.4f} (diff {g['new_vs_ref'] - g['today_vs_ref']:+.4f}); "
              f"default vs today {g['new_vs_today']:.4f}; bytes today "
              f"{g['today_bytes'] / 1024:.0f} KiB, default {g['new_bytes'] / 1024:.0f} KiB "
              f"(n={g['n']})")
    m = r.get("ssim", {}).get("methods")
    if m:
        print(f"\nWebP method 2 vs 4 at equal SSIM ({m['n']} photos at 1600 px): method 2 q82 "
              f"SSIM {m['m2_ssim']:.4f}, {m['m2_bytes'] / 1024:.0f} KiB, "
              f"{m['m2_seconds'] * 1000:.0f} ms; method 4 q{m['m4_quality']:g} "
              f"{m['m4_bytes'] / 1024:.0f} KiB ({m['m4_bytes'] / m['m2_bytes']:.2f}x), "
              f"{m['m4_seconds'] * 1000:.0f} ms ({m['m4_seconds'] / m['m2_seconds']:.2f}x)")
    if "rebuild_new_process" in r:
        print("\nNo-change rebuild of the image stage (target < 1.5 s for 200 photos):")
        print(f"  new process (mkdocs build):   {r['rebuild_new_process']:.2f} s")
        print(f"  same process (mkdocs serve):  {r['rebuild_same_process']:.2f} s")


def keep_best(r: dict, key: str, clock: Clock) -> None:
    """Keep the best wall-clock run (and its CPU time) under `key`."""
    if f"{key}_wall" not in r or clock.wall < r[f"{key}_wall"]:
        r[f"{key}_wall"], r[f"{key}_cpu"] = clock.wall, clock.cpu


def ssim_python() -> Path:
    """The SSIM venv's python, installing numpy and scikit-image (with our Pillow) if needed."""
    python = SSIM_VENV / "bin" / "python"
    if not python.exists():
        print(f"installing scikit-image into {SSIM_VENV} ...", file=sys.stderr)
        venv.create(SSIM_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "scikit-image>=0.24,<0.26",
                        f"pillow=={Image.__version__}"], check=True)
    return python


def compare_ssim(corpus: list[Path], today: tuple[dict, Path], default: tuple[dict, Path],
                 ) -> dict:
    """SSIM per kept width and format (see benchmarks/ssim_compare.py), on a sample."""
    step = max(1, len(corpus) // SSIM_SAMPLE)
    pairs, methods = [], []
    for source in corpus[::step]:
        old, new = today[0][source], default[0][source]
        old_files = {(v.width, v.format): v for v in old.variants}
        for v in new.variants:
            match = old_files.get((v.width, v.format))
            if match is None:
                continue
            pairs.append([str(source), v.width, v.format,
                          str(today[1] / match.url.removeprefix("photos/")),
                          str(default[1] / v.url.removeprefix("photos/"))])
        methods.append([str(source), 1600])
    out = subprocess.run([str(ssim_python()), str(ROOT / "benchmarks" / "ssim_compare.py")],
                         input=json.dumps({"pairs": pairs, "methods": methods[:6]}),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def total_bytes(derived: dict) -> int:
    """Bytes of every derivative written."""
    return sum(size for d in derived.values() for _url, size, _sha in d.files)


def measure(n: int, workers: int, with_sigal: bool, repeat: int, tmp: Path,
            sets: tuple[str, ...]) -> dict:
    """Run every measurement on one corpus; ours and the bare loop alternate `repeat`
    times, sigal runs `repeat` times, and each keeps its best run (the machine is shared:
    the best run is the least disturbed one)."""
    corpus_dir = tmp / "album" / "photos"
    r: dict = {"load_before": load()}
    print(f"making {n} photos ...", file=sys.stderr)
    corpus = make_corpus(corpus_dir, n, workers)
    if "same" in sets:
        settings = ImageSettings(**SAME_AS_SIGAL, workers=workers)
        for attempt in range(repeat):
            print(f"same set, run {attempt + 1}: ours, bare loop ...", file=sys.stderr)
            cache = tmp / f"cache-same-{attempt}"
            keep_best(r, "ours_same", run_ours(corpus, settings, cache))
            keep_best(r, "bare_same", run_bare(corpus, settings, tmp / f"bare-same-{attempt}",
                                               workers))
        r["rebuild_new_process"] = rebuild_in_new_process(corpus_dir, cache, workers)
        r["rebuild_same_process"] = run_ours(corpus, settings, cache).wall
        for attempt in range(repeat if with_sigal else 0):  # best of as many runs
            print(f"sigal, run {attempt + 1} ...", file=sys.stderr)
            out = tmp / f"sigal-out-{attempt}"
            keep_best(r, "sigal_same", run_sigal(corpus_dir, out, workers))
    if "default" in sets:
        made: dict[str, tuple[dict, Path]] = {}
        for attempt in range(repeat):  # today's and the default set alternate
            for name, settings in (("today", ImageSettings(**TODAY, workers=workers)),
                                   ("default", ImageSettings(workers=workers))):
                print(f"{name} set, run {attempt + 1}: ours, bare loop ...", file=sys.stderr)
                cache = tmp / f"cache-{name}-{attempt}"
                clock, derived = run_ours_derived(corpus, settings, cache)
                keep_best(r, f"ours_{name}", clock)
                made[name] = (derived, cache)
                r[f"{name}_bytes"] = total_bytes(derived)
                keep_best(r, f"bare_{name}", run_bare(corpus, settings,
                                                      tmp / f"bare-{name}-{attempt}", workers))
        print("SSIM ...", file=sys.stderr)
        r["ssim"] = compare_ssim(corpus, made["today"], made["default"])
    r["load_after"] = load()
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="number of 12 MP photos (200)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-sigal", action="store_true", help="skip sigal")
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate ours and the bare loop this many times, keep the best")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--sets", default="same,default",
                        help="which comparisons: same (against sigal), default (today's set "
                             "against the default set); both by default")
    parser.add_argument("--rebuild", nargs=2, metavar=("CORPUS", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild:
        corpus = sorted(Path(args.rebuild[0]).glob("*.jpg"))
        same = ImageSettings(**SAME_AS_SIGAL, workers=args.workers)
        print(run_ours(corpus, same, Path(args.rebuild[1])).wall)
        return
    with tempfile.TemporaryDirectory(prefix="culture-bench-") as tmp:
        figures = measure(args.n, args.workers, not args.no_sigal, args.repeat, Path(tmp),
                          tuple(args.sets.split(",")))
    report(args.n, args.workers, figures)
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
