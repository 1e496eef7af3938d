"""The photo store: published photos never share an inode with the working cache, damaged cache
entries are detected and made again, and `culture publish --verify` finds damaged store files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from imaging import encode, quadrants
from publish_support import run
from screen_support import moment, photo_bytes
from support import SETTINGS, site_config

from gallery import paths
from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.photos import cache, plan, store

SMALL = "images:\n  widths: [160, 320]\n  jpeg_width: 0\n"  # both formats at both widths


def derive_two(tmp_path: Path) -> dict[Path, cache.Derived]:
    folder = tmp_path / "src"
    folder.mkdir()
    photos = []
    for i in range(2):
        (folder / f"{i}.jpg").write_bytes(encode(quadrants(400 + i, 300), "JPEG"))
        photos.append(model.Photo(f"{i}.jpg", folder / f"{i}.jpg"))
    derived, problems = plan.process(photos, ImageSettings(widths=(160, 320), jpeg_width=0),
                                     tmp_path / paths.PHOTO_CACHE_DIR, workers=1)
    assert problems == []
    return derived


def cache_file(tmp_path: Path, url: str) -> Path:
    return tmp_path / paths.PHOTO_CACHE_DIR / url.removeprefix("photos/")


def test_manifests_record_each_file_and_damaged_entries_count_as_missing(tmp_path):
    derived = derive_two(tmp_path)
    one, two = sorted(derived.values(), key=lambda d: d.key)
    cache_dir = tmp_path / paths.PHOTO_CACHE_DIR
    for d in (one, two):
        for url, size, sha in d.files:
            data = cache_file(tmp_path, url).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (size, sha)
        assert cache.cached(cache_dir, d.key) is not None
    os.truncate(cache_file(tmp_path, one.largest("webp").url), 10)  # truncated
    assert cache.cached(cache_dir, one.key) is None
    cache_file(tmp_path, two.largest().url).write_bytes(b"")  # zero bytes
    assert cache.cached(cache_dir, two.key) is None
    derived = derive_two_again(tmp_path)
    assert all(cache.cached(cache_dir, d.key) for d in derived.values())
    a, b = cache_file(tmp_path, one.largest().url), cache_file(tmp_path, two.largest("webp").url)
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)  # swapped
    assert cache.cached(cache_dir, one.key) is None and cache.cached(cache_dir, two.key) is None
    m1, m2 = (cache_dir / paths.photo_manifest(d.key) for d in (one, two))
    first, second = m1.read_bytes(), m2.read_bytes()
    m1.write_bytes(second)
    m2.write_bytes(first)  # swapped manifests: each names the other key
    assert cache.cached(cache_dir, one.key) is None and cache.cached(cache_dir, two.key) is None


def derive_two_again(tmp_path: Path) -> dict[Path, cache.Derived]:
    folder = tmp_path / "src"
    photos = [model.Photo(p.name, p) for p in sorted(folder.iterdir())]
    derived, _ = plan.process(photos, ImageSettings(widths=(160, 320), jpeg_width=0),
                              tmp_path / paths.PHOTO_CACHE_DIR, workers=1)
    return derived


def test_the_store_takes_only_bytes_that_match_their_hash_and_keeps_them_read_only(tmp_path):
    derived = derive_two(tmp_path)
    folder = tmp_path / "store"
    cache_dir = tmp_path / paths.PHOTO_CACHE_DIR
    one = min(derived.values(), key=lambda d: d.key)
    flipped = cache_file(tmp_path, one.largest().url)
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))  # same size, other bytes: only a hash finds it
    placed, damaged = store.stock(folder, cache_dir, derived.values())
    assert damaged == {one.key}
    assert one.largest().url not in placed
    cache.forget(cache_dir, one.key)
    derived = derive_two_again(tmp_path)
    placed, damaged = store.stock(folder, cache_dir, derived.values())
    files = 2 * (2 * 2 + 1)  # two photos: two widths in two formats, and a screen backdrop
    assert damaged == set() and len(placed) == files
    for url, size, sha in (f for d in derived.values() for f in d.files):
        path = placed[url]
        assert path == store.store_file(folder, sha, url) and path.stat().st_size == size
        assert path.stat().st_mode & 0o777 == 0o444
        assert path.stat().st_ino != cache_file(tmp_path, url).stat().st_ino
    os.truncate(next(iter(placed.values())), 5)  # a store file damaged in place
    assert store.stock(folder, cache_dir, derived.values())[1] == set()  # taken in again
    assert next(iter(placed.values())).stat().st_size > 5
    assert store.verify(folder) == (files, [])
    victim = min(placed.values())
    os.chmod(victim, 0o644)
    body = bytearray(victim.read_bytes())
    body[-3] ^= 0xFF
    victim.write_bytes(bytes(body))
    assert store.verify(folder) == (files, [victim]) and not victim.exists()
    assert store.prune(folder) == files - 1  # nothing links them: no build holds them
    assert store.files(folder) == []


@pytest.fixture
def gallery_site(project):
    root = project({
        "site_src/moments/2024-05-01-a/index.md": moment("暖心服务在前门"),
        "site_src/moments/2024-05-01-a/1.jpg": photo_bytes((200, 40, 30), (400, 300)),
        "site_src/moments/2024-05-02-b/index.md": moment("耐心讲解", day="2024-05-02"),
        "site_src/moments/2024-05-02-b/1.jpg": photo_bytes((30, 60, 200), (300, 400)),
    }, settings=SETTINGS + SMALL)
    site_config(root)
    return root


def live_photos(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / "photos").rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_corrupting_the_cache_never_changes_what_is_served(gallery_site):
    root = gallery_site
    site = root / "site"
    first = run(root, "publish")
    assert first.returncode == 0, first.stderr
    served = live_photos(site)
    assert len(served) == 2 * (2 * 2 + 1)  # two photos: 2 widths x 2 formats + a backdrop
    cache_dir = root / paths.PHOTO_CACHE_DIR
    cache_inodes = {p.stat().st_ino for p in cache_dir.rglob("*") if p.is_file()}
    for name in served:
        assert (site / name).stat().st_ino not in cache_inodes, "live photo shares the cache's inode"
        assert (site / name).stat().st_nlink >= 2  # linked from the store, not copied
    files = sorted(p for p in cache_dir.rglob("*") if p.suffix in (".jpg", ".webp"))
    os.truncate(files[0], 100)                          # truncated
    files[1].write_bytes(b"")                            # zero bytes
    a, b = files[2].read_bytes(), files[-1].read_bytes()
    files[2].write_bytes(b)                              # swapped
    files[-1].write_bytes(a)
    assert live_photos(site) == served
    second = run(root, "publish")
    assert second.returncode == 0, second.stderr
    assert live_photos(site) == served
    assert "新生成" in second.stderr
    assert all(cache.cached(cache_dir, m.stem) for m in cache_dir.glob("*/*.json"))
    # Damage the cache where no size check can see it, and empty the store: the hash check
    # when a file enters the store finds it, and the entry is made again.
    victim = min(p for p in cache_dir.rglob("*") if p.suffix == ".jpg")
    body = bytearray(victim.read_bytes())
    body[len(body) // 2] ^= 0xFF
    victim.write_bytes(bytes(body))
    for path in store.files(root / ".site.store"):
        path.unlink()
    third = run(root, "publish")
    assert third.returncode == 0, third.stderr
    assert "照片缓存中有 1 张照片的文件已损坏，正在重新生成。" in third.stderr
    assert live_photos(site) == served


@pytest.mark.slow
def test_publish_verify_finds_a_damaged_store_file_and_serves_a_good_copy(gallery_site):
    root = gallery_site
    site = root / "site"
    assert run(root, "publish").returncode == 0
    served = live_photos(site)
    name = min(served)
    live = site / name  # the same inode as the store file
    body = bytearray(served[name])
    body[len(body) // 2] ^= 0xFF
    live.write_bytes(bytes(body))  # damage in place, same size: a size check cannot see it
    assert live_photos(site)[name] != served[name]
    checked = run(root, "publish", "--verify")
    assert checked.returncode == 0, checked.stderr
    stored = store.store_file(root / ".site.store", hashlib.sha256(served[name]).hexdigest(), name)
    assert (f"照片库检查：10 个文件中有 1 个已损坏（{stored.name}），已移出照片库，"
            "本次发布换上了重新核对过的文件。") in checked.stderr
    assert live_photos(site) == served
    again = run(root, "publish", "--verify")
    assert "照片库检查：10 个文件全部完好。" in again.stderr
    assert again.stdout.startswith("已上线：")
