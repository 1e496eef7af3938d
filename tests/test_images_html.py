"""Photo HTML, the progress reporter and the image settings."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from click._termui_impl import AFTER_BAR, BEFORE_BAR
from selectolax.lexbor import LexborHTMLParser

from gallery import paths
from gallery.content import model
from gallery.content.settings import ImageSettings, load_settings
from gallery.mkdocs import glue as mkdocs_glue
from gallery.photos import cache as photo_cache
from gallery.photos import markup, plan
from gallery.photos.progress import TerminalProgress

SOURCE = Path("/p/site_src/moments/2024-05-01-a/1.jpg")


def derived_photo(opaque: bool = True) -> photo_cache.Derived:
    key = "ab" + "0" * 18
    variants = tuple(photo_cache.Variant(w, w * 3 // 4, fmt, paths.photo_url(key, w, fmt))
                     for w in (480, 960, 1600) for fmt in ("jpeg", "webp"))
    return photo_cache.Derived(key, 4000, 3000, variants, "#336699", "data:image/webp;base64,AAAA",
                          opaque)


def story(**extra) -> model.Moment:
    return model.Moment(section="moments", slug="2024-05-01-a", source=SOURCE.parent / "index.md",
                        title="暖心服务", outlet="qianmen", date=dt.date(2024, 5, 1), **extra)


PHOTO = model.Photo("1.jpg", SOURCE, caption='大堂经理<b>帮助</b>老人', alt='老人 & "经理"\n第二行')


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<html><body>{html}</body></html>")


def test_figure_is_a_lightbox_link_around_a_picture():
    render = markup.photo_html({SOURCE: derived_photo()})
    html = mkdocs_glue.resolve_root(render(story(), PHOTO, "figure"), "moments/2024-05-01-a/")
    tree = parse(html)
    link = tree.css_first("figure.culture-photo > a.glightbox")
    assert link.attributes["href"] == f"../../photos/ab/{'ab' + '0' * 18}-1600.webp"
    assert link.attributes["data-gallery"] == "2024-05-01-a"
    # GLightbox inserts data-title as HTML: once decoded, it must still be escaped text
    assert link.attributes["data-title"] == "大堂经理&lt;b&gt;帮助&lt;/b&gt;老人"
    assert "data-srcset" not in link.attributes  # a srcset would blow small photos up to 100vw
    source = tree.css_first("picture > source")
    assert source.attributes["type"] == "image/webp"
    assert source.attributes["srcset"].split(", ") == [
        f"../../photos/ab/{'ab' + '0' * 18}-{w}.webp {w}w" for w in (480, 960, 1600)]
    img = tree.css_first("picture > img")
    assert img.attributes["src"].endswith("-960.jpg")
    assert img.attributes["srcset"].count(".jpg ") == 3
    assert (img.attributes["width"], img.attributes["height"]) == ("960", "720")
    assert img.attributes["loading"] == "lazy" and img.attributes["decoding"] == "async"
    assert img.attributes["alt"] == '老人 & "经理" 第二行'
    assert img.attributes["sizes"] == markup.SIZES["figure"]
    assert "off-glb" in img.attributes["class"]  # the plugin must not wrap it a second time
    assert "background-color:#336699" in img.attributes["style"]
    assert tree.css_first("figcaption").text() == "大堂经理<b>帮助</b>老人"
    assert "<b>" not in html


def test_card_and_portrait_have_no_link_and_the_portrait_loads_at_once():
    render = markup.photo_html({SOURCE: derived_photo()})
    card = parse(mkdocs_glue.resolve_root(render(story(), PHOTO, "card"), "moments/"))
    assert card.css_first("a") is None
    assert card.css_first("img").attributes["src"].startswith("../photos/ab/")
    assert card.css_first("img").attributes["sizes"] == markup.SIZES["card"]
    portrait = parse(render(story(), PHOTO, "portrait"))
    assert portrait.css_first("img").attributes["loading"] == "eager"


def test_transparent_photo_gets_no_preview_behind_it():
    render = markup.photo_html({SOURCE: derived_photo(opaque=False)})
    style = parse(render(story(), PHOTO, "card")).css_first("img").attributes["style"]
    assert style == "background-color:#336699"


def test_photo_without_derivatives_keeps_its_caption_only():
    render = markup.photo_html({})
    assert render(story(), PHOTO, "figure") == (
        '<figure><figcaption><span class="culture-nobreak">大堂经理<wbr>&lt;b&gt;<wbr>帮助<wbr>'
        "&lt;/b&gt;<wbr>老人</span></figcaption></figure>")
    assert render(story(), PHOTO, "card") == ""


def test_root_token_is_resolved_per_page_depth():
    html = f'<img src="{paths.ROOT_TOKEN}photos/x.jpg">'
    assert mkdocs_glue.resolve_root(html, "") == '<img src="photos/x.jpg">'
    assert mkdocs_glue.resolve_root(html, "moments/") == '<img src="../photos/x.jpg">'
    assert mkdocs_glue.resolve_root(html, "moments/a/") == '<img src="../../photos/x.jpg">'
    assert mkdocs_glue.resolve_root(html, "moments/a.html") == '<img src="../photos/x.jpg">'


def test_story_photos_lists_visible_stories_once_each():
    shared = model.Photo("1.jpg", SOURCE)
    visible = story(photos=(shared,), cover=shared)
    draft = model.Moment(section="moments", slug="b", source=Path("/p/b/index.md"), title="草稿",
                         draft=True, photos=(model.Photo("2.jpg", Path("/p/b/2.jpg")),))
    site = model.Site((visible, draft), today=dt.date(2024, 6, 1))
    assert plan.story_photos(site) == [shared]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def summary() -> plan.Summary:
    return plan.Summary(total=5, cached=2, derived=3, failed=0, seconds=1.5)


def test_progress_bar_on_a_terminal():
    stream, lines = FakeTerminal(), []
    progress = TerminalProgress("照片处理", lines.append, stream)
    progress.update(0, 3)
    progress.update(3, 3)
    progress.finish(summary())
    drawn = stream.getvalue()
    # click.progressbar starts each redraw with "\r" (and hides the cursor), ends with "\n".
    assert f"{BEFORE_BAR}照片处理 [------------------------] 0/3" in drawn
    assert f"{BEFORE_BAR}照片处理 [########################] 3/3  " in drawn and "张/秒" in drawn
    assert drawn.endswith(AFTER_BAR) and AFTER_BAR.endswith("\n")
    assert lines == ["照片：共 5 张，新生成 3 张，使用缓存 2 张，有问题 0 张，用时 1.5 秒（2.0 张/秒）"]


def test_progress_bar_line_ends_when_the_last_job_is_done():
    # A stage that then fails (an internal error) must not leave the line open, cursor hidden.
    stream = FakeTerminal()
    progress = TerminalProgress("照片处理", print, stream)
    progress.update(0, 2)
    progress.update(1, 2)
    assert not stream.getvalue().endswith(AFTER_BAR)
    progress.update(2, 2)
    assert stream.getvalue().endswith(AFTER_BAR)
    assert stream.getvalue().count(AFTER_BAR) == 1


def test_one_summary_line_off_a_terminal():
    stream, lines = io.StringIO(), []
    progress = TerminalProgress("照片处理", lines.append, stream)
    progress.update(0, 3)
    progress.update(3, 3)
    progress.finish(plan.Summary(5, 5, 0, 0, 0.2))
    assert stream.getvalue() == ""
    assert lines == ["照片：共 5 张，新生成 0 张，使用缓存 5 张，有问题 0 张，用时 0.2 秒"]


SETTINGS = """\
name: 中国工商银行北京珠市口支行
outlets:
  - id: qianmen
    name: 前门支行
