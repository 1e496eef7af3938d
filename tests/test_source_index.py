"""The stat index of source photos (gallery.photos.cache): a warm run reads no unchanged photo,
and no change to a photo's bytes, however made, is ever answered from the index."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from imaging import encode, quadrants

from gallery import paths
from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.photos import cache, plan

SETTINGS = ImageSettings(widths=(160,), formats=("jpeg",))


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files whose bytes are hashed, in order; this process's memory is cleared as if each
    run were a new build process."""
    seen: list[str] = []
    original = hashlib.file_digest

    def counting(f, digest):  # type: ignore[no-untyped-def]
        seen.append(Path(f.name).name)
        return original(f, digest)

    monkeypatch.setattr(hashlib, "file_digest", counting)
    cache._digests.clear()
    return seen


def distinct_photos(folder: Path, count: int) -> list[Path]:
    """`count` photos, no two with the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        path = folder / f"{i:02d}.jpg"
        path.write_bytes(encode(quadrants(200 + i, 150), "JPEG"))
        made.append(path)
    return made


def run(root: Path, sources: list[Path]) -> dict[Path, cache.Derived]:
    cache._digests.clear()  # a new build process
    derived, problems = plan.process([model.Photo(p.name, p) for p in sources], SETTINGS,
                                     root / paths.PHOTO_CACHE_DIR, workers=1)
    assert problems == []
    return derived


def expected_key(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return hashlib.sha256(digest + cache.fingerprint(SETTINGS)).hexdigest()[:cache.KEY_LENGTH]


def settle(monkeypatch) -> None:
    """Photos written by a test are seconds old at most: let the index take them at once."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)


def test_a_warm_run_reads_no_photo_and_finds_every_distinct_one(tmp_path, reads, monkeypatch):
    settle(monkeypatch)
    sources = distinct_photos(tmp_path / "src", 12)
    first = run(tmp_path, sources)
    assert sorted(reads) == sorted(p.name for p in sources)
    assert len({d.key for d in first.values()}) == 12
    reads.clear()
    second = run(tmp_path, sources)
    assert reads == []
    assert second == first
    assert {p: d.key for p, d in second.items()} == {p: expected_key(p.read_bytes())
                                                      for p in sources}
    index = json.loads((tmp_path / ".cache" / cache.SOURCE_INDEX).read_text())
    assert sorted(index["entries"]) == sorted(str(p) for p in sources)


def test_a_photo_changed_seconds_ago_is_not_indexed(tmp_path, reads):
    sources = distinct_photos(tmp_path / "src", 2)  # just written: within RACY_SECONDS
    run(tmp_path, sources)
    run(tmp_path, sources)
    assert sorted(reads) == sorted([p.name for p in sources] * 2)
    assert not (tmp_path / ".cache" / cache.SOURCE_INDEX).exists()


def same_size_other_bytes(path: Path) -> bytes:
    """The photo's bytes with some of its compressed data changed: same size, new content."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8] = bytes(b ^ 0x5A for b in data[middle:middle + 8])
    return bytes(data)


def wait_for_a_new_ctime(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Apply `change` once the file system clock has moved on from the file's ctime."""
    before = path.stat().st_ctime_ns
    while time.time_ns() < before + 20_000_000:
        time.sleep(0.01)
    change()
    assert path.stat().st_ctime_ns != before


def keep_times(path: Path, stat: os.stat_result) -> None:
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # `touch -d` to the old time


def in_place(path: Path, data: bytes, _spare: Path) -> None:
    stat = path.stat()
    with path.open("r+b") as f:  # the same inode
        f.write(data)
    keep_times(path, stat)


def rename_over(path: Path, data: bytes, spare: Path) -> None:
    stat = path.stat()
    spare.write_bytes(data)
    keep_times(spare, stat)
    os.replace(spare, path)


def copy_over(path: Path, data: bytes, spare: Path) -> None:
    stat = path.stat()
    spare.write_bytes(data)
    shutil.copyfile(spare, path)  # truncate and write: the same inode
    keep_times(path, stat)


def through_a_hard_link(path: Path, data: bytes, spare: Path) -> None:
    """Written under its other name (another story's copy of the same photo)."""
    stat = path.stat()
    with spare.open("r+b") as f:
        f.write(data)
    keep_times(spare, stat)


@pytest.mark.parametrize("change", [in_place, rename_over, copy_over, through_a_hard_link])
def test_new_bytes_with_the_same_size_and_mtime_are_hashed_again(tmp_path, reads, monkeypatch,
                                                                 change):
    settle(monkeypatch)
    sources = distinct_photos(tmp_path / "src", 3)
    target = sources[1]
    spare = tmp_path / "spare.jpg"
    if change is through_a_hard_link:
        os.link(target, spare)
    run(tmp_path, sources)
    run(tmp_path, sources)  # now served from the index
    old = target.stat()
    data = same_size_other_bytes(target)
    wait_for_a_new_ctime(target, lambda: change(target, data, spare))
    new = target.stat()
    assert (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    assert target.read_bytes() == data
    reads.clear()
    derived = run(tmp_path, sources)
    assert reads == [target.name]
    assert derived[target].key == expected_key(data) != expected_key(
        sources[0].read_bytes())
    assert (tmp_path / paths.PHOTO_CACHE_DIR / paths.photo_manifest(derived[target].key)).exists()


def test_a_damaged_or_forged_index_is_not_trusted(tmp_path, reads, monkeypatch):
    settle(monkeypatch)
    sources = distinct_photos(tmp_path / "src", 3)
    first = run(tmp_path, sources)
    index_file = tmp_path / ".cache" / cache.SOURCE_INDEX
    data = json.loads(index_file.read_text())
    entry = data["entries"][str(sources[0])]
    entry[-1] = hashlib.sha256(sources[1].read_bytes()).hexdigest()  # another photo's hash
    index_file.write_text(json.dumps(data))
    reads.clear()
    assert run(tmp_path, sources) == first
    assert sorted(reads) == sorted(p.name for p in sources)  # checksum failed: all read again
    for damage in (b"", b"{", b'{"version": 1}', b"[]", json.dumps(
            {"version": 1, "entries": {"x": [1]}, "check": "0"}).encode()):
        index_file.write_bytes(damage)
        reads.clear()
        assert run(tmp_path, sources) == first
        assert sorted(reads) == sorted(p.name for p in sources)
