"""Pre-compression at publish time (gallery.publish.compress) and the nginx configuration
command: which files get copies, byte-identical reruns, stale copies removed, values checked."""

from __future__ import annotations

import gzip
import json
import os
import shutil

import pytest
from click.testing import CliRunner
from publish_support import served_copies_are_exact
from support import write_tree

from gallery.cli import main
from gallery.publish import builds, compress, nginx

PAGE = "<html><body>" + "服务文化展 " * 200 + "</body></html>\n"


def tree(root):
    return write_tree(root, {
        "index.html": PAGE, "assets/app.js": "var a = 1;\n" * 100,
        "search/search_index.json": '{"docs": []}' * 100, "tiny.css": "a{}",
        "photos/ab/ab12-480.jpg": b"\xff\xd8" + b"\0" * 4000,
        "photos/ab/ab12-480.webp": b"RIFF" + b"\0" * 4000, "font.woff2": b"w" * 4000,
        "screen/notice.json": '{"notice": null}' + " " * 400,
        "screen/heartbeat.txt": "ok\n" * 200, "random.js": os.urandom(4000),
    })


def test_text_files_get_gzip_and_brotli_copies_photos_and_live_files_none(tmp_path):
    site = tree(tmp_path)
    done = compress.compress_tree(site)
    made = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.gz"))
    assert made == ["assets/app.js.gz", "index.html.gz", "search/search_index.json.gz"]
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == PAGE.encode()
    brotli = pytest.importorskip("brotli")
    assert brotli.decompress((site / "index.html.br").read_bytes()) == PAGE.encode()
    assert (done.files, done.gzip, done.brotli) == (4, 3, 3)  # random.js saves too little


def test_a_rerun_writes_the_same_bytes(tmp_path):
    site = tree(tmp_path)
    compress.compress_tree(site)
    first = {p: p.read_bytes() for p in site.rglob("*.gz")}
    compress.compress_tree(site)
    assert first == {p: p.read_bytes() for p in site.rglob("*.gz")}
    assert (site / "index.html.gz").read_bytes()[4:8] == b"\0\0\0\0"  # mtime 0


def test_a_copy_that_no_longer_pays_is_removed_and_links_are_left_alone(tmp_path):
    site = tree(tmp_path)
    compress.compress_tree(site)
    (site / "index.html").write_bytes(os.urandom(3000))
    (site / "live.json").symlink_to(site / "search/search_index.json")
    compress.compress_tree(site)
    assert not (site / "index.html.gz").exists()
    assert not (site / "live.json.gz").exists()


def test_publish_compresses_before_the_build_goes_live(tmp_path):
    folder = builds.publish(tmp_path / "site", lambda out: tree(out) and None)
    assert (folder / "index.html.gz").is_file()


def test_the_nginx_command_prints_the_configuration_for_a_sub_path(tmp_path):
    result = CliRunner().invoke(main, ["server", "nginx", "--root", str(tmp_path), "--prefix",
                                       "/culture/", "--server-name", "culture.example",
                                       "--no-brotli"])
    assert result.exit_code == 0, result.output
    assert f"alias {tmp_path}/site/;" in result.output
    assert "location /culture/ {" in result.output
    assert "    # brotli_static on;" in result.output
    assert "server_name culture.example;" in result.output
    tls = CliRunner().invoke(main, ["server", "nginx", "--root", str(tmp_path), "--cert",
                                    "/etc/ssl/c.pem", "--key", "/etc/ssl/c.key", "--brotli"])
    assert "listen 443 ssl http2;" in tls.output
    assert "return 301 https://$host$request_uri;" in tls.output
    assert "    brotli_static on;" in tls.output


@pytest.mark.parametrize("args,message", [
    (["--prefix", "culture"],
     "子路径“culture”无效：请写成 / 或 /culture/ 这样以 / 开头和结尾的路径\n"),
    (["--server-name", "a; include /etc/passwd"],
     "服务器名“a; include /etc/passwd”里有空格、引号、分号或括号：nginx 配置里不能用，请换一个\n"),
    (["--cert", "/etc/ssl/c.pem"], "--cert 和 --key 要一起给出（证书和私钥）。\n"),
])
def test_values_that_would_break_the_configuration_are_refused(tmp_path, args, message):
    result = CliRunner().invoke(main, ["server", "nginx", "--root", str(tmp_path), *args])
    assert result.exit_code == 1
    assert result.output == message