images:
"""


def test_image_settings_are_read(tmp_path):
    (tmp_path / "culture.yml").write_text(SETTINGS + """\
  widths: [1600, 480]
  formats: [jpeg]
  quality: 75
  workers: 2
  max_pixels: 50000000
  skip_broken: true
""", "utf-8")
    settings, problems = load_settings(tmp_path)
    assert problems == []
    assert settings.images == ImageSettings(widths=(480, 1600), formats=("jpeg",), quality=75,
                                            workers=2, max_pixels=50_000_000, skip_broken=True)


def test_bad_image_settings_have_exact_messages(tmp_path):
    (tmp_path / "culture.yml").write_text(SETTINGS + """\
  widths: [480, big]
  formats: [webp]
  quality: 120
  workers: -1
  skip_brokn: true
""", "utf-8")
    settings, problems = load_settings(tmp_path)
    assert settings.images == ImageSettings()
    assert [str(p) for p in sorted(problems, key=lambda p: p.line)] == [
        ("culture.yml:6: E212 字段“widths”的值 [480, big] 不合理 — "
        "写成 16 到 8192 之间的整数列表，例如 widths: [480, 960, 1600, 2560]"),
        ("culture.yml:7: E212 字段“formats”的值 [webp] 不合理 — "
        "写成 [webp, jpeg] 或 [jpeg]：jpeg 必须保留（旧浏览器和灯箱要用）"),
        "culture.yml:8: E212 字段“quality”的值 120 不合理 — 压缩质量写 1 到 100 之间的整数，照片一般用 75 到 85",
        "culture.yml:9: E212 字段“workers”的值 -1 不合理 — 并行进程数写 0（自动，等于 CPU 核数）或一个正整数",
        "culture.yml:10: E201 未知字段“skip_brokn” — 是不是想写“skip_broken”？",
    ]
