"""SSIM of photo derivatives, run by benchmarks/images.py in its own venv (numpy and
scikit-image are not project dependencies).

Reads a JSON job from stdin:
  {"pairs": [[original, width, format, today_file, new_file], ...],
   "methods": [[original, width], ...]}
and prints JSON:
  * per (width, format): mean SSIM of today's file and of the new file against a reference
    (the original fully decoded, turned upright and resized with LANCZOS straight to that
    size), the mean SSIM of the new file against today's, and the bytes of each;
  * WebP method 2 against method 4 at equal SSIM: for each photo, method 2 at quality 82,
    then the method-4 quality whose SSIM is closest to it; bytes and encode seconds of both.
"""

from __future__ import annotations

import functools
import io
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from skimage.metrics import structural_similarity

QUALITY = 82
M4_QUALITIES = range(76, 89, 2)


@functools.lru_cache(maxsize=1)  # pairs come photo by photo: each original decoded once
def upright(original: str) -> Image.Image:
    """The original fully decoded and turned upright."""
    with Image.open(original) as im:
        return ImageOps.exif_transpose(im).convert("RGB")


def reference(original: str, size: tuple[int, int]) -> Image.Image:
    """The original, upright, resized to `size` in one LANCZOS step from full resolution."""
    return upright(original).resize(size, Image.Resampling.LANCZOS)


def ssim(a: Image.Image, b: Image.Image) -> float:
    """Mean SSIM over the three RGB channels."""
    return float(structural_similarity(np.asarray(a.convert("RGB")), np.asarray(b.convert("RGB")),
                                       channel_axis=2, data_range=255))


def pairs(job: list[list]) -> dict[str, dict[str, float]]:
    """Today's and the new derivative against the reference and each other, per width."""
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for original, width, fmt, today_file, new_file in job:
        with Image.open(today_file) as t, Image.open(new_file) as n:
            today, new = t.convert("RGB"), n.convert("RGB")
        ref = reference(original, new.size)
        group = found[f"{width} {fmt}"]
        group["today_vs_ref"].append(ssim(today.resize(new.size), ref))
        group["new_vs_ref"].append(ssim(new, ref))
        group["new_vs_today"].append(ssim(new, today.resize(new.size)))
        group["today_bytes"].append(Path(today_file).stat().st_size)
        group["new_bytes"].append(Path(new_file).stat().st_size)
    return {k: {m: statistics.fmean(v) for m, v in g.items()} | {"n": len(g["new_bytes"])}
            for k, g in found.items()}


def encode(im: Image.Image, quality: int, method: int) -> tuple[bytes, float]:
    """WebP bytes and the seconds the encoder took (best of 2)."""
    best, data = float("inf"), b""
    for _ in range(2):
        out = io.BytesIO()
        start = time.perf_counter()
        im.save(out, "WEBP", quality=quality, method=method)
        best = min(best, time.perf_counter() - start)
        data = out.getvalue()
    return data, best


def methods(job: list[list]) -> dict[str, float]:
    """Method 2 at quality 82 against method 4 at the quality of closest SSIM."""
    rows = []
    for original, width in job:
        full = upright(original)
        scale = width / max(full.size)
        im = full.resize((round(full.width * scale), round(full.height * scale)),
                         Image.Resampling.LANCZOS)
        m2, t2 = encode(im, QUALITY, 2)
        s2 = ssim(Image.open(io.BytesIO(m2)), im)
        tries = []
        for q in M4_QUALITIES:
            m4, t4 = encode(im, q, 4)
            tries.append((abs(ssim(Image.open(io.BytesIO(m4)), im) - s2), q, len(m4), t4))
        _gap, q4, b4, t4 = min(tries)
        rows.append((s2, len(m2), t2, q4, b4, t4))
    return {"n": len(rows), "m2_ssim": statistics.fmean(r[0] for r in rows),
            "m2_bytes": statistics.fmean(r[1] for r in rows),
            "m2_seconds": statistics.fmean(r[2] for r in rows),
            "m4_quality": statistics.median(r[3] for r in rows),
            "m4_bytes": statistics.fmean(r[4] for r in rows),
            "m4_seconds": statistics.fmean(r[5] for r in rows)}


def main() -> None:
    job = json.load(sys.stdin)
    print(json.dumps({"pairs": pairs(job["pairs"]), "methods": methods(job["methods"])}))


if __name__ == "__main__":
    main()
