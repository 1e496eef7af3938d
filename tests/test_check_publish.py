"""check ⇔ publish: over a corpus of small projects, `culture check` fails exactly when a real
`mkdocs build --strict` fails, and says why in Chinese (no English MkDocs warning gets through).

Each case is a project of its own (links, anchors, body images, photos, front matter and the
hand-written pages); the good ones must pass both. A failing build must print every problem line
`culture check` prints, photo damage that only decoding finds (E305, E306) included: plain
`culture check` decodes the photos no build has decoded (gallery.photos.verify).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from imaging import encode, quadrants
from PIL import Image
from support import SETTINGS, mkdocs_build, write_tree

from gallery.cli import main

TODAY = "2026-11-29"
JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
A = "site_src/moments/2024-05-01-a"
B = "site_src/moments/2024-05-02-b"


def story(body: str = "正文。", *, photo: str = "1.jpg", alt: str = "大堂经理在引导客户",
          extra: str = "", date: str = "2024-05-01") -> str:
    """A story's index.md: one photo in the front matter, the given body."""
    return (f"---\ntitle: 好故事\ndate: {date}\noutlet: qianmen\n{extra}photos:\n"
            f"  - file: {photo}\n    caption: 大堂\n    alt: {alt}\n---\n{body}\n")


def base(**files: str | bytes) -> dict[str, str | bytes]:
    """Two good stories and a home page, with `files` on top (an empty text removes a file)."""
    tree: dict[str, str | bytes] = {
        "culture.yml": SETTINGS, "site_src/index.md": "# 首页\n",
        f"{A}/index.md": story(), f"{A}/1.jpg": JPEG,
        f"{B}/index.md": story(date="2024-05-02"), f"{B}/1.jpg": JPEG,
    }
    tree.update(files)
    return {name: data for name, data in tree.items() if data != ""}


def png_header(width: int, height: int) -> bytes:
    """The first chunks of a PNG of the given size with a tiny, valid image stream."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


NOISY = Image.effect_noise((400, 300), 60).convert("RGB")
NOISY_JPEG = encode(NOISY, "JPEG")
PROGRESSIVE = encode(NOISY, "JPEG", progressive=True)
NOISY_WEBP = encode(NOISY, "WEBP")


def damaged_png() -> bytes:
    """A PNG whose image data has 50 bytes flipped (its checksum no longer matches)."""
    data = bytearray(encode(NOISY, "PNG"))
    start = data.find(b"IDAT") + 4
    data[start + 10:start + 60] = bytes(b ^ 0xFF for b in data[start + 10:start + 60])
    return bytes(data)


def body(text: str) -> dict[str, str | bytes]:
    """The base project with story A's body replaced."""
    return base(**{f"{A}/index.md": story(text)})


