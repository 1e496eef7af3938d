"""A full disk, a read-only folder and a permission error: one Chinese line naming the path and
what to do, exit 3, and the served site unchanged. Real processes on a tiny tmpfs where this
machine lets us mount one (CI and sessions run as root); skipped cleanly elsewhere."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from publish_support import UNCHANGED, run, site_files, tiny_site

from gallery import disk
from gallery.cli import main
from gallery.mkdocs import glue
from gallery.mkdocs import run as mkdocs_run
from gallery.photos import derive, plan
from gallery.publish import builds, flow

FAILED = f"发布失败，{UNCHANGED}请按上面的提示处理后重试。"
NOTHING_SERVED = "发布失败，网站还没有成功发布过，现在没有可提供的版本。请按上面的提示处理后重试。"


def test_the_disk_lines_are_exact():
    assert disk.message(OSError(errno.ENOSPC, "No space left", "/srv/site/a.html")) == (
        "磁盘已满：无法写入 /srv/site/a.html — 请清理这块磁盘（df -h 查看剩余空间；"
        ".cache/ 可以整个删除，下次生成时会重新建立）后重试")
    assert disk.message(OSError(errno.EROFS, "Read-only file system", "/srv/site")) == (
        "/srv/site 所在的磁盘是只读的，无法写入 — 请把它重新挂载为可写"
        "（mount -o remount,rw 挂载点），或用 --site-dir 换一个可写的目录后重试")
    assert disk.message(PermissionError(errno.EACCES, "Permission denied", "/srv/site")) == (
        "没有权限写入 /srv/site — 请用对这个目录有写权限的账户运行，"
        "或修改它的所有者（chown -R 运行发布的账户 目录）后重试")
    assert disk.describe(OSError(errno.ENOENT, "No such file", "x")) is None


def test_a_permission_error_in_publishing_is_one_line_and_exit_3(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/.site.publish/wanted")

    monkeypatch.setattr(flow, "publish_site", denied)
    result = CliRunner().invoke(main, ["publish", "--root", str(tmp_path)])
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        ("没有权限写入 /srv/.site.publish/wanted — 请用对这个目录有写权限的账户运行，"
        "或修改它的所有者（chown -R 运行发布的账户 目录）后重试"),
        NOTHING_SERVED]


def test_a_disk_error_in_a_hook_stops_the_build_with_exit_3():
    @glue.internal_errors
    def hook(config=None):
        raise OSError(errno.ENOSPC, "No space left on device", "/srv/.cache/photos/ab/x.webp")

    with pytest.raises(glue.DiskProblem) as caught:
        hook()
    assert caught.value.exit_code == disk.EXIT
    assert caught.value.message.startswith("磁盘已满：无法写入 /srv/.cache/photos/ab/x.webp — ")


def test_a_photo_worker_on_a_full_disk_is_a_disk_error_not_a_bug(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.webp"))

    monkeypatch.setattr(derive, "write_atomic", full)
    source = tmp_path / "1.jpg"
    from imaging import encode, quadrants
    source.write_bytes(encode(quadrants(64, 48), "JPEG"))
    outcome = derive.run(derive.Job(str(source), "k" * 20, str(tmp_path), (32,), ("jpeg",), 82,
                                    10**8))
    assert outcome.disk == (errno.ENOSPC, str(tmp_path / "x.webp"))
    with pytest.raises(OSError) as caught:
        plan.raise_bugs({outcome.key: outcome}, {outcome.key: source}, {source: "1.jpg"})
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(tmp_path / "x.webp")


def test_the_mkdocs_runner_tells_a_disk_error_outside_our_hooks(tmp_path, monkeypatch, capsys):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "tags.json"))

    monkeypatch.setattr(mkdocs_run.cli, "main", full)
    assert mkdocs_run.main(["build"]) == disk.EXIT
    assert capsys.readouterr().err.startswith(f"磁盘已满：无法写入 {tmp_path / 'tags.json'} — ")


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a tmpfs of a given size for this test (skipped where mounting is not allowed)."""
    mounted = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        for folder in mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def small_disk(tmpfs):
    """A 6 MiB tmpfs."""
    return tmpfs("6m")


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` up to `leave` free bytes."""
    free = os.statvfs(folder)
    (folder / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - leave))


def publish_on(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess:
    return run(root, "publish", "--site-dir", str(site), *args)


def test_a_full_disk_leaves_the_site_served_and_says_what_to_do(tmp_path, small_disk):
    root = tiny_site(tmp_path / "project")
    site = small_disk / "site"
    first = publish_on(root, site)
    assert first.returncode == 0, first.stderr
    before = builds.live_folder(site)
    files = site_files(before)
    fill(small_disk, 64 * 1024)
    full = publish_on(root, site)
    assert full.returncode == disk.EXIT, full.stderr
    lines = full.stderr.strip().splitlines()
    assert "Traceback" not in full.stderr
    assert lines[-1] == FAILED
    assert lines[-2].startswith(f"磁盘已满：无法写入 {small_disk}/"), lines[-2]
    assert lines[-2].endswith(" — 请清理这块磁盘（df -h 查看剩余空间；"
                              ".cache/ 可以整个删除，下次生成时会重新建立）后重试")
    assert builds.live_folder(site) == before and site_files(site) == files
    assert [p.name for p in builds.folders(builds.builds_dir(site))] == [before.name]
    (small_disk / "filler").unlink()
    again = publish_on(root, site)
    assert again.returncode == 0, again.stderr


def test_a_read_only_disk_leaves_the_site_served_and_says_what_to_do(tmp_path, small_disk):
    root = tiny_site(tmp_path / "project")
    site = small_disk / "site"
    assert publish_on(root, site).returncode == 0
    files = site_files(site)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        denied = publish_on(root, site)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert denied.returncode == disk.EXIT
    assert "Traceback" not in denied.stderr
    lines = denied.stderr.strip().splitlines()
    assert lines == [(f"{small_disk}/.site.publish/counter.lock 所在的磁盘是只读的，无法写入 — "
                     "请把它重新挂载为可写（mount -o remount,rw 挂载点），"
                     "或用 --site-dir 换一个可写的目录后重试"), FAILED]
    assert site_files(site) == files


def test_a_folder_the_publishing_account_may_not_write_is_one_line_and_exit_3(tmp_path):
    """As an unprivileged account (root writes anywhere): the real permission error."""
    import shutil
    import tempfile

    from publish_support import CULTURE, ENV

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as another account")
    shared = Path(tempfile.mkdtemp(prefix="culture-perm-", dir="/tmp"))
    try:
        os.chmod(shared, 0o755)
        root = tiny_site(shared / "project")
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run([*as_nobody, CULTURE, "--help"], capture_output=True, check=False)
        if probe.returncode != 0:
            pytest.skip("the unprivileged account cannot run culture from here")
        denied = subprocess.run([*as_nobody, CULTURE, "publish", "--root", str(root)], cwd=root,
                                env=ENV, capture_output=True, text=True, check=False)
        assert denied.returncode == disk.EXIT, denied.stderr
        assert "Traceback" not in denied.stderr
        assert denied.stderr.strip().splitlines() == [
            (f"没有权限写入 {root}/.site.publish — 请用对这个目录有写权限的账户运行，"
             "或修改它的所有者（chown -R 运行发布的账户 目录）后重试"), NOTHING_SERVED]
        assert not (root / "site").exists()
    finally:
        shutil.rmtree(shared, ignore_errors=True)


@pytest.mark.slow
def test_a_full_disk_under_the_photo_cache_is_a_disk_line_not_a_worker_traceback(tmpfs):
    from imaging import encode, quadrants
    from screen_support import moment
    from support import SETTINGS, site_config, write_tree

    disk_dir = tmpfs("24m")
    root = disk_dir / "project"
    write_tree(root, {"culture.yml": SETTINGS + "images:\n  widths: [160, 320]\n",
                      "site_src/index.md": "# 首页\n",
                      "site_src/moments/2024-05-01-a/index.md": moment("暖心服务在前门"),
                      "site_src/moments/2024-05-01-a/1.jpg": encode(quadrants(400, 300), "JPEG")})
    site_config(root)
    first = run(root, "publish")
    assert first.returncode == 0, first.stderr
    before = builds.live_folder(root / "site")
    for i in range(4):  # new photos: the workers write new derivatives into .cache/photos
        write_tree(root, {f"site_src/moments/2024-06-0{i + 1}-b{i}/index.md":
                          moment(f"新故事{i}", day=f"2024-06-0{i + 1}"),
                          f"site_src/moments/2024-06-0{i + 1}-b{i}/1.jpg":
                          encode(quadrants(900 + i, 700), "JPEG", quality=95)})
    fill(disk_dir, 32 * 1024)
    full = run(root, "publish")
    assert full.returncode == disk.EXIT, full.stderr
    assert "Traceback" not in full.stderr and "内部错误" not in full.stderr
    lines = full.stderr.strip().splitlines()
    assert lines[-1] == FAILED
    told = [line for line in lines if line.startswith("磁盘已满：")]
    assert len(told) == 1 and told[0].startswith(f"磁盘已满：无法写入 {root}/.cache/photos/"), lines
    assert builds.live_folder(root / "site") == before
