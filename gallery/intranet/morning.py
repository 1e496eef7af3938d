"""晨会: the morning-meeting page: this week's items in full (printable on A4), then the archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gallery import paths
from gallery.content import model
from gallery.content.records import MORNING_KIND_TITLES as KIND_TITLES
from gallery.content.records import SECTIONS
from gallery.intranet import paging
from gallery.intranet.pages import PhotoHTML, render, render_body
from gallery.templating import trusted

SECTION = "morning"


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def cn_date(day: dt.date, year: bool = True) -> str:
    """A date in Chinese: 2017 年 9 月 4 日 (or 9 月 4 日)."""
    text = f"{day.month} 月 {day.day} 日"
    return f"{day.year} 年 {text}" if year else text


def day(item: model.MorningItem) -> dt.date:
    """The date of a morning item (required by its schema, so always there)."""
    assert item.date is not None, item.source
    return item.date


def shown_week(items: tuple[model.MorningItem, ...], today: dt.date
               ) -> tuple[tuple[dt.date, dt.date], tuple[model.MorningItem, ...], bool]:
    """The week to show, its items (oldest first) and whether it is the current week.

    An empty current week falls back to the latest week with items, so the printout of the
    page always has something to study.
    """
    week = week_of(today)
    current = tuple(i for i in items if week[0] <= day(i) <= week[1])
    if current or not items:
        return week, tuple(sorted(current, key=lambda i: (day(i), i.title))), True
    past = [i for i in items if day(i) < week[0]] or list(items)
    latest = week_of(max(day(i) for i in past))
    chosen = tuple(i for i in items if latest[0] <= day(i) <= latest[1])
    return latest, tuple(sorted(chosen, key=lambda i: (day(i), i.title))), False


def _archive(items: Sequence[model.MorningItem]
             ) -> list[tuple[tuple[int, int], list[model.MorningItem]]]:
    """Items (newest first) grouped by month."""
    months: dict[tuple[int, int], list[model.MorningItem]] = {}
    for item in items:
        months.setdefault((day(item).year, day(item).month), []).append(item)
    return list(months.items())


def _items(site: model.Site) -> tuple[model.MorningItem, ...]:
    """Every morning item."""
    return tuple(s for s in site.in_section(SECTION) if isinstance(s, model.MorningItem))


def _newest_first(items: tuple[model.MorningItem, ...]) -> list[model.MorningItem]:
    return sorted(items, key=lambda i: (day(i), i.title), reverse=True)


def pages(site: model.Site, photo: PhotoHTML, intro: str = "") -> dict[str, str]:
    """URL -> Markdown of every morning page: the week's items, a print button and the first
    48 archive rows, then the archive at `page/N/` (gallery.intranet.paging), left out of the
    printout."""
    items = _items(site)
    (monday, sunday), chosen, current = shown_week(items, site.today)
    span = f"{cn_date(monday)}—{cn_date(sunday, year=monday.year != sunday.year)}"
    lead = f"本周（{span}）" if current else f"本周暂无晨会内容。最近一期：{span}"
    bodies = [trusted(render_body(i, photo).strip()) for i in chosen]
    title = SECTIONS[SECTION].title
    out = {}
    for pager, part in paging.paged(paths.morning_url(), _newest_first(items)):
        first = pager.number == 1
        out[pager.here] = render(
            "morning.html", site, photo, title=title if first else f"{title}（第 {pager.number} 页）",
            intro=trusted(intro.strip()) if first else "", here=pager.here, pager=pager,
            lead=lead, chosen=chosen if first else (), bodies=bodies if first else [],
            archive=_archive(part), kind_titles=KIND_TITLES, cn_date=cn_date)
    return out


def page_urls(site: model.Site) -> list[str]:
    """The URL of every morning page, unrendered."""
    return paging.page_urls(paths.morning_url(), len(_items(site)))


def render_page(site: model.Site, photo: PhotoHTML, intro: str = "") -> str:
    """The morning-meeting page's first page (`pages` makes every page)."""
    return pages(site, photo, intro)[paths.morning_url()]
