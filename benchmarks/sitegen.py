"""Generated sites for the build benchmarks: N moments of about 800 Chinese characters and one
photo each, as our project, as bare Material (same Markdown, stories out of nav) and as a
project Zensical builds (the bare one: Zensical reads mkdocs.yml).

Photos come from a pool (default 200 photos of 4000×3000, about 2 MB each, hard-linked into the
stories as staff's real photos would weigh) or are all distinct (`distinct=True`: one photo per
story, 1600×1200 by default so that a cold build of thousands stays affordable). Photos are made
once per folder and size and reused by later calls (`photo_folder`). Everything is seeded: the
same arguments give the same bytes.

Importable (other benchmarks reuse it):

    from sitegen import Spec, our_project, bare_project, edit_story
    spec = Spec(count=1000)
    ours = our_project(Path("/tmp/x/ours"), spec)
    bare = bare_project(Path("/tmp/x/bare"), spec)
    edit_story(ours, 17)          # one story's body changed, as staff would

and a command:

    .venv/bin/python benchmarks/sitegen.py OUT -n 1000 [--distinct] [--bare] [--pool 200]
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "culture.yml", "hooks", "overrides")
OUTLETS = ("zhushikou", "qianmen", "tianqiao")
SENTENCES = (
    "大堂经理主动迎上前去，耐心询问老人需要办理的业务，帮助他填写单据、核对信息。",
    "客户为尊，服务如意；员工为本，诚信如一。",
    "首问负责，一次办好，这是网点每一位员工对客户的承诺。",
    "遇到行动不便的老人，网点安排专人陪同办理，直到业务办完才放心离开。",
    "柜员结合真实案例讲解防范电信网络诈骗的常识，让客户放心、安心、舒心。",
    "晨会上，网点负责人复盘了前一天的客户等候时间，并调整了窗口的排班。",
    "一位外籍客户来兑换外币，员工用英语耐心讲解所需证件和办理流程。",
    "暴雨天里，保安师傅撑着伞把客户一一送到路边，客户连声道谢。",
    "二线服务一线、全行服务客户，后台同事主动下沉大堂协助分流。",
    "手机银行课堂开进社区，街坊们拿着手机一步一步跟着学，学会了就笑着点头。",
    "客户反映自助机吞卡，值班经理十分钟内赶到现场，当天就把卡片交还客户。",
    "这件小事让大家明白：服务没有小事，每一次微笑都是网点的名片。",
    "年终的客户满意度调查中，这个网点的好评率比上一年又提高了两个百分点。",
    "新员工入职第一课，就是跟着老员工在大堂站一天，看他们怎样接待客户。",
    "为了方便附近的商户，网点在月末延长了对公业务的办理时间。",
    "一位大爷说：“这课讲得明白，回去我得给老伴儿再讲一遍。”",
)
STORY_CHARS = 800


@dataclass(frozen=True)
class Spec:
    """What to generate: how many stories, and their photos."""

    count: int = 1000
    distinct: bool = False  # one photo per story instead of a pool
    pool: int = 200  # photos in the pool (pool mode)
    size: tuple[int, int] | None = None  # photo pixels; default 4000×3000 (pool), 1600×1200
    seed: int = 7

    def photo_size(self) -> tuple[int, int]:
        """The pixel size of every photo."""
        return self.size or ((1600, 1200) if self.distinct else (4000, 3000))

    def photos(self) -> int:
        """How many distinct photo files the site uses."""
        return self.count if self.distinct else min(self.pool, self.count)


def photo_folder(base: Path, spec: Spec) -> list[Path]:
    """The site's distinct photos, made into `base` once (reused when already there)."""
    width, height = spec.photo_size()
    folder = base / f"photos-{width}x{height}-seed{spec.seed}"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [folder / f"{i:05d}.jpg" for i in range(spec.photos())]
    for i, path in enumerate(wanted):
        if not path.exists():
            make_photo(path, (width, height), spec.seed * 100_003 + i)
    return wanted


