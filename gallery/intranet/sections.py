"""Section index pages, each designed for its content (culture wall, pioneer posts, moments, talk).

The markup is in `templates/` (one template per section); here the stories are chosen and
ordered. Links are relative so the site works under a sub-path.
"""

from __future__ import annotations

from collections.abc import Iterable

from gallery import paths
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.intranet.pages import PageRenderer, PhotoHTML, render
from gallery.templating import trusted


def _section_page(section: str, site: model.Site, photo: PhotoHTML, intro: str,
                  **values: object) -> str:
    """A section's index page from its template `<section>.html`."""
    return render(f"{section}.html", site, photo, title=SECTIONS[section].title,
                  intro=trusted(intro.strip()), here=f"{section}/", **values)


def _by_order(items: Iterable[model.CultureItem]) -> tuple[model.CultureItem, ...]:
    return tuple(sorted(items, key=lambda s: (s.order, s.title)))


def render_culture_wall(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务文化墙: slogans, then the rules list, then exemplar cases as cards."""
    items = [i for i in site.in_section("culture-wall") if isinstance(i, model.CultureItem)]
    return _section_page(
        "culture-wall", site, photo, intro,
        ideas=_by_order(i for i in items if i.kind == "idea"),
        rules=_by_order(i for i in items if i.kind == "rule"),
        exemplars=tuple(i for i in items if i.kind == "exemplar"))


def render_pioneer_posts(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """党员先锋服务岗: profile cards, grouped in the order outlets are declared."""
    order = {o.id: i for i, o in enumerate(site.outlets)}
    posts = sorted(site.in_section("pioneer-posts"),
                   key=lambda p: (order.get(p.outlet or "", len(order)),
                                  getattr(p, "member", "")))
    return _section_page("pioneer-posts", site, photo, intro, posts=posts)


def _grouped(stories: tuple[model.Story, ...]
             ) -> list[tuple[int, list[tuple[int, list[model.Story]]]]]:
    """Stories (newest first) grouped by year, then by month."""
    years: dict[int, dict[int, list[model.Story]]] = {}
    for s in stories:
        assert s.date is not None  # only dated stories are grouped
        years.setdefault(s.date.year, {}).setdefault(s.date.month, []).append(s)
    return [(year, list(months.items())) for year, months in years.items()]


def render_moments(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务精彩瞬间: newest first, grouped by year and month, filterable by outlet and tag."""
    here = "moments/"
    stories = tuple(s for s in site.in_section("moments") if s.date)
    return _section_page(
        "moments", site, photo, intro, years=_grouped(stories),
        base=paths.relative(here, ""),
        outlets=[o for o in site.outlets if any(s.outlet == o.id for s in stories)],
        tags=sorted({t for s in stories for t in s.tags}))


def render_talk(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务文化大家谈: the article list, newest first."""
    return _section_page("talk", site, photo, intro, articles=site.in_section("talk"))


HOME_MOMENTS = 4


def render_home(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """The home page: the hand-written welcome, then the newest service moments."""
    moments = site.in_section("moments")[:HOME_MOMENTS]
    if not moments:
        return intro
    return render("home.html", site, photo, intro=trusted(intro.rstrip()), moments=moments)


RENDERERS: dict[str, PageRenderer] = {
    "culture-wall": render_culture_wall,
    "pioneer-posts": render_pioneer_posts,
    "moments": render_moments,
    "talk": render_talk,
}