def test_brotli_is_used_when_debian_loads_its_module(tmp_path):
    assert not nginx.brotli_loaded(tmp_path)
    (tmp_path / "50-mod-http-brotli-static.conf").write_text(
        "load_module modules/ngx_http_brotli_static_module.so;\n")
    assert nginx.brotli_loaded(tmp_path)


# Incremental pre-compression: copies of unchanged bytes come from the builds kept beside.

class Counting:
    """Counts the compressions compress_tree really does (gzip and brotli)."""

    def __init__(self, monkeypatch):
        self.calls = []
        real_gzip, real_brotli = compress.gzip_bytes, compress._brotli()

        def gz(data):
            self.calls.append(("gz", data))
            return real_gzip(data)

        def br(data):
            self.calls.append(("br", data))
            return real_brotli(data)

        monkeypatch.setattr(compress, "gzip_bytes", gz)
        monkeypatch.setattr(compress, "_brotli", lambda: br)


NOISE = os.urandom(4000)


def publish_tree(target, change=None):
    """builds.publish of the test tree (changed by `change(folder)` before compression)."""
    def build(out):
        tree(out)
        (out / "random.js").write_bytes(NOISE)  # the same bytes in every build
        if change:
            change(out)
    return builds.publish(target, build)


def test_a_second_publish_links_every_unchanged_copy_and_compresses_only_what_changed(
        tmp_path, monkeypatch):
    pytest.importorskip("brotli")
    target = tmp_path / "site"
    first = publish_tree(target)
    assert served_copies_are_exact(first) == 6
    counting = Counting(monkeypatch)
    new_page = PAGE.replace("服务", "文化")

    second = publish_tree(target, lambda out: (out / "index.html").write_text(new_page))
    assert sorted(kind for kind, _ in counting.calls) == ["br", "gz"]
    assert {data for _, data in counting.calls} == {new_page.encode()}
    assert served_copies_are_exact(second) == 6
    for name in ("assets/app.js", "search/search_index.json"):
        for suffix in (".gz", ".br"):
            old, new = (first / (name + suffix)).stat(), (second / (name + suffix)).stat()
            assert (old.st_ino, old.st_dev) == (new.st_ino, new.st_dev), "copied, not linked"
    assert (first / "index.html.gz").stat().st_ino != (second / "index.html.gz").stat().st_ino
    assert gzip.decompress((first / "index.html.gz").read_bytes()) == PAGE.encode()


def test_a_file_moved_to_another_path_keeps_its_copies(tmp_path, monkeypatch):
    pytest.importorskip("brotli")
    target = tmp_path / "site"
    publish_tree(target)
    counting = Counting(monkeypatch)
    moved = publish_tree(target, lambda out: os.replace(out / "assets/app.js",
                                                         out / "assets/app.2.js"))
    assert counting.calls == []
    assert (moved / "assets/app.2.js.br").is_file()
    assert served_copies_are_exact(moved) == 6


