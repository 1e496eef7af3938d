"""The committed demo site: valid, complete enough to convince, and photos that look like photos."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat

from gallery.cli import main
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.project import load_project

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "site_src"
SCRIPTS = ROOT / "scripts"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".tif", ".tiff"}
BUDGET = 15 * 1024 * 1024
FRAUD = "防范电信网络诈骗"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo():
    """The demo project, loaded and validated once."""
    return load_project(ROOT)


def all_images() -> list[Path]:
    """Every image file under site_src/ (the budget covers them all)."""
    return sorted(p for p in DOCS.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def demo_images() -> list[Path]:
    """The photos of the stories: images inside the four section folders."""
    return [p for p in all_images() if p.relative_to(DOCS).parts[0] in SECTIONS]


def stories(demo, section: str) -> list[model.Story]:
    """The demo's stories of one section."""
    return [s for s in demo.site.stories if s.section == section]


# ---- validity ---------------------------------------------------------------------------


def test_culture_check_strict_passes_with_no_problem_lines():
    result = CliRunner().invoke(main, ["check", "--strict", "--root", str(ROOT)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 0, result.output
    assert len(lines) == 1 and lines[0].startswith("检查完成："), lines
    assert "0 个错误，0 个警告" in lines[0]


def test_every_demo_story_loads_and_is_visible_today(demo):
    indexes = [p for section in SECTIONS for p in DOCS.glob(f"{section}/*/index.md")]
    assert len(demo.site.stories) == len(indexes)
    assert not [s.slug for s in demo.site.stories if not s.visible_on(demo.site.today)]


# ---- content ----------------------------------------------------------------------------


def test_culture_wall_has_ideas_rules_and_exemplars_with_photos(demo):
    wall = stories(demo, "culture-wall")
    kinds = {k: [s for s in wall if s.kind == k] for k in ("idea", "rule", "exemplar")}
    assert len(kinds["idea"]) >= 4 and len(kinds["rule"]) >= 4
    assert len(kinds["exemplar"]) >= 2
    assert all(len(s.photos) >= 2 for s in kinds["exemplar"])
    titles = " ".join(s.title for s in wall)
    for phrase in ("客户为尊", "二线服务一线", "以客户为中心", "四个银行", "首问负责制", "投诉"):
        assert phrase in titles, phrase
    accountability = [s for s in wall if "问责" in s.title]
    assert accountability and all(not s.is_public for s in accountability)
    assert any(s.is_public for s in wall) and any(not s.is_public for s in wall)


def test_at_least_three_public_pioneer_posts_with_every_field(demo):
    posts = stories(demo, "pioneer-posts")
    assert len(posts) >= 3
    for post in posts:
        assert post.is_public
        assert post.member and post.post and post.pledge and post.motto
        assert post.outlet in {"zhushikou", "qianmen", "tianqiao"}
        assert 1921 <= post.member_since <= demo.site.today.year
        with Image.open(post.portrait.source) as im:
            assert im.height > im.width  # a portrait is portrait-oriented


def test_moments_span_outlets_and_years_with_captioned_photos(demo):
    moments = stories(demo, "moments")
    assert len(moments) >= 6
    assert {m.outlet for m in moments} == {"zhushikou", "qianmen", "tianqiao"}
    assert {m.date.year for m in moments} >= {2024, 2025, 2026}
    for m in moments:
        assert 2 <= len(m.photos) <= 4, m.slug
        assert all(p.caption and p.alt for p in m.photos), m.slug
        assert m.tags, m.slug
    internal = [m for m in moments if not m.is_public]
    assert internal
    assert len(moments) - len(internal) >= 5


def test_talk_articles_have_author_summary_and_several_paragraphs(demo):
    articles = stories(demo, "talk")
    assert len(articles) >= 2
    for a in articles:
        paragraphs = [p for p in re.split(r"\n\s*\n", a.body.strip()) if p.strip()]
        assert a.author and a.summary and len(paragraphs) >= 4, a.slug


def test_fraud_phrase_is_in_exactly_one_moment_body_inside_a_sentence(demo):
    holders = [s for s in demo.site.stories if FRAUD in s.body]
    # The search test relies on exactly one page holding the phrase, mid-sentence.
    assert [s.section for s in holders] == ["moments"], [s.source for s in holders]
    story = holders[0]
    front = [
        story.title,
        getattr(story, "summary", ""),
        *story.tags,
        *(p.caption + p.alt for p in story.photos),
    ]
    assert not any(FRAUD in text for text in front)
    at = story.body.index(FRAUD)
    before, after = story.body[at - 1], story.body[at + len(FRAUD)]
    assert CJK.match(before) and CJK.match(after), (before, after)


def test_home_page_introduces_the_sub_branch_and_links_every_section():
    text = (DOCS / "index.md").read_text("utf-8")
    for fact in ("337", "41", "前门", "15 分钟", "95588"):
        assert fact in text, fact
    for section in ("culture-wall", "pioneer-posts", "moments", "talk"):
        assert f"]({section}/index.md)" in text, section


# ---- images -----------------------------------------------------------------------------


def test_all_demo_images_fit_the_budget():
    total = sum(p.stat().st_size for p in all_images())
    assert 0 < total < BUDGET, f"{total / 1024 / 1024:.1f} MB"


def photo_metrics(im: Image.Image) -> tuple[int, float, float]:
    """Distinct colours and luminance entropy of a 600 px thumbnail, and its fine detail
    (mean difference from a blurred copy: grain and edges that flat fills lack)."""
    im = ImageOps.exif_transpose(im).convert("RGB")
    im.thumbnail((600, 600))
    colours = len(im.getcolors(im.width * im.height))
    hist = im.convert("L").histogram()
    n = sum(hist)
    entropy = -sum(c / n * math.log2(c / n) for c in hist if c)
    grey = im.convert("L")
    detail = ImageStat.Stat(ImageChops.difference(grey, grey.filter(ImageFilter.BoxBlur(2)))).mean[
        0
    ]
    return colours, entropy, detail


def looks_like_a_photo(im: Image.Image) -> bool:
    """Many colours, a spread-out histogram and fine detail: what flat fills never have."""
    colours, entropy, detail = photo_metrics(im)
    return colours > 8000 and entropy > 5.5 and detail > 1.5


def test_the_photo_check_rejects_flat_blocks_and_smooth_gradients():
    flat = Image.new("RGB", (1800, 1200), (190, 20, 30))
    ImageDraw.Draw(flat).rectangle((200, 200, 900, 800), fill=(230, 180, 80))
    ramp = Image.linear_gradient("L").resize((1800, 1200))
    gradient = Image.merge("RGB", [ramp, ramp.rotate(90), Image.new("L", ramp.size, 90)])
    assert not looks_like_a_photo(flat)
    assert not looks_like_a_photo(gradient)


@pytest.mark.parametrize("path", demo_images(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_each_demo_image_is_photo_like_and_photo_sized(path: Path):
    with Image.open(path) as im:
        assert im.format == "JPEG"
        assert 1600 <= max(im.size) <= 2400, im.size
        assert looks_like_a_photo(im), photo_metrics(im)


def test_demo_photos_exercise_orientation_and_gps_stripping():
    orientations, gps, portrait = [], [], []
    for path in demo_images():
        with Image.open(path) as im:
            exif = im.getexif()
            if exif.get(0x0112, 1) != 1:
                orientations.append(path)
                upright = ImageOps.exif_transpose(im)
                assert upright.size == im.size[::-1]
            if exif.get_ifd(0x8825):
                gps.append(path)
            upright = ImageOps.exif_transpose(im)
            if upright.height > upright.width:
                portrait.append(path)
    assert 1 <= len(orientations) <= 3
    assert gps and len(portrait) >= 4


# ---- the generator script ---------------------------------------------------------------


@pytest.fixture
def generator(monkeypatch):
    """scripts/demo_images.py imported as a module (it is a script, not part of gallery)."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    for name in [n for n in sys.modules if n.startswith("demo_")]:
        monkeypatch.delitem(sys.modules, name)
    import demo_images

    return demo_images


def test_generator_fails_clearly_without_the_chinese_fonts(
    generator, monkeypatch, tmp_path, capsys
):
    import demo_draw

    monkeypatch.setattr(demo_draw, "FONT_DIR", tmp_path / "no-fonts")
    assert generator.main(["--docs", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Missing Chinese fonts" in err and "apt-get install fonts-noto-cjk" in err
    assert not (tmp_path / "out").exists()


def test_generator_covers_every_committed_image_and_reproduces_one(generator, tmp_path):
    import demo_draw

    if not (demo_draw.FONT_DIR / demo_draw.FONT_FILES[("sans", False)]).is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    jobs = generator.all_jobs()
    assert sorted(j.path for j in jobs) == sorted(
        p.relative_to(DOCS).as_posix() for p in demo_images()
    )
    job = next(j for j in jobs if j.path == "pioneer-posts/liu-jing/portrait.jpg")
    generator.run(job, tmp_path)
    with Image.open(tmp_path / job.path) as fresh, Image.open(DOCS / job.path) as committed:
        assert fresh.size == committed.size
        diff = ImageStat.Stat(
            ImageChops.difference(fresh.convert("RGB"), committed.convert("RGB"))
        ).mean
        assert max(diff) < 1.0, diff
