"""Plain `culture check` decodes the photos no build has decoded, once (gallery.photos.verify)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from imaging import encode
from PIL import Image

from gallery import paths
from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.photos import derive, plan, verify

STORY = "site_src/moments/2024-05-01-nuan-xin"
SMALL = ImageSettings(widths=(160, 320))
GOOD = encode(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
CUT = GOOD[:len(GOOD) // 2]


@pytest.fixture
def decoded(monkeypatch) -> list[Path]:
    """The photos `derive.decode` is asked to decode, in order."""
    seen: list[Path] = []
    real = derive.decode

    def counting(im: Image.Image, size: tuple[int, int], path: Path) -> Image.Image:
        seen.append(path)
        return real(im, size, path)

    monkeypatch.setattr(derive, "decode", counting)
    return seen


def photos(root: Path, files: dict[str, bytes]) -> list[model.Photo]:
    """Write `files` into a story folder (old enough for the stat index); their Photo records."""
    folder = root / STORY
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (1_700_000_000, 1_700_000_000))
    return [model.Photo(name, folder / name) for name in files]


def check(root: Path, found: list[model.Photo]) -> list[str]:
    """The problem lines plain `culture check` prints for these photos."""
    return [str(p) for p in verify.check_files(found, SMALL, root, root / paths.PHOTO_CACHE_DIR)]


def test_a_photo_cut_short_is_found_and_a_good_one_decoded_once(tmp_path, decoded):
    found = photos(tmp_path, {"1.jpg": GOOD, "2.jpg": CUT, "3.jpg": b""})
    lines = check(tmp_path, found)
    assert [line.split(": ", 1)[1][:4] for line in lines] == ["E305", "E301"]
    assert lines[0].startswith(f"{STORY}/2.jpg:1: E305 照片文件不完整")
    assert sorted(p.name for p in decoded) == ["1.jpg", "2.jpg"]  # the empty one: by its bytes
    decoded.clear()
    assert check(tmp_path, found) == lines
    assert [p.name for p in decoded] == ["2.jpg"]  # the good one is remembered, the bad is not


def test_a_photo_replaced_by_a_broken_one_is_decoded_again(tmp_path, decoded):
    found = photos(tmp_path, {"1.jpg": GOOD})
    assert check(tmp_path, found) == []
    photos(tmp_path, {"1.jpg": CUT})
    assert [line.split(": ", 1)[1][:4] for line in check(tmp_path, found)] == ["E305"]
    assert len(decoded) == 2


def test_photos_a_build_made_are_not_decoded_again(tmp_path, decoded):
    found = photos(tmp_path, {"1.jpg": GOOD})
    derived, problems = plan.process(found, SMALL, tmp_path / paths.PHOTO_CACHE_DIR,
                                     root=tmp_path, workers=1)
    assert problems == [] and len(derived) == 1
    decoded.clear()
    assert check(tmp_path, found) == []
    assert decoded == []


def test_a_project_whose_cache_cannot_be_written_is_still_checked(tmp_path, decoded):
    found = photos(tmp_path, {"1.jpg": GOOD, "2.jpg": CUT})
    (tmp_path / ".cache").write_text("不是目录")  # as a read-only disk would, even for root
    assert len(check(tmp_path, found)) == 1
    assert len(check(tmp_path, found)) == 1
    assert len(decoded) == 4  # nothing could be remembered
