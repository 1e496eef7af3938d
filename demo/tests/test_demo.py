"""The demo generator's own checks: the demo site builds cleanly, its photos carry what the
image pipeline must handle, and the generator reproduces what is committed.

These use the product only as staff do (the `culture` command, `mkdocs build`); they import
nothing from tests/, and tests/ imports nothing from here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageOps, ImageStat

from demo import draw, generate
from gallery.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "site_src"
SECTIONS = ("culture-wall", "pioneer-posts", "moments", "talk")
ORIENTATION, GPS_IFD = 0x0112, 0x8825


def demo_photos() -> list[Path]:
    """The committed photos of the demo stories (the images the generator draws)."""
    return sorted(p for section in SECTIONS for p in (DOCS / section).rglob("*.jpg"))


def test_culture_check_of_the_demo_finds_nothing():
    result = CliRunner().invoke(main, ["check", "--strict", "--root", str(ROOT)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 0, result.output
    assert len(lines) == 1 and "0 个错误，0 个警告" in lines[0], lines


@pytest.mark.slow
def test_the_demo_site_builds_strictly_with_every_story(tmp_path: Path):
    # What `make build` runs, written aside; the photo cache in .cache/ makes a re-run fast.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stories = [p.parent.relative_to(DOCS) for s in SECTIONS for p in DOCS.glob(f"{s}/*/index.md")]
    assert len(stories) >= 20
    missing = [s for s in stories if not (tmp_path / s / "index.html").is_file()]
    assert missing == []


def test_demo_photos_carry_exif_orientation_and_gps():
    rotated, located = [], []
    for path in demo_photos():
        with Image.open(path) as im:
            exif = im.getexif()
            if exif.get(ORIENTATION, 1) != 1:
                rotated.append(path)
                # Stored sideways as a phone does: only the EXIF tag turns it upright.
                assert ImageOps.exif_transpose(im).size == im.size[::-1], path
            if exif.get_ifd(GPS_IFD):
                located.append(path)
    assert rotated and located, (rotated, located)


def test_the_generator_draws_every_committed_photo_and_reproduces_one(tmp_path: Path):
    if not (draw.FONT_DIR / draw.FONT_FILES[("sans", False)]).is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    jobs = generate.all_jobs()
    assert sorted(j.path for j in jobs) == [p.relative_to(DOCS).as_posix() for p in demo_photos()]
    job = next(j for j in jobs if j.path == "pioneer-posts/liu-jing/portrait.jpg")
    generate.run(job, tmp_path)
    with Image.open(tmp_path / job.path) as fresh, Image.open(DOCS / job.path) as committed:
        assert fresh.size == committed.size
        diff = ImageStat.Stat(ImageChops.difference(fresh.convert("RGB"),
                                                    committed.convert("RGB"))).mean
        assert max(diff) < 1.0, diff  # same pixels (JPEG encoders may differ by a hair)
