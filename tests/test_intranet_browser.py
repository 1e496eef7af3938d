"""The intranet site in real Chromium: every page type loads cleanly from 127.0.0.1 under a
sub-path, passes axe-core, is screenshotted, and Chinese search finds stories and people.

Runs on the fixture site (always) and on the repository's demo site (checks skip with a reason
when the demo lacks the content they need). Screenshots: test-artifacts/intranet/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from intranet_site import MEMBER, REPO, TODAY, build, make_site
from support import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "intranet"
SUB = "culture"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(www: Path, handler: type[http.server.SimpleHTTPRequestHandler] = Quiet):
    """A threaded HTTP server of the `www` folder on a free port of 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def first(site: Path, folder: str, pattern: str = "*/index.html") -> str | None:
    """The first (by name) page under `folder` matching `pattern`, as a URL under the site."""
    found = sorted(p.parent.relative_to(site).as_posix() for p in (site / folder).glob(pattern))
    return f"{found[0]}/" if found else None


def page_types(site: Path) -> dict[str, str]:
    """One URL (under the site) per page type present in the build."""
    types = {"home": "", "culture-wall": "culture-wall/", "pioneer-posts": "pioneer-posts/",
             "moments": "moments/", "talk": "talk/", "morning": "morning/", "board-history": "board/",
             "tags": "tags/", "outlets": "outlets/", "campaigns": "campaigns/"}
    for kind, folder in (("story-culture-wall", "culture-wall"), ("story-pioneer", "pioneer-posts"),
                         ("story-moment", "moments"), ("story-talk", "talk"),
                         ("story-morning", "morning"), ("board", "board"), ("outlet", "outlets"),
                         ("campaign", "campaigns")):
        url = first(site, folder)
        if url:
            types[kind] = url
    return types


@pytest.fixture(scope="module", params=["fixture", "demo"])
def served(request, tmp_path_factory):
    """(base URL, page types, which site) for a built site served on 127.0.0.1 under /culture/."""
    need_chromium()
    www = tmp_path_factory.mktemp(f"www-{request.param}")
    with pytest.MonkeyPatch.context() as mp:
        if request.param == "fixture":
            mp.setenv("CULTURE_TODAY", TODAY)
            built = build(make_site(tmp_path_factory.mktemp("fixture")))
        else:
            built = build_demo(tmp_path_factory.mktemp("demo"))
    shutil.move(str(built), www / SUB)
    server = serve(www)
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB}/", page_types(www / SUB), request.param
    server.shutdown()


def build_demo(out: Path) -> Path:
    """The repository's own demo site, built into `out`."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out / "site"), strict=True)
    mkdocs_build(config)
    return Path(config.site_dir)


class Watched:
    """A page that records console errors and blocks (and records) every off-host request."""

    def __init__(self, browser, viewport: tuple[int, int]):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.errors: list[str] = []
        self.off_host: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.off_host.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    opened: list[Watched] = []

    def make(viewport=VIEWPORTS["desktop"]) -> Watched:
        opened.append(Watched(browser, viewport))
        return opened[-1]

    yield make
    for w in opened:
        w.close()


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    # Material fades the tabs in on load: measure contrast after transitions have finished.
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_every_page_type_loads_cleanly_passes_axe_and_is_screenshotted(served, watched):
    base, types, which = served
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm ci (make test does)")
    missing = {"story-culture-wall", "story-pioneer", "story-moment", "story-talk"} - set(types)
    problems = []
    for label, (width, height) in VIEWPORTS.items():
        w = watched((width, height))
        folder = ARTIFACTS / which / label
        folder.mkdir(parents=True, exist_ok=True)
        for kind, url in types.items():
            w.page.goto(base + url, wait_until="networkidle")
            assert w.page.locator("h1").first.is_visible(), (kind, url)
            w.page.screenshot(path=str(folder / f"{kind}.png"), full_page=True)
            if label == "desktop":
                problems += [f"{kind} {url}: {v}" for v in axe_violations(w.page)]
        assert w.errors == [], w.errors
        assert w.off_host == [], w.off_host
    assert problems == []
    if missing:
        pytest.skip(f"{which} site has no story yet in: {', '.join(sorted(missing))} "
                    "(other page types passed)")


def search(page, query: str) -> list[str]:
    """Type a query into Material's search; return the result links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() alone fires only an input event
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    # Result links carry ?h=<query> for highlighting; compare pages without it.
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "els => els.map(e => e.origin + e.pathname)")