def corrupt(folder, case):
    """Damage the build `folder` the way `case` says, in place."""
    page = folder / "index.html"
    if case == "truncated .br":
        data = (folder / "index.html.br").read_bytes()
        (folder / "index.html.br").write_bytes(data[: len(data) // 2])
    elif case == "same-size .gz with other bytes":
        data = bytearray((folder / "index.html.gz").read_bytes())
        data[len(data) // 2] ^= 0xFF
        (folder / "index.html.gz").write_bytes(bytes(data))
    elif case == "missing .gz":
        (folder / "index.html.gz").unlink()
    elif case == "unreadable manifest":
        (folder / compress.MANIFEST).write_text('{"levels": {', "utf-8")
    elif case == "manifest of other levels":
        body = json.loads((folder / compress.MANIFEST).read_text("utf-8"))
        body["levels"][".br"] = 11
        (folder / compress.MANIFEST).write_text(json.dumps(body), "utf-8")
    elif case == "copy of another file's bytes":  # both copies and the manifest agree: a lie
        for suffix in (".gz", ".br"):
            os.replace(folder / ("assets/app.js" + suffix), page.with_name("index.html" + suffix))
    else:
        raise AssertionError(case)


@pytest.mark.parametrize("case,compressed", [
    ("truncated .br", 1), ("same-size .gz with other bytes", 1), ("missing .gz", 1),
    ("unreadable manifest", 8), ("manifest of other levels", 8),  # every file, both kinds
    ("copy of another file's bytes", 4),  # index.html's wrong, app.js's gone: both kinds
])
def test_a_damaged_copy_in_the_live_build_is_never_served_again(tmp_path, monkeypatch, case,
                                                                compressed):
    pytest.importorskip("brotli")
    target = tmp_path / "site"
    live = publish_tree(target)
    corrupt(live, case)
    counting = Counting(monkeypatch)
    again = publish_tree(target)
    assert served_copies_are_exact(again) == 6
    assert len(counting.calls) == compressed


def test_a_file_changed_with_the_same_size_and_mtime_is_compressed_again(tmp_path, monkeypatch):
    pytest.importorskip("brotli")
    target = tmp_path / "site"
    live = publish_tree(target)
    stat = (live / "assets/app.js").stat()
    same_size = "var b = 2;\n" * 100

    def change(out):
        (out / "assets/app.js").write_text(same_size)
        os.utime(out / "assets/app.js", ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert (out / "assets/app.js").stat().st_size == stat.st_size

    counting = Counting(monkeypatch)
    again = publish_tree(target, change)
    assert {data for _, data in counting.calls} == {same_size.encode()}
    assert served_copies_are_exact(again) == 6


def test_the_first_publish_and_a_killed_one_compress_everything_from_the_bytes(
        tmp_path, monkeypatch):
    pytest.importorskip("brotli")
    target = tmp_path / "site"
    counting = Counting(monkeypatch)
    first = publish_tree(target)
    assert len(counting.calls) == 8  # 4 candidates, both kinds (random.js: tried, not kept)
    # A killed run's folder: no marker, a manifest that claims the live bytes' hashes for
    # copies of other bytes. It is never a source (and is removed before the next build).
    killed = builds.builds_dir(target) / "b000099-abcdef"
    shutil.copytree(first, killed)
    (killed / builds.MARKER).unlink()
    corrupt(killed, "copy of another file's bytes")
    body = json.loads((killed / compress.MANIFEST).read_text("utf-8"))
    for suffix in (".gz", ".br"):
        body["files"]["index.html"][suffix] = compress.digest(
            (killed / ("index.html" + suffix)).read_bytes())
    (killed / compress.MANIFEST).write_text(json.dumps(body), "utf-8")
    assert killed not in builds.earlier_builds(target, tmp_path / "new")
    fresh = tmp_path / "loose"
    tree(fresh)
    compress.compress_tree(fresh, reuse=builds.earlier_builds(target, fresh))
    assert served_copies_are_exact(fresh) == 6
    counting.calls.clear()
    again = publish_tree(target)
    assert counting.calls == []
    assert not killed.exists()
    assert served_copies_are_exact(again) == 6


def test_linking_over_an_old_copy_replaces_it_whole(tmp_path):
    pytest.importorskip("brotli")
    first, second = tmp_path / "first", tmp_path / "second"
    tree(first)
    compress.compress_tree(first)
    tree(second)
    (second / "index.html.gz").write_bytes(b"stale")  # a copy left from an older file
    done = compress.compress_tree(second, reuse=[first])
    assert done.reused == 6
    assert (second / "index.html.gz").stat().st_ino == (first / "index.html.gz").stat().st_ino
    assert served_copies_are_exact(second) == 6
    assert not list(second.rglob("*.tmp"))
