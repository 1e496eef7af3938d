"""How the intranet's generated pages scale with the number of stories.

Renders every generated page (designed section indexes, board, morning, outlet, campaign and
tags pages) for synthetic sites of growing size, next to the generic card index of the
foundation, and prints the times side by side. Pure Python: no MkDocs, no images.

    .venv/bin/python benchmarks/intranet_pages.py
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.content.settings import Campaign, Settings
from gallery.intranet import generate as intranet
from gallery.intranet import pages
from gallery.photos.markup import caption_only
from gallery.project import Project

OUTLETS = (model.Outlet("qianmen", "前门支行"), model.Outlet("tianqiao", "天桥支行"),
           model.Outlet("zhushikou", "珠市口支行营业室"))


def synthetic(n: int) -> Project:
    """A project with n stories spread over the sections, outlets and four years."""
    stories = []
    for i in range(n):
        day = dt.date(2017, 1, 1) + dt.timedelta(days=i % 1400)
        common = {"slug": f"s-{i}", "source": Path(f"s-{i}"), "date": day, "outlet": OUTLETS[i % 3].id,
                      "tags": (f"标签{i % 12}", "口碑") if i % 5 == 0 else (f"标签{i % 12}",)}
        kind = i % 5
        if kind == 0:
            stories.append(model.Moment(section="moments", title=f"瞬间{i}", **common))
        elif kind == 1:
            stories.append(model.PioneerPost(section="pioneer-posts", title=f"岗{i}", member=f"党员{i}",
                                             post="大堂经理", portrait=model.Photo("p.jpg", Path("p")),
                                             pledge="一次办好", member_since=2008, **common))
        elif kind == 2:
            stories.append(model.TalkArticle(section="talk", title=f"文章{i}", author=f"作者{i}",
                                             summary="摘要", **common))
        elif kind == 3:
            stories.append(model.CultureItem(section="culture-wall", title=f"制度{i}",
                                             kind=("idea", "rule", "exemplar")[i % 3], **common))
        else:
            stories.append(model.MorningItem(section="morning", title=f"晨会{i}",
                                             kind=("rule", "case")[i % 2], **common))
    today = dt.date(2020, 6, 1)
    settings = Settings(outlets=OUTLETS, today=today, campaigns=(
        Campaign("kou-bei", "口碑", "服务口碑新变化", dt.date(2020, 5, 1), dt.date(2020, 6, 30), "口碑"),))
    site = model.Site(tuple(stories), OUTLETS, today)
    return Project(Path("."), Path("site_src"), settings, site, ())


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'stories':>8} {'generic indexes':>16} {'intranet pages':>15} {'ratio':>6} {'pages':>6} {'MB':>6}")
    for n in (100, 1000, 5000):
        project = synthetic(n)
        generic = timed(lambda p=project: [pages.render_section_index(s, p.site, caption_only)
                                 for s in SECTIONS])
        out = intranet.generated_pages(project.site, project.settings, (), caption_only, {})
        ours = timed(lambda p=project: intranet.generated_pages(p.site, p.settings, (), caption_only,
                                                             {}))
        size = sum(len(v.encode()) for v in out.values()) / 1e6
        print(f"{n:>8} {generic * 1000:>13.1f} ms {ours * 1000:>12.1f} ms {ours / generic:>6.1f}"
              f" {len(out):>6} {size:>6.1f}")


if __name__ == "__main__":
    main()