def fraud_story_slug(which: str) -> str | None:
    """The story that contains 防范电信网络诈骗 inside a sentence, if the site has one."""
    if which == "fixture":
        return "moments/2024-05-03-fang-zha/"
    for path in sorted((REPO / "site_src").glob("*/*/index.md")):
        body = path.read_text("utf-8").split("---", 2)[-1]
        if any("防范电信网络诈骗" in line and not line.lstrip().startswith("#") for line in body.splitlines()):
            return f"{path.parent.parent.name}/{path.parent.name}/"
    return None


def member_and_post(which: str) -> tuple[str, str] | None:
    """A pioneer post's member name and page, if the site has one."""
    if which == "fixture":
        return MEMBER, "pioneer-posts/gang-wei/"
    from gallery.project import load_project

    posts = load_project(REPO).site.in_section("pioneer-posts")
    return (posts[0].member, f"pioneer-posts/{posts[0].slug}/") if posts else None


def test_search_finds_a_word_inside_a_sentence_and_a_member_by_name(served, watched):
    base, _, which = served
    w = watched()
    w.page.goto(base, wait_until="networkidle")
    fraud = fraud_story_slug(which)
    if fraud is None:
        pytest.skip(f"{which} site has no story with 防范电信网络诈骗 in a sentence yet")
    assert base + fraud in search(w.page, "诈骗")
    person = member_and_post(which)
    if person is None:
        pytest.skip(f"{which} site has no pioneer post yet")
    w.page.goto(base, wait_until="networkidle")
    links = search(w.page, person[0])
    assert links[0] == base + person[1]
    assert w.errors == [] and w.off_host == []


def test_moments_filter_by_outlet_and_tag(served, watched):
    base, _, which = served
    if which != "fixture":
        pytest.skip("the filter is checked on the fixture site, whose moments are known")
    w = watched(VIEWPORTS["phone"])
    w.page.goto(base + "moments/", wait_until="networkidle")
    titles = ".culture-moment:not([hidden]) .culture-card-title"
    assert w.page.locator(titles).all_inner_texts() == ["大堂里的一堂课", "冬日暖心服务"]
    # Each outlet and each tag has its own moments pages (issue 13: no page lists them all).
    w.page.select_option("select[name=outlet]", "qianmen")
    w.page.wait_for_url(base + "outlets/qianmen/moments/")
    assert w.page.locator(titles).all_inner_texts() == ["冬日暖心服务"]
    assert w.page.locator("section.culture-year h2").all_inner_texts() == ["2023 年"]
    assert w.page.locator(".culture-filter-count").inner_text() == "共 1 条"
    w.page.select_option("select[name=tag]", "老年客户")
    w.page.wait_for_url("**/moments/?outlet=qianmen")
    assert w.page.locator(titles).count() == 0
    assert w.page.locator("[data-culture-none]").is_visible()
    w.page.select_option("select[name=outlet]", "")
    assert w.page.locator(titles).all_inner_texts() == ["大堂里的一堂课"]
    assert w.errors == []


def test_morning_page_prints_on_a4_without_the_site_chrome(served, watched):
    base, _, which = served
    if which != "fixture":
        pytest.skip("print layout is checked on the fixture site")
    w = watched()
    w.page.goto(base + "morning/", wait_until="networkidle")
    assert w.page.locator("[data-culture-print]").is_visible()
    w.page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".culture-archive",
                   "[data-culture-print]", ".md-banner"):
        assert not w.page.locator(hidden).first.is_visible(), hidden
    assert w.page.locator("section.culture-morning-item").count() == 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    w.page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, to look at
    w.page.screenshot(path=str(ARTIFACTS / "morning-print.png"), full_page=True)
    pdf = w.page.pdf(path=str(ARTIFACTS / "morning-a4.pdf"), format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_lightbox_opens_a_story_photo_and_moves_to_the_next(served, watched):
    base, types, which = served
    story = "moments/2024-05-03-fang-zha/" if which == "fixture" else types.get("story-moment")
    if story is None:
        pytest.skip(f"{which} site has no moment yet")
    w = watched()
    w.page.goto(base + story, wait_until="networkidle")
    links = w.page.locator("a.glightbox")
    if links.count() < 2:
        pytest.skip(f"{story} has fewer than two photos in a lightbox")
    links.first.click()
    slide = w.page.locator(".gslide.current img")
    slide.wait_for()
    first = slide.get_attribute("src")
    w.page.locator(".gnext").click()
    w.page.wait_for_function(
        "src => document.querySelector('.gslide.current img')?.getAttribute('src') !== src", arg=first)
    assert w.errors == [] and w.off_host == []
