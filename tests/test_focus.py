"""A photo's optional focal point (`focus:`): checked by the engine (E222), and drawn as the
crop's object-position, or as a whole photo (完整, and tall photos without one) on cards and in
the story's photo grid."""

from __future__ import annotations

from pathlib import Path

from gallery.content import model
from gallery.photos.cache import Derived, Variant
from gallery.photos.markup import picture_html
from gallery.project import load_project

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
STORY = """\
---
title: 焦点
date: 2024-05-01
outlet: qianmen
photos:
  - {{file: 1.jpg, caption: 说明, alt: 描述, focus: {value}}}
---
正文
"""


def focus_of(project, value: str) -> tuple[list[str], str | None]:
    root = project({"site_src/moments/2024-05-01-a/index.md": STORY.format(value=value),
                    "site_src/moments/2024-05-01-a/1.jpg": JPEG})
    loaded = load_project(root)
    stories = loaded.site.in_section("moments")
    return [str(p) for p in loaded.problems], (stories[0].photos[0].focus if stories else None)


def test_focus_is_two_percents_or_whole(project):
    assert focus_of(project, '"50% 20%"') == ([], "50% 20%")
    assert focus_of(project, "30% 0%") == ([], "30% 0%")  # as the staff docs write it
    assert focus_of(project, '"0％ 100%"') == ([], "0% 100%")
    assert focus_of(project, "完整") == ([], "contain")


def test_a_wrong_focus_is_told_with_its_line_and_the_fix(project):
    fix = ("写左右、上下两个 0 到 100 的百分数，例如 focus: 50% 20%（左右居中、靠上）；"
           "海报等要完整显示的照片写 focus: 完整")
    for value, shown in (("上方", "上方"), ('"120% 20%"', "120% 20%"), ("50", "50"), ('"50%"', "50%")):
        problems, _ = focus_of(project, value)
        assert problems == [f"site_src/moments/2024-05-01-a/index.md:6: E222 照片焦点“focus: {shown}”写法不对 — {fix}"]


def derived(width: int, height: int) -> Derived:
    variants = tuple(Variant(w, height * w // width, f, f"photos/ab/k-{w}.{'jpg' if f == 'jpeg' else f}")
                     for w in (480, 960) for f in ("jpeg", "webp"))
    return Derived("k", width, height, variants, "#808080", "data:image/webp;base64,AA", True)


def test_focus_and_tall_photos_in_the_markup():
    wide, tall = derived(1600, 900), derived(700, 1000)
    plain = model.Photo("1.jpg", None, alt="a")
    assert "culture-contain" not in picture_html(wide, plain, "card")
    assert 'class="off-glb culture-contain"' in picture_html(tall, plain, "card")
    assert 'class="off-glb culture-contain"' in picture_html(tall, plain, "tile")
    assert "culture-contain" not in picture_html(tall, plain, "portrait")  # a portrait is tall
    focused = model.Photo("1.jpg", None, alt="a", focus="50% 10%")
    html = picture_html(tall, focused, "card")
    assert "culture-contain" not in html and "object-position:50% 10%" in html
    whole = model.Photo("1.jpg", None, alt="a", focus="contain")
    assert 'class="off-glb culture-contain"' in picture_html(wide, whole, "tile")
