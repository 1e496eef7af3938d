"""Pre-compression at publish time (gallery.publish.compress) and the nginx configuration
command: which files get copies, byte-identical reruns, stale copies removed, values checked."""

from __future__ import annotations

import gzip
import os

import pytest
from click.testing import CliRunner
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
