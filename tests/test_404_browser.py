"""The site's 404 page in Chromium: its home links are right and it sends no request of its own
(so it logs no console error besides its own 404 status). With site_url set, at any depth under
the sub-path; without site_url, at the root, and under a sub-path when the address holds one of
the site's folders. It used to look for the root by asking for sitemap.xml one folder up at a
time, each miss an error in the console."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from intranet_site import build, make_site
from support import need_chromium

pytestmark = [pytest.mark.browser]
SUB = "culture"


class Missing(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; a missing address gets `page` (the site's 404.html) with status 404."""

    page: Path

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = self.page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{name: base URL}: the fixture site built with site_url under /culture/, and built without
    it both at the root and under /culture/."""
    need_chromium()
    servers, bases = [], {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CULTURE_TODAY", "2024-05-08")
        with_url = build(make_site(tmp_path_factory.mktemp("with-url"),
                                   site_url=f"http://127.0.0.1/{SUB}/"))
        without = build(make_site(tmp_path_factory.mktemp("without-url")))
    for name, built, sub in (("site_url", with_url, SUB), ("root", without, ""),
                             ("sub-path", without, SUB)):
        www = tmp_path_factory.mktemp(f"www-{name}")
        folder = www / sub if sub else www / "site"
        shutil.copytree(built, folder)
        handler = type("Handler", (Missing,), {"page": folder / "404.html"})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(www if sub else folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases[name] = f"http://127.0.0.1:{server.server_address[1]}/{sub + '/' if sub else ''}"
    yield bases
    for server in servers:
        server.shutdown()


CASES = [("site_url", "no-such-page/"), ("site_url", "a/b/c/d/"),
         ("site_url", "moments/no-such-page/deeper/"), ("root", "no-such-page/"),
         ("root", "a/b/c/d/"), ("sub-path", "moments/no-such-page/deeper/"),
         ("sub-path", "tags/x/y/")]


@pytest.mark.parametrize(("site", "missing"), CASES)
def test_the_404_page_links_home_without_requests_or_console_errors(browser, sites, site,
                                                                  missing):
    base = sites[site]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(
            f"{m.text} {m.location.get('url', '')}"))
        response = page.goto(base + missing, wait_until="networkidle")
        page.wait_for_timeout(300)
        assert response.status == 404
        assert page.locator("h1").inner_text() == "找不到这个页面"
        homes = page.eval_on_selector_all("a[data-culture-home]", "els => els.map(e => e.href)")
        header = page.eval_on_selector("header a", "e => e.href")
    finally:
        context.close()
    assert requests == [base + missing]  # nothing besides the page itself
    # Chromium's own favicon request is not the page's (it is no request event either)
    assert [e for e in errors if not e.endswith((base + missing, "/favicon.ico"))] == []
    assert header == base
    assert base + "moments/" in homes and base + "campaigns/kou-bei/" in homes  # a section, the banner
