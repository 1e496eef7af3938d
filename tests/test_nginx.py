"""The nginx configuration we ship, run by a real nginx serving a published site under a
sub-path: cache headers per kind of file, MIME types, pre-compressed gzip and brotli, the
site's own 404, the heartbeat log, and a lobby screen playing through it in Chromium."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import nginx_support
import pytest
from screen_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TZ,
    moment,
    photo_bytes,
    pioneer,
    player,
    wait_slides,
)
from support import SETTINGS, site_config, write_tree

from gallery.publish import builds
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
    site_config(root)
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
    for path in ("index.html", "search/search_index.json", one(site, "assets/javascripts/bundle.*.min.js"),
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
    photo = get(server, "photos/00/missing-480.webp")
    assert photo.status == 404
    assert photo.headers["Cache-Control"] == "no-cache"  # never an immutable 404


def test_the_sub_path_without_its_slash_redirects(server):
    response = get(server, "/culture")
    assert response.status == 301
    assert response.headers["Location"] == "/culture/"


def test_a_heartbeat_lands_in_its_own_log_and_reads_back_as_status(server, site):
    build = json.loads((site / "screen/lobby/version.json").read_bytes())["build"]
    get(server, f"screen/heartbeat.txt?screen=lobby&build={build}&player=p1&item=slogan-0")
    lines = server.heartbeat_log.read_text("utf-8").splitlines()
    beat = status.parse_line(lines[-1])
    assert beat is not None
    assert (beat.screen, beat.build, beat.item, beat.address) == ("lobby", build, "slogan-0",
                                                                  "127.0.0.1")
    main_log = (server.prefix / "access.log").read_text("utf-8")
    assert "heartbeat.txt" not in main_log


@pytest.mark.browser
def test_a_lobby_screen_plays_through_nginx_and_reports_its_build(server, site):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    build = json.loads((site / "screen/lobby/version.json").read_bytes())["build"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 640, "height": 360}, timezone_id=TZ)
        page.goto(server.url("screen/lobby/"))
        frame = player(page)
        shown = wait_slides(frame, 2, timeout=30000)
        assert shown["build"] == build
        assert frame.evaluate("document.querySelector('.layer.on') !== null")
        assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r)")
        browser.close()
    beats = status.read_log(server.heartbeat_log.read_text("utf-8").splitlines())
    assert beats.last["lobby"].build == build
    assert beats.skipped == 0
