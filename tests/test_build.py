"""Real MkDocs builds of tiny projects: generated pages, escaping, nav, failures."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser
from support import mkdocs_build

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def story(**fields: str) -> str:
    """A story file with the given front-matter fields, all quoted."""
    lines = [f"{k}: {v}" if v.startswith("[") else f"{k}: '{v}'" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n正文第一段。\n"


class Page(HTMLParser):
    """Collects the tags, the script bodies and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def assert_inert(path: Path) -> None:
    """The evil strings appear as text, never as elements, handlers or script bodies."""
    page = Page()
    page.feed(path.read_text("utf-8"))
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in page.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert not any("alert(" in body for body in page.scripts)
    assert EVIL in "".join(page.text)


def test_front_matter_text_is_data_on_story_pages_and_cards(project):
    evil_fields = {"title": EVIL, "date": "2024-05-01", "outlet": "qianmen", "summary": EVIL,
                   "tags": f"['{EVIL}']"}
    post = {"member": EVIL, "post": EVIL, "outlet": "qianmen", "portrait": "1.jpg",
            "pledge": EVIL, "motto": EVIL, "member_since": "2008"}
    root = project({
        "site_src/moments/2024-05-01-evil/index.md": story(**evil_fields),
        "site_src/talk/2024-05-01-evil-talk/index.md": story(
            title=EVIL, author=EVIL, date="2024-05-01", summary=EVIL),
        "site_src/pioneer-posts/evil-post/index.md": story(**post).replace(
            "member_since: '2008'", "member_since: 2008"),
        "site_src/pioneer-posts/evil-post/1.jpg": JPEG,
    })
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for page in ("moments/2024-05-01-evil", "talk/2024-05-01-evil-talk",
                 "pioneer-posts/evil-post", "moments", "talk", "pioneer-posts"):
        assert_inert(site / page / "index.html")
    card = (site / "moments/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card


def test_stories_are_kept_out_of_the_nav(project):
    root = project({
        "site_src/moments/2024-05-01-a/index.md": story(title="甲", date="2024-05-01",
                                                        outlet="qianmen"),
    })
    assert mkdocs_build(root).returncode == 0
    home = LexborHTMLParser((root / "site/index.html").read_text("utf-8"))
    # The whole primary nav, nested lists and the home page's own table of contents included.
    links = [a.attributes.get("href") or "" for a in home.css_first("nav.md-nav--primary").css("a")]
    assert "moments/" in links
    assert [link for link in links if "2024-05-01-a" in link] == []
    assert (root / "site/moments/2024-05-01-a/index.html").is_file()
    assert "2024-05-01-a/" in (root / "site/moments/index.html").read_text("utf-8")


def test_content_errors_fail_the_build_without_traceback(project):
    root = project({"site_src/moments/2024-05-01-a/index.md": story(title="甲", date="2024-5-1x",
                                                                    outlet="qianmen")})
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("site_src/moments/2024-05-01-a/index.md:3: E204 字段“date”的日期“2024-5-1x”无效"
            in result.stderr)
    assert "内容有 1 个错误，网站未生成。" in result.stdout + result.stderr
    assert not (root / "site").exists()


def test_warnings_fail_a_strict_build(project):
    root = project({
        "site_src/moments/2024-05-01-a/index.md":
            "---\ntitle: 甲\ndate: 2024-05-01\noutlet: qianmen\nphotos: [{file: 1.jpg, caption: 大堂}]\n---\n",
        "site_src/moments/2024-05-01-a/1.jpg": JPEG,
    })
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "E211 照片“1.jpg”缺少替代文字 alt" in result.stderr
    assert ("内容有 1 个警告，正式发布（严格模式）时警告也算失败，网站未生成。请按上面的提示修改后重试。"
            in result.stdout and "Aborted with" not in result.stdout + result.stderr)


def test_drafts_and_stories_outside_their_window_are_not_built(project):
    base = {"date": "2024-05-01", "outlet": "qianmen"}
    root = project({
        "site_src/moments/draft/index.md": story(title="草稿", **base).replace(
            "---\n正文", "draft: true\n---\n正文"),
        "site_src/moments/future/index.md": story(title="未来", publish="2027-01-01", **base),
        "site_src/moments/past/index.md": story(title="过去", expire="2026-11-29", **base),
        "site_src/moments/now/index.md": story(title="现在", publish="2026-11-29",
                                               expire="2026-11-30", **base),
    })
    assert mkdocs_build(root).returncode == 0
    built = sorted(p.name for p in (root / "site/moments").iterdir() if p.is_dir())
    assert built == ["now"]
    index = (root / "site/moments/index.html").read_text("utf-8")
    assert "现在" in index and "草稿" not in index and "未来" not in index


def test_serve_rebuild_with_content_errors_logs_instead_of_a_traceback(caplog):
    from mkdocs.exceptions import Abort
    from mkdocs.plugins import get_plugin_logger

    from gallery.mkdocs.glue import keep_last_good

    def failing_build():
        raise Abort("内容有 1 个错误，网站未生成。请按上面的提示修改后重试。")

    keep_last_good(failing_build, get_plugin_logger("culture"))()
    assert [r.getMessage() for r in caplog.records] == [
        "culture: 内容有 1 个错误，网站未生成。请按上面的提示修改后重试。 浏览器中仍是上一次成功生成的网站。"
    ]


def test_home_page_keeps_its_text_and_shows_the_newest_moments(project):
    base = {"outlet": "qianmen"}
    root = project({
        "site_src/index.md": "# 欢迎\n\n客户为尊，服务如意。\n",
        **{f"site_src/moments/m{n}/index.md": story(title=f"瞬间{n}", date=f"2024-05-0{n}", **base)
           for n in range(1, 6)},
    })
    assert mkdocs_build(root).returncode == 0
    home = (root / "site/index.html").read_text("utf-8")
    assert "客户为尊，服务如意。" in home
    links = re.findall(r'class="culture-card" href="([^"]+)"', home)
    assert links == ["./moments/m5/", "./moments/m4/", "./moments/m3/", "./moments/m2/"]


def test_a_hand_written_page_where_a_page_is_generated_gives_no_python_stack(project):
    import os
    import subprocess
    import sys

    root = project({"site_src/tags/index.md": "# 我的标签页\n"})
    mkdocs_build(root)  # writes mkdocs.yml; then the `mkdocs` command itself, which (unlike
    # `python -m mkdocs`) logs Python warnings with their stack, as staff would see it
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
                            cwd=root, check=False, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CULTURE_TODAY": "2026-11-29"})
    # Every .md under site_src/ is a story or a known hand-written page (home, section intros):
    # a page where a generated one goes is refused with its code, never silently replaced.
    assert result.returncode == 1
    assert ("site_src/tags/index.md:1: E608 “index.md”既不是故事，也不是首页或栏目首页，不会发布 — "
            "故事写在栏目下自己的目录里（用 culture new 新建，草稿写 draft: true）；"
            "不要的草稿或笔记请删除或移出 site_src") in result.stderr
    assert "DeprecationWarning" not in result.stderr and 'File "' not in result.stderr
    assert not (root / "site/tags/index.html").exists()
