"""How the intranet's generated pages scale with the number of stories.

Renders every generated page (designed section indexes, board, morning, outlet, campaign and
tags pages) for synthetic sites of growing size and prints the time next to an anchor. The
anchor is the floor of listing the same stories: the index a hand-written MkDocs site would
have for each section, a Markdown heading and one bullet linking each story with its date,
newest first. The ratio says what the designed pages cost over that. Both stop at the text
MkDocs would convert; pure Python: no MkDocs, no images.

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


def markdown_indexes(site: model.Site) -> list[str]:
    """The anchor: a plain Markdown index per section, as a hand-written MkDocs site has."""
    return [f"# {spec.title}\n\n" + "".join(f"- [{s.title}]({s.slug}/) {s.date.isoformat()}\n"
                                            for s in site.in_section(section))
            for section, spec in SECTIONS.items()]


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'stories':>8} {'Markdown lists':>16} {'intranet pages':>15} {'ratio':>6} {'pages':>6} {'MB':>6}")
    for n in (100, 1000, 5000):
        project = synthetic(n)
        anchor = timed(lambda p=project: markdown_indexes(p.site))
        out = intranet.generated_pages(project.site, project.settings, (), caption_only, {})
        ours = timed(lambda p=project: intranet.generated_pages(p.site, p.settings, (), caption_only,
                                                             {}))
        size = sum(len(v.encode()) for v in out.values()) / 1e6
        print(f"{n:>8} {anchor * 1000:>13.1f} ms {ours * 1000:>12.1f} ms {ours / anchor:>6.1f}"
              f" {len(out):>6} {size:>6.1f}")


if __name__ == "__main__":
    main()
