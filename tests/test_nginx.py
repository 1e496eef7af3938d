"""The nginx configuration we ship, run by a real nginx serving a published site under a
sub-path: cache headers per kind of file, MIME types, pre-compressed gzip and brotli, the
site's own 404, the heartbeat log, and a lobby screen playing through it in Chromium."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import nginx_support
import pytest
from screen_support import (
    TZ,
    moment,
    photo_bytes,
    pioneer,
    player,
    wait_slides,
)
from support import SETTINGS, site_config, write_tree

from gallery.publish import builds, nginx
from gallery.screens import status

pytestmark = pytest.mark.skipif(nginx_support.missing() is not None,
                                reason=nginx_support.missing() or "")
IMMUTABLE = "public, max-age=31536000, immutable"
SCREENS = """\
screens:
  - name: lobby
    outlet: qianmen
    heartbeat: 20
    playlist:
      - slogan: 客户为尊，服务如意
        duration: 5
      - section: moments
        duration: 5
      - section: pioneer-posts
        duration: 5
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A tiny project published with `culture publish`'s steps: built, compressed, swapped."""
    root = tmp_path_factory.mktemp("project")
    write_tree(root, {
        "culture.yml": SETTINGS + SCREENS,
        "site_src/index.md": "# 首页\n\n欢迎。\n",
        "site_src/moments/2024-05-01-a/index.md": moment("暖心服务在前门"),
        "site_src/moments/2024-05-01-a/1.jpg": photo_bytes((200, 40, 30)),
        "site_src/pioneer-posts/2024-03-01-zhang/index.md": pioneer("张明"),
        "site_src/pioneer-posts/2024-03-01-zhang/portrait.jpg": photo_bytes((30, 60, 200),
                                                                            (600, 800)),
    })
    config = site_config(root)
    # Under a sub-path the 404 page (served at any depth) needs site_url's path: docs/publishing.md.
    config.write_text(config.read_text("utf-8") + "site_url: http://localhost/culture/\n", "utf-8")
    target = root / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CULTURE_TODAY", "2026-11-29")
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        builds.publish(target, builds.mkdocs_build(root))
    # The site has no web app manifest yet; the configuration must still type one right.
    (target / "screen" / "lobby" / "test.webmanifest").write_text('{"name": "大堂屏"}\n', "utf-8")
    return target


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    with nginx_support.running(site, tmp_path_factory.mktemp("nginx")) as running:
        yield running


