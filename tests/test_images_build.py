"""Real `mkdocs build --strict` runs of tiny projects with photos."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from imaging import encode, jpeg_with_orientation, quadrants
from PIL import Image
from selectolax.lexbor import LexborHTMLParser
from support import SETTINGS, approval, site_config, write_tree

STORY = "site_src/moments/2024-05-01-nuan-xin-fu-wu"
PAGE = "site/moments/2024-05-01-nuan-xin-fu-wu/index.html"
IMAGES = "images:\n  widths: [160, 320]\n"
OFF_SITE = ("http:", "https:", "//")

pytestmark = pytest.mark.slow


def story(photos: list[tuple[str, str]], title: str = "暖心服务") -> str:
    """A moments story whose photos are (file, caption) pairs."""
    items = "".join(f"  - file: {f}\n    caption: {json.dumps(c, ensure_ascii=False)}\n"
                    f"    alt: {json.dumps(c + '的照片', ensure_ascii=False)}\n" for f, c in photos)
    return (f"---\ntitle: {title}\noutlet: qianmen\ndate: 2024-05-01\naudience: public\n"
            f"{approval('public')}photos:\n{items}---\n大堂经理主动上前。\n")


def make_site(root: Path, files: dict[str, str | bytes], settings: str = SETTINGS + IMAGES) -> Path:
    write_tree(root, {"culture.yml": settings, **files})
    site_config(root)
    return root


def build(root: Path, *options: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, or with other options (`--dirty` cannot be strict)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(options or ["--strict"])],
                          cwd=root, env=env, check=False, capture_output=True, text=True, timeout=300)


def photo_files(root: Path) -> set[str]:
    return {p.relative_to(root / "site").as_posix() for p in (root / "site/photos").rglob("*")
            if p.is_file()}


def page(root: Path, path: str = PAGE) -> LexborHTMLParser:
    return LexborHTMLParser((root / path).read_text("utf-8"))


def resolve(root: Path, page_path: str, url: str) -> Path:
    return ((root / page_path).parent / url).resolve()


def test_build_writes_pictures_and_never_an_original(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 0.0)})
    rotated = quadrants(640, 480).transpose(Image.Transpose.ROTATE_90)
    files = {f"{STORY}/index.md": story([("1.jpg", "老人<办理>业务"), ("2.png", "大堂")]),
             f"{STORY}/1.jpg": encode(rotated, "JPEG", exif=exif.tobytes()),
             f"{STORY}/2.png": encode(quadrants(300, 200), "PNG"),
             "site_src/pioneer-posts/zhang-ming/index.md": PIONEER,
             "site_src/pioneer-posts/zhang-ming/portrait.jpg": encode(quadrants(300, 400), "JPEG")}
    root = make_site(tmp_path, files)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "照片：共 3 张，新生成 3 张" in result.stderr

    init = page(root).css_first("script#init-glightbox").text()
    assert '"touchNavigation": true' in init  # swipe between photos on phones and tablets
    figures = page(root).css("div.culture-photos > figure.culture-photo")
    assert len(figures) == 2
    first = figures[0]
    assert first.css_first("figcaption").text() == "老人<办理>业务"
    link = first.css_first("a.glightbox")
    assert resolve(root, PAGE, link.attributes["href"]).is_file()
    img = first.css_first("picture > img")
    assert (img.attributes["width"], img.attributes["height"]) == ("320", "240")  # upright
    assert img.attributes["loading"] == "lazy" and img.attributes["decoding"] == "async"
    assert img.attributes["alt"] == "老人<办理>业务的照片"
    webp = first.css_first("picture > source[type='image/webp']").attributes["srcset"]
    for srcset in (webp, img.attributes["srcset"]):
        for candidate in srcset.split(", "):
            url, width = candidate.split(" ")
            shown = Image.open(resolve(root, PAGE, url))
            assert f"{shown.width}w" == width and shown.height == shown.width * 3 // 4

    portrait = page(root, "site/pioneer-posts/zhang-ming/index.html").css_first(
        ".culture-portrait picture > img")
    assert resolve(root, "site/pioneer-posts/zhang-ming/index.html",
                   portrait.attributes["src"]).is_file()
    card = page(root, "site/moments/index.html").css_first("a.culture-card picture > img")
    assert resolve(root, "site/moments/index.html", card.attributes["src"]).is_file()
    assert_no_originals(root)
    assert_nothing_off_site(root)


PIONEER = """\
---
member: 张明
post: 大堂经理
outlet: qianmen
portrait: portrait.jpg
pledge: 首问负责，一次办好
member_since: 2008
---
"""


def assert_no_originals(root: Path) -> None:
    """No file in site/ has an original's name or bytes."""
    originals = [p for p in (root / "site_src").rglob("*") if p.is_file() and p.suffix != ".md"
                 and "assets" not in p.parts]
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in originals}
    names = {p.name for p in originals}
    for file in (root / "site").rglob("*"):
        if file.is_file():
            assert file.name not in names, file
            assert hashlib.sha256(file.read_bytes()).hexdigest() not in digests, file


def assert_nothing_off_site(root: Path) -> None:
    """Pages request nothing outside the site: scripts, styles, images all local."""
    lightbox = root / "site/assets/javascripts/glightbox.min.js"
    assert lightbox.is_file() and (root / "site/assets/stylesheets/glightbox.min.css").is_file()
    for html in (root / "site").rglob("*.html"):
        tree = LexborHTMLParser(html.read_text("utf-8"))
        urls = [n.attributes.get("src") or "" for n in tree.css("script, img, iframe, video")]
        urls += [n.attributes.get("href") or "" for n in tree.css("link")]
        urls += [c.split(" ")[0] for n in tree.css("source, img")
                 for c in (n.attributes.get("srcset") or "").split(", ") if c]
        assert not [u for u in urls if u.startswith(OFF_SITE)], (html, urls)
        scripts = [n.attributes.get("src") for n in tree.css("script[src]")]
        if html.name == "index.html" and "2024-05-01" in html.parent.name:
            assert any(s.endswith("assets/javascripts/glightbox.min.js") for s in scripts)


