"""End-to-end builds of the intranet fixture site: banner, footer, links under a sub-path,
search segmentation, nothing off-site, build failures with clear messages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from intranet_site import MEMBER, TODAY, build, make_site
from mkdocs.exceptions import Abort
from selectolax.lexbor import LexborHTMLParser

pytestmark = pytest.mark.slow
SUB = "http://intranet.example/culture/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site built once, for a sub-path, on a day inside one campaign's window."""
    root = make_site(tmp_path_factory.mktemp("intranet"), site_url=SUB)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CULTURE_TODAY", TODAY)
        return build(root)


def pages(site: Path) -> dict[str, LexborHTMLParser]:
    return {p.relative_to(site).as_posix(): LexborHTMLParser(p.read_text("utf-8"))
            for p in sorted(site.rglob("*.html"))}


def test_every_page_has_the_running_campaigns_banner_and_the_complaint_channels(site):
    for name, page in pages(site).items():
        banner = page.css_first("aside.md-banner .culture-banner")
        assert banner is not None, name
        assert banner.text(separator=" ", strip=True).split() == [
            "服务口碑新变化", "服务口碑新变化", "喜迎盛会", "查看活动"], name
        link = urljoin(SUB + name, banner.css_first("a").attributes["href"])
        assert link == SUB + "campaigns/kou-bei/", name
        channels = page.css("footer .culture-channels li")
        assert [c.css_first(".culture-channel-phone").text() for c in channels] == [
            "95588", "010-6702 0000"], name


def test_no_banner_outside_every_campaign_window(tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2024-06-15")
    out = build(make_site(tmp_path))
    page = LexborHTMLParser((out / "index.html").read_text("utf-8"))
    assert page.css("aside.md-banner") == []
    assert page.css_first(".culture-channels") is not None


def test_story_pages_link_to_their_outlet_and_tags(site):
    page = LexborHTMLParser((site / "moments/2024-05-03-fang-zha/index.html").read_text("utf-8"))
    outlet = next(a for a in page.css(".culture-facts a"))
    assert outlet.text() == "天桥支行"
    assert urljoin(SUB + "moments/2024-05-03-fang-zha/", outlet.attributes["href"]) == (
        SUB + "outlets/tianqiao/")
    tags = {a.text(strip=True): urljoin(SUB + "moments/2024-05-03-fang-zha/", a.attributes["href"])
            for a in page.css(".md-tags a")}
    assert tags == {"口碑": SUB + "tags/kou-bei-37503e/", "老年客户": SUB + "tags/lao-nian-ke-hu-5c4330/"}
    listing = LexborHTMLParser((site / "tags/index.html").read_text("utf-8"))
    assert [a.attributes["href"] for a in listing.css(".culture-tags a")][:2] == [
        "kou-bei-37503e/", "lao-nian-ke-hu-5c4330/"]  # 口碑, 老年客户: in pinyin order
    hub = LexborHTMLParser((site / "tags/lao-nian-ke-hu-5c4330/index.html").read_text("utf-8"))
    assert [t.text() for t in hub.css(".culture-card-title")] == ["大堂里的一堂课"]


def test_all_links_resolve_under_the_sub_path(site):
    broken = []
    for name, page in pages(site).items():
        base = SUB + name
        for node in page.css("a[href], link[href], script[src], img[src]"):
            value = node.attributes.get("href") or node.attributes.get("src")
            url = urlparse(urljoin(base, value))
            if url.scheme in ("tel", "mailto") or url.netloc != "intranet.example":
                continue
            assert url.path.startswith("/culture/"), (name, value)
            target = site / url.path[len("/culture/"):]
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((name, value))
    assert broken == []


OFF_SITE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def off_site_references(site: Path) -> list[tuple[str, str]]:
    """Every src, stylesheet href, srcset entry, CSS url() and @import that leaves the site."""
    found = []
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            page = LexborHTMLParser(path.read_text("utf-8"))
            refs = [n.attributes.get("src") for n in page.css("[src]")]
            refs += [n.attributes.get("href") for n in page.css("link[href]")
                     if "stylesheet" in (n.attributes.get("rel") or "") or
                     n.attributes.get("rel") in ("preload", "modulepreload", "icon")]
            refs += [part.strip().split(" ")[0] for n in page.css("[srcset]")
                     for part in (n.attributes.get("srcset") or "").split(",")]
            text = " ".join(n.text() for n in page.css("style"))
            text += " ".join(n.attributes.get("style") or "" for n in page.css("[style]"))
        elif path.suffix == ".css":
            refs, text = [], path.read_text("utf-8")
        else:
            continue
        refs += re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
        refs += re.findall(r"@import\s+(?:url\()?['\"]?([^'\");\s]+)", text)
        found += [(name, r) for r in refs if r and OFF_SITE.match(r.strip())]
    return found


def test_nothing_in_the_output_is_loaded_from_another_host(site):
    assert off_site_references(site) == []
    assert any(site.rglob("*.css"))  # the scan saw Material's and our stylesheets


def test_the_scan_sees_off_site_references(tmp_path):
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/x.css"><img srcset="a.jpg 1x, '
        '//cdn.example/b.jpg 2x"><script src="http://x.example/s.js"></script>', "utf-8")
    (tmp_path / "b.css").write_text("@import 'https://fonts.example/f.css'; a{background:url(//x/y.png)}")
    assert sorted(r for _, r in off_site_references(tmp_path)) == [
        "//cdn.example/b.jpg", "//x/y.png", "http://x.example/s.js", "https://cdn.example/x.css",
        "https://fonts.example/f.css"]


