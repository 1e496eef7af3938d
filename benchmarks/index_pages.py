"""How heavy the gallery index pages get: moments and the outlet, tag and campaign pages.

Renders every generated page for a synthetic site of N stories, all of them moments with a
cover photo drawn with the real <picture> markup (four widths, WebP and JPEG, a placeholder):
the heaviest case for these pages. Prints how many gallery index pages there are and the
largest ones, in bytes of the page content (Material's header, tabs and footer add about
19 KB around it). Pure Python, no MkDocs, no photos. Run against an older checkout with
PYTHONPATH=<checkout> to compare.

    .venv/bin/python benchmarks/index_pages.py [--stories 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt

from gallery.content import model
from gallery.content.settings import Campaign
from gallery.intranet import generate as intranet
from gallery.photos.cache import Derived, Variant
from gallery.photos.markup import picture_html

OUTLETS = (model.Outlet("qianmen", "前门支行"), model.Outlet("tianqiao", "天桥支行"))
GALLERY = ("moments/", "outlets/", "tags/", "campaigns/")


def synthetic(n: int) -> model.Site:
    """n moments over four years and two outlets, 12 tags (every fifth also 口碑), one photo."""
    cover = model.Photo("1.jpg", None, caption="照片说明",
                        alt="教室里坐着十几位白发老人，前方屏幕写着“手机银行小课堂”")
    stories = tuple(model.Moment(
        section="moments", slug=f"2020-01-01-s{i:04d}", source=None,
        title=f"第 {i} 个服务精彩瞬间：大堂经理为客户服务",
        date=dt.date(2017, 1, 1) + dt.timedelta(days=i % 1460), outlet=OUTLETS[i % 2].id,
        tags=(f"标签{i % 12}", "口碑") if i % 5 == 0 else (f"标签{i % 12}",),
        photos=(cover,), cover=cover) for i in range(n))
    return model.Site(stories, OUTLETS, dt.date(2021, 1, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    n = parser.parse_args().stories
    variants = tuple(Variant(w, w * 2 // 3, f, f"photos/ab/{'ab12' * 5}-{w}.{'jpg' if f == 'jpeg' else f}")
                     for w in (480, 960, 1600, 1800) for f in ("jpeg", "webp"))
    derived = Derived("ab12" * 5, 1800, 1200, variants, "#a2958b",
                      "data:image/webp;base64," + "A" * 120, True)
    settings = type("S", (), {"campaigns": (Campaign(
        "kou-bei", "口碑", "服务口碑新变化", dt.date(2020, 5, 1), dt.date(2020, 6, 30), "口碑"),)})()
    pages = intranet.generated_pages(synthetic(n), settings, (),  # type: ignore[arg-type]
                                     lambda s, p, role: picture_html(derived, p, role), {})
    sizes = {u: len(t.encode()) for u, t in pages.items() if u.startswith(GALLERY)}
    print(f"{n:,} stories: {len(sizes)} gallery index pages")
    for uri, size in sorted(sizes.items(), key=lambda item: -item[1])[:4]:
        print(f"  {size:>11,} bytes  {uri}")


if __name__ == "__main__":
    main()