def get(server, path: str, encoding: str = "identity") -> http.client.HTTPResponse:
    """A GET under the sub-path (or an absolute path), body read."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    url = path if path.startswith("/") else server.site.prefix + path
    connection.request("GET", url, headers={"Accept-Encoding": encoding})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def one(site: Path, pattern: str) -> str:
    """The site-relative path of the one file matching `pattern`."""
    found = sorted(site.glob(pattern))
    assert found, pattern
    return found[0].relative_to(site).as_posix()


def test_content_named_files_are_cached_for_a_year(server, site):
    for pattern, kind in (("photos/*/*.webp", "image/webp"), ("photos/*/*.jpg", "image/jpeg"),
                          ("assets/javascripts/bundle.*.min.js", "application/javascript"),
                          ("assets/stylesheets/main.*.min.css", "text/css")):
        response = get(server, one(site, pattern))
        assert response.status == 200, pattern
        assert response.headers["Cache-Control"] == IMMUTABLE, pattern
        assert response.headers["Content-Type"].split(";")[0] == kind, pattern


def test_pages_and_what_screens_poll_are_never_cached_stale(server, site):
    cases = {"": "text/html", "moments/": "text/html",
             "screen/lobby/": "text/html", "screen/lobby/playlist.json": "application/json",
             "screen/lobby/version.json": "application/json",
             "screen/lobby/sw.js": "application/javascript",
             "screen/notice.json": "application/json",
             "screen/heartbeat.txt?screen=lobby": "text/plain",
             "screen/lobby/test.webmanifest": "application/manifest+json",
             "assets/javascripts/culture.js": "application/javascript"}
    for path, kind in cases.items():
        response = get(server, path)
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == "no-cache", path
        assert response.headers["Content-Type"].split(";")[0] == kind, path


def test_text_is_utf8(server):
    assert get(server, "").headers["Content-Type"] == "text/html; charset=utf-8"
    playlist = get(server, "screen/lobby/playlist.json").headers["Content-Type"]
    assert playlist == "application/json; charset=utf-8"


@pytest.mark.parametrize("encoding,suffix", [("gzip", ".gz"), ("br", ".br")])
def test_compressed_copies_made_at_publish_are_sent_as_they_are(server, site, encoding, suffix):
    if suffix == ".br" and not server.site.brotli:
        pytest.skip("libnginx-mod-http-brotli-static is not installed")
    for path in ("index.html", "search/culture_index.json", one(site, "assets/javascripts/bundle.*.min.js"),
                 one(site, "assets/stylesheets/main.*.min.css"), "screen/lobby/player.js"):
        copy = site / (path + suffix)
        assert copy.is_file(), copy
        response = get(server, path, f"{encoding}, deflate")
        assert response.headers["Content-Encoding"] == encoding, path
        assert response.body == copy.read_bytes(), path
        assert "Accept-Encoding" in response.headers["Vary"], path
    plain = get(server, "index.html")
    assert "Content-Encoding" not in plain.headers
    assert plain.body == (site / "index.html").read_bytes()


def test_a_missing_page_under_the_sub_path_is_the_sites_own_404(server, site):
    response = get(server, "no/such/page/")
    assert response.status == 404
    assert response.body == (site / "404.html").read_bytes()
    assert response.headers["Cache-Control"] == "no-cache"
    # Self-contained (inline style, at any depth and any sub-path); its home link is site_url's.
    assert re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', response.body.decode()) == []
    assert 'href="/culture/" data-culture-home' in response.body.decode()
    photo = get(server, "photos/00/missing-480.webp")
    assert photo.status == 404
    assert photo.headers["Cache-Control"] == "no-cache"  # never an immutable 404


def test_the_sub_path_without_its_slash_redirects(server):
    response = get(server, "/culture")
    assert response.status == 301
    assert response.headers["Location"] == "/culture/"


def logged_lines(log: Path, marker: str, wait: float = 5.0) -> list[str]:
    """The lines of an nginx log up to the first one holding `marker`: nginx writes an entry
    after it has sent the response, so on a loaded machine the client can read the file first."""
    deadline = time.monotonic() + wait
    while True:
        lines = log.read_text("utf-8").splitlines() if log.exists() else []
        found = next((i for i, line in enumerate(lines) if marker in line), None)
        if found is not None:
            return lines[: found + 1]
        if time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_a_heartbeat_lands_in_its_own_log_and_reads_back_as_status(server, site):
    build = json.loads((site / "screen/lobby/version.json").read_bytes())["build"]
    get(server, f"screen/heartbeat.txt?screen=lobby&build={build}&player=p1&item=slogan-0")
    lines = logged_lines(server.heartbeat_log, "player=p1")
    beat = status.parse_line(lines[-1])
    assert beat is not None
    assert (beat.screen, beat.build, beat.item, beat.address) == ("lobby", build, "slogan-0",
                                                                  "127.0.0.1")
    main_log = (server.prefix / "access.log").read_text("utf-8")
    assert "heartbeat.txt" not in main_log


def internal_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for localhost, made with the commands of
    docs/publishing.md; returns (CA certificate, server certificate, server key)."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "3650", "-nodes",
            "-keyout", "culture-ca.key", "-out", "culture-ca.crt", "-subj",
            "/CN=Zhushikou Intranet CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "culture.key", "-out",
            "culture.csr", "-subj", "/CN=localhost")
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost\n"
                                    "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "culture.csr", "-CA", "culture-ca.crt", "-CAkey",
            "culture-ca.key", "-CAcreateserial", "-days", "825", "-sha256", "-out",
            "culture.crt", "-extfile", "san.ext")
    return folder / "culture-ca.crt", folder / "culture.crt", folder / "culture.key"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is missing")
def test_https_with_an_internal_ca_and_plain_http_sent_on(site, tmp_path):
    ca, cert, key = internal_ca(tmp_path)
    with nginx_support.running(site, tmp_path / "nginx", tls=nginx.Tls(cert, key)) as server:
        trusted = ssl.create_default_context(cafile=str(ca))
        connection = http.client.HTTPSConnection("localhost", server.port, context=trusted,
                                                 timeout=10)
        connection.request("GET", "/culture/screen/lobby/version.json")
        response = connection.getresponse()
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert json.loads(response.read())["build"]
        connection.close()
        with pytest.raises(ssl.SSLCertVerificationError):  # not trusted without the CA
            untrusted = http.client.HTTPSConnection("localhost", server.port, timeout=10,
                                                    context=ssl.create_default_context())
            untrusted.request("GET", "/culture/")
        plain = http.client.HTTPConnection("127.0.0.1", server.redirect_port, timeout=10)
        plain.request("GET", "/culture/screen/lobby/", headers={"Host": "culture.example"})
        moved = plain.getresponse()
        assert moved.status == 301
        assert moved.headers["Location"] == "https://culture.example/culture/screen/lobby/"


@pytest.mark.browser
def test_a_lobby_screen_plays_through_nginx_and_reports_its_build(browser, server, site):
    build = json.loads((site / "screen/lobby/version.json").read_bytes())["build"]
    page = browser.new_page(viewport={"width": 640, "height": 360}, timezone_id=TZ)
    page.goto(server.url("screen/lobby/"))
    frame = player(page)
    shown = wait_slides(frame, 2, timeout=30000)
    assert shown["build"] == build
    assert frame.evaluate("document.querySelector('.layer.on') !== null")
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r)")
    page.context.close()
    beats = status.read_log(server.heartbeat_log.read_text("utf-8").splitlines())
    assert beats.last["lobby"].build == build
    assert beats.skipped == 0