def make_photo(path: Path, size: tuple[int, int], seed: int) -> None:
    """A JPEG that weighs like a camera photo: a shared textured base (made once per size)
    under shapes of this photo's own, so that no two photos share their bytes."""
    rng = random.Random(seed)
    image = _base(size).copy()
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(width // 40, width // 8)
        draw.rectangle((x - r, y - r, x + r, y + r // 2), fill=_colour(rng))
    tmp = path.with_suffix(".tmp")
    image.save(tmp, "JPEG", quality=90)
    os.replace(tmp, path)


@functools.cache
def _base(size: tuple[int, int]) -> Image.Image:
    """Soft shapes and sensor-like noise, the bulk of a photo's bytes."""
    rng = random.Random(size[0])
    width, height = size
    small = Image.new("RGB", (width // 8, height // 8), _colour(rng))
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y = rng.randrange(width // 8), rng.randrange(height // 8)
        r = rng.randrange(8, max(9, width // 40))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_colour(rng))
    image = small.resize(size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise(size, 32).convert("RGB")
    return Image.blend(image, noise, 0.15)


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def story_text(i: int, seed: int = 7, extra: str = "") -> str:
    """About STORY_CHARS Chinese characters in four or five paragraphs, different per story."""
    rng = random.Random(seed * 1_000_003 + i)
    paragraphs: list[str] = []
    total = 0
    while total < STORY_CHARS:
        paragraph = "".join(rng.choice(SENTENCES) for _ in range(rng.randrange(2, 5)))
        paragraph = f"第{i}篇故事里，" + paragraph if not paragraphs else paragraph
        paragraphs.append(paragraph)
        total += len(paragraph)
    if extra:
        paragraphs.append(extra)
    return "\n\n".join(paragraphs)


def day_of(i: int) -> str:
    """A story's date, spread over nine years."""
    return f"20{17 + i % 9:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"


def slug_of(i: int) -> str:
    """A story's folder name under site_src/moments/."""
    return f"{day_of(i)}-story-{i}"


def front_matter(i: int) -> str:
    """Our moments' front matter for story i (also kept, as metadata, by bare Material)."""
    return (f"---\ntitle: 服务故事第{i}篇\ndate: {day_of(i)}\noutlet: {OUTLETS[i % 3]}\n"
            f"summary: 第{i}篇服务故事的摘要\ntags: [暖心服务, 标签{i % 12}]\n"
            f"photos:\n  - file: 1.jpg\n    caption: 说明{i}\n    alt: 大堂里的服务场景{i}\n---\n\n")


def _fill(stories: Path, spec: Spec, photos: list[Path], bare: bool) -> None:
    for i in range(spec.count):
        folder = stories / slug_of(i)
        folder.mkdir(parents=True, exist_ok=True)
        os.link(photos[i % len(photos)], folder / "1.jpg")
        (folder / "index.md").write_text(_story(i, spec, bare), "utf-8")


def _story(i: int, spec: Spec, bare: bool, extra: str = "") -> str:
    body = story_text(i, spec.seed, extra)
    if bare:  # the same Markdown; the photo as Markdown, since no hook draws it
        return f"{front_matter(i)}# 服务故事第{i}篇\n\n![大堂里的服务场景{i}](1.jpg)\n\n{body}\n"
    return f"{front_matter(i)}{body}\n"


def our_project(where: Path, spec: Spec, checkout: Path = REPO,
                photos_base: Path | None = None) -> Path:
    """Our project of `spec.count` moments beside a copy of the checkout's configuration."""
    where.mkdir(parents=True)
    for name in COPIED:
        source = checkout / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / name)
    photos = photo_folder(photos_base or where.parent, spec)
    _fill(where / "site_src" / "moments", spec, photos, bare=False)
    (where / "site_src" / "index.md").write_text("---\ntitle: 首页\n---\n\n# 首页\n", "utf-8")
    return where


BARE_CONFIG = """site_name: 珠市口支行服务文化展
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
plugins:
  - search:
      lang: zh
not_in_nav: |
  /moments/*/index.md
nav:
  - 首页: index.md
  - 服务精彩瞬间: moments/index.md
"""


def bare_project(where: Path, spec: Spec, photos_base: Path | None = None) -> Path:
    """The same stories for bare Material: its search (jieba for zh), no hooks, stories out of
    nav and a hand-written moments page; each photo published as it is."""
    where.mkdir(parents=True)
    (where / "mkdocs.yml").write_text(BARE_CONFIG, "utf-8")
    docs = where / "docs"
    photos = photo_folder(photos_base or where.parent, spec)
    _fill(docs / "moments", spec, photos, bare=True)
    (docs / "index.md").write_text("# 首页\n", "utf-8")
    (docs / "moments" / "index.md").write_text("# 服务精彩瞬间\n", "utf-8")
    return where


def edit_story(project: Path, i: int, spec: Spec | None = None, stamp: str = "修改") -> Path:
    """Change story i's body as staff would (a sentence added); return its file."""
    spec = spec or Spec()
    bare = (project / "docs").is_dir()
    page = project / ("docs" if bare else "site_src") / "moments" / slug_of(i) / "index.md"
    page.write_text(_story(i, spec, bare, extra=f"（{stamp}：补充了一句说明。）"), "utf-8")
    return page


def main() -> None:
    """Write one generated project."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the project folder to create (must not exist)")
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--distinct", action="store_true", help="one photo per story")
    parser.add_argument("--pool", type=int, default=200)
    parser.add_argument("--bare", action="store_true", help="bare Material instead of ours")
    parser.add_argument("--photos", type=Path, help="where photos are made and kept")
    args = parser.parse_args()
    spec = Spec(args.count, args.distinct, args.pool)
    make = bare_project if args.bare else our_project
    make(args.out.resolve(), spec, photos_base=args.photos)
    print(args.out)


if __name__ == "__main__":
    main()