CASES: dict[str, tuple[dict[str, str | bytes], bool]] = {  # name -> (files, the build fails)
    # links
    "link-to-a-video": (body("[活动视频](a.mp4)"), True),
    "link-to-the-original-photo": (body("![大堂](1.jpg)\n\n[看大图](1.jpg)"), True),
    "link-to-a-missing-story-md": (body("[另一篇](../2024-05-09-x/index.md)"), True),
    "link-to-a-missing-story-folder": (body("[另一篇](../2024-05-09-x/)"), True),
    "link-to-a-draft-story": (base(**{
        f"{A}/index.md": story("[另一篇](../2024-05-02-b/)"),
        f"{B}/index.md": story(extra="draft: true\n", date="2024-05-02")}), True),
    "reference-link-to-a-document": (body("见[制度][r]。\n\n[r]: rules.pdf"), True),
    "html-link-to-a-document": (body('<a href="rules.docx">制度</a>'), True),
    "absolute-link": (body("[瞬间](/moments/)"), True),
    "good-links": (body(
        "[另一篇](../2024-05-02-b/)、[同一篇](../2024-05-02-b/index.md)、"
        "[红黑榜](../../board/)、[首页](../../index.md)、[网点](../../outlets/qianmen/)、"
        "[总行](https://www.icbc.com.cn/)、[邮件](mailto:a@example.com)"), False),
    # anchors: MkDocs does not refuse them; its note is told in Chinese (E290)
    "missing-anchor-on-the-page": (body("## 小节\n\n[回到小节](#nope)"), False),
    "missing-anchor-on-another-story": (body("[另一篇](../2024-05-02-b/index.md#nope)"), False),
    # body images
    "body-image-missing": (body("![柜台](2.jpg)"), True),
    "body-image-from-another-story": (body("![柜台](../2024-05-02-b/1.jpg)"), True),
    "body-image-remote": (body("![柜台](http://example.com/1.jpg)"), True),
    # photos: by their first bytes, or decoded
    "photo-empty": (base(**{f"{A}/1.jpg": b""}), True),
    "photo-is-text": (base(**{f"{A}/1.jpg": "会议记录\n".encode() * 20}), True),
    "photo-is-bmp": (base(**{f"{A}/1.jpg": encode(quadrants(64, 48), "BMP")}), True),
    "photo-png-saved-as-jpg": (base(**{f"{A}/1.jpg": encode(quadrants(64, 48), "PNG")}), False),
    # a decompression bomb: its header alone states too many pixels (E304, without decoding)
    "photo-header-states-400-megapixels": (base(**{f"{A}/1.jpg": png_header(20000, 20000)}), True),
    "photo-jpeg-cut-short": (base(**{f"{A}/1.jpg": NOISY_JPEG[:len(NOISY_JPEG) // 2]}), True),
    "photo-progressive-jpeg-cut-short": (base(**{f"{A}/1.jpg": PROGRESSIVE[:len(PROGRESSIVE) // 2]}),
                                         True),
    "photo-webp-cut-short": (base(**{f"{A}/1.jpg": NOISY_WEBP[:len(NOISY_WEBP) * 2 // 3]}), True),
    "photo-png-damaged-inside": (base(**{f"{A}/1.jpg": damaged_png()}), True),
    "photo-body-image-cut-short": (body("![柜台](2.jpg)")
                                   | {f"{A}/2.jpg": NOISY_JPEG[:len(NOISY_JPEG) - 200]}, True),
    "photo-jpeg-with-bytes-after-its-end": (base(**{f"{A}/1.jpg": NOISY_JPEG + b"\0" * 5000}), False),
    # a name unzipped by an old tool (GBK bytes): the build never reads it (E612)
    "photo-name-in-gbk": (base(**{f"{A}/" + "照片.jpg".encode("gbk").decode("utf-8", "surrogateescape"):
                                  JPEG}), True),
    # front matter
    "emphasis-5000-a-side": (body("*" * 5000 + "重点" + "*" * 5000), True),
    "emphasis-at-the-limit-and-a-blank": (body("*" * 50 + "重点" + "*" * 50 + "\n\n姓名：" + "_" * 40), False),
    "front-matter-unclosed": (base(**{f"{A}/index.md": "---\ntitle: 甲\n\n正文\n"}), True),
    "front-matter-bad-date": (base(**{f"{A}/index.md": story(date="2024-13-01")}), True),
    "photo-without-alt-is-a-warning": (base(**{f"{A}/index.md": story(alt='""')}), True),
    # hand-written pages
    "home-links-a-missing-section": (base(**{
        "site_src/index.md": "# 首页\n\n[瞬间](moment/index.md)\n"}), True),
    "intro-links-its-original-photo": (base(**{
        "site_src/moments/index.md": "![横幅](banner.jpg)\n\n[大图](banner.jpg)\n",
        "site_src/moments/banner.jpg": JPEG}), True),
    "intro-with-good-links": (base(**{
        "site_src/moments/index.md": "看[红黑榜](../board/)和[这一篇](2024-05-02-b/)。\n"}), False),
    "intro-sets-draft": (base(**{"site_src/moments/index.md": "---\ndraft: true\n---\n介绍\n"}), True),
}

PROBLEM = re.compile(r"^\S+:\d+: E\d{3} .+ — .+$")


def check(root: Path, *args: str) -> tuple[int, list[str]]:
    """Run `culture check` on `root`; return its exit code and its problem lines."""
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args],
                                env={"CULTURE_TODAY": TODAY})
    return result.exit_code, [line for line in result.output.splitlines() if PROBLEM.match(line)]


@pytest.mark.parametrize("name", CASES)
def test_check_fails_exactly_when_the_strict_build_fails(tmp_path, name):
    files, fails = CASES[name]
    write_tree(tmp_path, files)
    code, lines = check(tmp_path)
    strict_code, _ = check(tmp_path, "--strict")
    build = mkdocs_build(tmp_path, "--site-dir", str(tmp_path / "out"), today=TODAY)
    log = build.stdout + build.stderr
    assert (build.returncode != 0) == fails, log
    assert (strict_code != 0) == fails, lines
    assert bool(lines) == fails, lines  # plain check names every problem a strict build has
    assert code == (1 if any(not _warning(line) for line in lines) else 0)
    assert [line for line in lines if line not in log] == []  # the build says the same
    assert "Doc file" not in log and "Aborted with" not in log, log  # no English from MkDocs


def _warning(line: str) -> bool:
    """Whether a problem line is a warning (fails only strict checks and publishing)."""
    from gallery.problems import WARNINGS

    return line.split(": ", 1)[1].split(" ", 1)[0] in WARNINGS


TAKEN_DOWN = base(**{  # every page that links to story B, which is taken down
    f"{A}/index.md": story("看[另一篇](../2024-05-02-b/)和[同一篇](../2024-05-02-b/index.md#x)，"
                           "还有[引用][b]和<a href=\"../2024-05-02-b/\">网页链接</a>。"
                           "[首页](../../index.md)照常。\n\n[b]: ../2024-05-02-b/"),
    "site_src/index.md": "# 首页\n\n推荐[这一篇](moments/2024-05-02-b/)。\n",
    "site_src/moments/index.md": "介绍[这一篇](2024-05-02-b/index.md)。\n",
})


def test_links_to_a_story_taken_down_are_plain_text_in_check_and_build(tmp_path, monkeypatch):
    from gallery.content.withdrawn import WITHDRAWN_ENV

    write_tree(tmp_path, TAKEN_DOWN)
    listed = tmp_path.parent / f"{tmp_path.name}-takedown.json"
    listed.write_text('[{"story": "moments/2024-05-02-b"}]', "utf-8")
    monkeypatch.setenv(WITHDRAWN_ENV, str(listed))
    assert check(tmp_path, "--strict") == (0, [])
    build = mkdocs_build(tmp_path, "--site-dir", str(tmp_path / "out"), today=TODAY)
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    assert "Doc file" not in log and "E29" not in log, log
    out = tmp_path / "out"
    assert not (out / "moments/2024-05-02-b").exists()
    page = (out / "moments/2024-05-01-a/index.html").read_text("utf-8")
    for text in ("另一篇", "同一篇", "引用", "网页链接"):
        assert f'<span class="culture-unlinked">{text}</span>' in page, text
    assert "2024-05-02-b" not in page
    assert re.search(r'<a href="\.\./\.\./"[^>]*>首页</a>', page)  # other links stay
    assert '<span class="culture-unlinked">这一篇</span>' in (out / "index.html").read_text("utf-8")
    intro = (out / "moments/index.html").read_text("utf-8")
    assert '<span class="culture-unlinked">这一篇</span>' in intro
    assert "2024-05-02-b/" not in intro
    said = sorted(re.findall(r"(site_src/\S+:\d+): 链接“([^”]+)”指向已下架的故事，已改为普通文字", log))
    assert said == sorted([(f"{A}/index.md:10", "../2024-05-02-b/"),  # markdown, html
                    (f"{A}/index.md:10", "../2024-05-02-b/"),
                    (f"{A}/index.md:10", "../2024-05-02-b/index.md#x"),
                    (f"{A}/index.md:12", "../2024-05-02-b/"),
                    ("site_src/index.md:3", "moments/2024-05-02-b/"),
                    ("site_src/moments/index.md:1", "2024-05-02-b/index.md")]), log
