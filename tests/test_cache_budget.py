"""`culture cache prune` and the cache budget (culture.yml `images: cache_mb`): over the
budget the entries used longest ago go first, never one the live or the rollback build links;
a hostile budget is refused with its stable code and deletes nothing; publish keeps it too."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from publish_support import run
from screen_support import moment, photo_bytes
from support import site_config, write_tree

from gallery.photos.budget import MB, entry_key, used_keys
from gallery.publish import builds

OLD = 1_000_000_000  # 2001: older than anything a publish touches


@pytest.fixture
def root(project, monkeypatch) -> Path:
    """Two stories published, then one changed and published again: live and rollback."""
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-30")
    root = project({"site_src/moments/2024-05-01-a/index.md": moment("甲"),
                    "site_src/moments/2024-05-01-a/1.jpg": photo_bytes((200, 40, 30)),
                    "site_src/moments/2024-05-01-b/index.md": moment("乙"),
                    "site_src/moments/2024-05-01-b/1.jpg": photo_bytes((30, 60, 200))})
    site_config(root)
    assert run(root, "publish").returncode == 0
    write_tree(root, {"site_src/moments/2024-05-01-b/1.jpg": photo_bytes((30, 200, 60))})
    assert run(root, "publish").returncode == 0
    return root


def budget(root: Path, value: str) -> None:
    text = (root / "culture.yml").read_text("utf-8").split("images:")[0]
    (root / "culture.yml").write_text(text + f"images:\n  cache_mb: {value}\n", "utf-8")


def cache(root: Path) -> Path:
    return root / ".cache" / "photos"


def filler(root: Path, key: str, megabytes: int, mtime: int) -> Path:
    """A cache entry no build uses, taking `megabytes` on disk, last used at `mtime`."""
    path = cache(root) / key[:2] / f"{key}-480.webp"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        os.posix_fallocate(out.fileno(), 0, megabytes * MB)
    os.utime(path, (mtime, mtime))
    return path


def protected(root: Path) -> list[Path]:
    target = root / "site"
    live, rollback = builds.live_folder(target), builds.rollback_of(target)
    assert live and rollback
    keys = used_keys([live, rollback.folder])
    assert len(keys) == 3  # 甲, 乙's old photo (rollback) and its new one (live)
    return [f for f in cache(root).glob("*/*") if entry_key(f.name) in keys]


def test_over_budget_the_oldest_unused_entries_go_and_the_served_ones_never(root: Path):
    kept = protected(root)
    for f in kept:  # the served entries are the oldest of all: still never deleted
        os.utime(f, (OLD, OLD))
    oldest = [filler(root, f"{n:020x}", 40, OLD + 100 + n) for n in range(1, 4)]  # 120 MB
    budget(root, "100")
    done = run(root, "cache", "prune")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("照片缓存：清理前 120.")
    assert "预算 100 MB；删除了 1 张最久没用的，现在 80." in done.stdout
    assert "正在提供的版本和回退版本用到的 3 张照片保留。" in done.stdout
    assert [p.exists() for p in oldest] == [False, True, True]
    assert all(f.exists() for f in kept)


def test_when_the_served_photos_alone_exceed_the_budget_they_stay_and_it_says_so(root: Path):
    kept = protected(root)
    with kept[0].open("ab") as grow:  # a served entry taking 120 MB (as on a big site)
        os.posix_fallocate(grow.fileno(), 0, 120 * MB)
    extra = filler(root, "f" * 20, 5, OLD)
    budget(root, "100")
    done = run(root, "cache", "prune")
    assert done.returncode == 1
    assert "仍然超出预算：只保留网站正在用的照片也需要 120." in done.stderr
    assert not extra.exists() and all(f.exists() for f in kept)


@pytest.mark.parametrize("value, told", [
    ("0", "E212 字段“cache_mb”的值 0 不合理"),
    ("-1", "E212 字段“cache_mb”的值 -1 不合理"),
    ("100000000000000000000", "E212 字段“cache_mb”的值 100000000000000000000 不合理"),
    ("1e20", "E203 字段“cache_mb”应为整数，现在是文字“1e20”"),
])
def test_a_hostile_budget_is_refused_and_deletes_nothing(root: Path, value: str, told: str):
    extra = filler(root, "e" * 20, 1, OLD)
    before = sorted(cache(root).glob("*/*"))
    budget(root, value)
    done = run(root, "cache", "prune")
    assert done.returncode == 1
    hint = ("照片缓存的磁盘预算写 100 到 10000000 之间的整数（MB），默认 20000" if "E212" in told
            else "例如 cache_mb: 20000")
    assert done.stderr.splitlines() == [
        f"culture.yml:{len((root / 'culture.yml').read_text('utf-8').splitlines())}: {told} — {hint}",
        "没有清理：请按上面的提示改正 culture.yml 的 images: cache_mb 后重试。"]
    assert sorted(cache(root).glob("*/*")) == before and extra.exists()


def test_publish_keeps_the_budget_too(root: Path):
    kept = protected(root)
    now = int(time.time())  # recent: the build's own 30-day pruning leaves them
    stale = [filler(root, f"{n:020x}", 60, now - 100 + n) for n in range(1, 3)]
    budget(root, "100")
    assert run(root, "publish").returncode == 0
    assert [p.exists() for p in stale] == [False, True]
    assert all(f.exists() for f in kept)