def test_board_data_files_are_rendered_not_published(site):
    assert list(site.rglob("*.csv")) == []
    page = LexborHTMLParser((site / "board/2024-04/index.html").read_text("utf-8"))
    assert page.css_first(".culture-board-red tbody th").text() == "天桥支行"
    assert "张强" in page.css_first(".culture-board-red tbody").text()


def test_search_index_holds_each_pages_plain_text_and_front_matter_fields(site):
    raw = (site / "search/culture_index.json").read_text("utf-8")
    docs = {d[0]: d for d in json.loads(raw)["docs"]}
    assert "\u200b" not in raw and "\\u" not in raw  # no separators, no escapes
    fraud = docs["moments/2024-05-03-fang-zha/"]
    assert "防范电信网络诈骗" in fraud[3]
    assert "天桥支行" in fraud[2]  # the outlet is shown under the title
    assert fraud[2].startswith("服务精彩瞬间 · 天桥支行")
    assert docs["pioneer-posts/gang-wei/"][1].startswith(MEMBER + " · ")
    assert "李华" in docs["talk/wo-kan-fu-wu/"][3]
    stub = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert stub["docs"] == []  # what every page load fetches holds no document
    # Every page (404.html too) names our worker: a Material release that moves its own worker
    # (point_worker finds nothing to replace) fails here, not silently in the browser.
    configured = [p for p in [*site.rglob("index.html"), site / "404.html"]
                  if 'id="__config"' in p.read_text("utf-8")]
    assert len(configured) > 10
    for page in configured:
        html = page.read_text("utf-8")
        assert "culture-search-worker.js" in html and "workers/search." not in html, page


def test_the_morning_page_shows_the_week_and_renders_the_authors_markdown(site):
    page = LexborHTMLParser((site / "morning/index.html").read_text("utf-8"))
    items = page.css("section.culture-morning-item")
    assert [i.css_first("h2").text() for i in items] == ["服务规范禁令", "案例剖析：等候过久"]
    assert items[0].css_first("p:not([class])").text() == "规章制度摘录正文。"


def test_a_board_error_stops_the_build_with_file_and_line(tmp_path, monkeypatch, caplog):
    root = make_site(tmp_path)
    (root / "site_src/board/2024-04.csv").write_text("网点,指标,数值,榜单\n天桥支行,等候,八,红榜\n")
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    with pytest.raises(Abort, match="内容有 1 个错误"):
        build(root)
    assert "site_src/board/2024-04.csv:2: E406 “数值”的“八”不是数字" in caplog.text


def test_build_fails_clearly_when_jieba_is_missing(tmp_path):
    root = make_site(tmp_path)
    blocker = tmp_path / "blocker" / "jieba"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('jieba blocked for this test')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker.parent), str(Path.cwd())]),
           "CULTURE_TODAY": TODAY}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                         check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    lines = (root / "mkdocs.yml").read_text("utf-8").splitlines()
    hook = next(n for n, row in enumerate(lines, 1) if row.strip() == "- hooks/culture.py")
    assert f"mkdocs.yml:{hook}: E441 无法加载中文分词组件 jieba" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_staff_word_list_is_no_longer_needed_but_still_accepted(tmp_path, monkeypatch):
    root = make_site(tmp_path, extra={"talk/zhuan-xing/index.md": """\
        ---
        title: 谈转型
        author: 王五
        date: 2024-04-21
        summary: 网点转型的体会
        ---
        我们推进网点转型。
        """})
    config = (root / "mkdocs.yml").read_text("utf-8").replace(
        "lang: zh", "lang: zh\n    jieba_dict_user: words.txt")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    (root / "words.txt").write_text("网点转型\n", "utf-8")
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    out = build(root)
    docs = json.loads((out / "search/culture_index.json").read_text("utf-8"))["docs"]
    text = next(d[3] for d in docs if d[0] == "talk/zhuan-xing/")
    assert "我们推进网点转型。" in text  # the words as written: the browser finds any of them


def test_banner_and_footer_show_settings_text_as_text(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    settings = (root / "culture.yml").read_text("utf-8")
    settings = settings.replace("slogan: 服务口碑新变化 喜迎盛会", f"slogan: '{evil}'")
    settings = settings.replace("name: 客户服务热线", f"name: '{evil}'")
    (root / "culture.yml").write_text(settings, "utf-8")
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    page = LexborHTMLParser((build(root) / "index.html").read_text("utf-8"))
    assert page.css_first(".culture-banner-slogan").text() == evil
    assert page.css_first(".culture-channel-name").text() == evil
    assert page.css(".md-banner script, .md-footer script, img[onerror]") == []


def test_a_dirty_build_keeps_the_search_entries_of_pages_it_did_not_render(tmp_path):
    from gallery.intranet import searchindex
    from gallery.mkdocs import search_glue

    site = tmp_path / "site"
    searchindex.write_index(site, [["a/", "甲", "", "旧的甲", "", ""], ["b/", "乙", "", "旧的乙", "", ""]])
    collector = search_glue.SearchCollector.__new__(search_glue.SearchCollector)
    collector.entries = {"b/": ["b/", "乙", "", "新的乙", "", ""]}
    collector.dirty = True
    search_glue.write(collector, site)
    assert [e[3] for e in searchindex.read_index(site)] == ["旧的甲", "新的乙"]
    collector.dirty = False  # a whole build: only what it rendered
    search_glue.write(collector, site)
    assert [e[3] for e in searchindex.read_index(site)] == ["新的乙"]