def test_replaced_and_deleted_photos_leave_the_site(tmp_path):
    files = {f"{STORY}/index.md": story([("1.jpg", "一"), ("2.jpg", "二")]),
             f"{STORY}/1.jpg": encode(quadrants(400, 300), "JPEG"),
             f"{STORY}/2.jpg": encode(quadrants(300, 300), "JPEG")}
    root = make_site(tmp_path, files)
    assert build(root).returncode == 0
    first = photo_files(root)
    # WebP at 160 and 320 px, one JPEG (at 320; 300 for 2.jpg), the lobby screens' backdrop
    per_photo = 3 + 1
    assert len(first) == 2 * per_photo

    (root / STORY / "1.jpg").write_bytes(jpeg_with_orientation(quadrants(400, 300), 3))
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "新生成 1 张，使用缓存 1 张" in result.stderr  # only the replaced one is decoded
    second = photo_files(root)
    assert len(second) == 2 * per_photo and len(first & second) == per_photo  # photo 2 kept

    (root / STORY / "index.md").write_text(story([("1.jpg", "一")]), "utf-8")
    (root / STORY / "2.jpg").unlink()
    assert build(root).returncode == 0
    third = photo_files(root)
    assert third == second - first and len(third) == per_photo  # photo 2's files are gone

    (root / STORY / "1.jpg").write_bytes(encode(quadrants(200, 100), "JPEG"))
    assert build(root, "--dirty").returncode == 0  # --dirty keeps old files: pruned anyway
    # (MkDocs itself warns about --dirty, so this build cannot be --strict)
    fourth = photo_files(root)
    assert len(fourth) == per_photo and not fourth & third


def test_three_broken_photos_among_twenty_fail_the_build_together(tmp_path):
    good = [(f"{i:02}.jpg", f"第{i}张") for i in range(20)]
    broken = [("empty.jpg", "空"), ("cut.jpg", "半张"), ("notes.jpg", "不是照片")]
    cut = encode(Image.effect_noise((300, 200), 60).convert("RGB"), "JPEG")
    files = {f"{STORY}/index.md": story(good + broken),
             **{f"{STORY}/{f}": encode(quadrants(200 + i, 150), "JPEG") for i, (f, _) in
                enumerate(good)},
             f"{STORY}/empty.jpg": b"", f"{STORY}/cut.jpg": cut[: len(cut) // 2],
             f"{STORY}/notes.jpg": "这是会议记录".encode() * 20}
    root = make_site(tmp_path, files)
    result = build(root)
    assert result.returncode != 0
    errors = sorted(line.split("culture: ", 1)[1] for line in result.stderr.splitlines()
                    if "culture: " in line and " E3" in line)
    assert errors == [
        f"{STORY}/cut.jpg:1: E305 照片文件不完整，可能没有复制或下载完 — 重新从相机或手机复制这张照片",
        f"{STORY}/empty.jpg:1: E301 照片文件是空的（0 字节） — 重新从相机或手机导出这张照片，再放进故事目录",
        (f"{STORY}/notes.jpg:1: E302 文件“notes.jpg”不是照片，无法识别为图片 — "
        "换成 JPEG、PNG、HEIC、WebP、TIFF 或 GIF 格式的照片"),
    ]
    assert "内容有 3 个错误，网站未生成" in result.stdout + result.stderr
    assert len(list((root / ".cache/photos").glob("*/*.json"))) == 20  # the 20 were made

    (root / "culture.yml").write_text(SETTINGS + IMAGES + "  skip_broken: true\n", "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "新生成 0 张，使用缓存 20 张，有问题 3 张" in result.stderr
    assert result.stderr.count("已跳过损坏的照片") == 3
    assert len(photo_files(root)) == 20 * (3 + 1)  # WebP at 2 widths, one JPEG, a backdrop
    figures = page(root).css("figure")
    assert len(figures) == 23 and len(page(root).css("figure picture")) == 20


def test_culture_check_with_photos_lists_broken_photos(tmp_path):
    from click.testing import CliRunner

    from gallery.cli import main

    files = {f"{STORY}/index.md": story([("1.jpg", "好"), ("2.jpg", "坏")]),
             f"{STORY}/1.jpg": encode(quadrants(400, 300), "JPEG"), f"{STORY}/2.jpg": b""}
    root = make_site(tmp_path, files)
    plain = CliRunner().invoke(main, ["check", "--root", str(root)])
    # plain check looks at each photo's first bytes: an empty file is found without decoding
    assert plain.exit_code == 1 and "2.jpg:1: E301 照片文件是空的（0 字节）" in plain.output
    result = CliRunner().invoke(main, ["check", "--photos", "--root", str(root)])
    assert result.exit_code == 1
    summary, *rest = result.output.splitlines()
    assert summary.startswith("照片：共 2 张，新生成 1 张，使用缓存 0 张，有问题 1 张，用时 ")
    assert rest == [
        f"{STORY}/2.jpg:1: E301 照片文件是空的（0 字节） — 重新从相机或手机导出这张照片，再放进故事目录",
        "检查完成：1 篇故事，1 个错误，0 个警告。",
    ]
    assert len(list((root / ".cache/photos").glob("*/*.json"))) == 1  # the good one is cached
