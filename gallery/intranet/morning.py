"""晨会: the morning-meeting page: this week's items in full (printable on A4), then the archive."""

from __future__ import annotations

import datetime as dt

from gallery import paths
from gallery.content import model
from gallery.content.records import MORNING_KIND_TITLES as KIND_TITLES
from gallery.content.records import SECTIONS
from gallery.intranet.pages import PhotoHTML, esc, front_matter, render_body

SECTION = "morning"


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def cn_date(day: dt.date, year: bool = True) -> str:
    """A date in Chinese: 2017 年 9 月 4 日 (or 9 月 4 日)."""
    text = f"{day.month} 月 {day.day} 日"
    return f"{day.year} 年 {text}" if year else text


def shown_week(items: tuple[model.MorningItem, ...], today: dt.date
               ) -> tuple[tuple[dt.date, dt.date], tuple[model.MorningItem, ...], bool]:
    """The week to show, its items (oldest first) and whether it is the current week.

    An empty current week falls back to the latest week with items, so the printout of the
    page always has something to study.
    """
    week = week_of(today)
    current = tuple(i for i in items if week[0] <= i.date <= week[1])
    if current or not items:
        return week, tuple(sorted(current, key=lambda i: (i.date, i.title))), True
    past = [i for i in items if i.date < week[0]] or list(items)
    latest = week_of(max(i.date for i in past))
    chosen = tuple(i for i in items if latest[0] <= i.date <= latest[1])
    return latest, tuple(sorted(chosen, key=lambda i: (i.date, i.title))), False


def render_item(item: model.MorningItem, photo: PhotoHTML) -> str:
    """One item in full: kind, date, source, key point, then the author's Markdown."""
    facts = [KIND_TITLES[item.kind], cn_date(item.date)]
    if item.reference:
        facts.append(f"出处：{esc(item.reference)}")
    point = (f'<p class="culture-morning-point"><strong>要点：</strong>{esc(item.summary)}</p>\n\n'
             if item.summary else "")
    link = paths.relative(paths.morning_url(), paths.story_url(SECTION, item.slug))
    return (f'<section class="culture-morning-item culture-morning-{item.kind}" markdown="1">\n\n'
            f'<h2><a href="{esc(link)}">{esc(item.title)}</a></h2>\n\n'
            f'<p class="culture-morning-meta">{" · ".join(facts)}</p>\n\n{point}'
            f"{render_body(item, photo).strip()}\n\n</section>\n\n")


def _archive(items: tuple[model.MorningItem, ...]) -> str:
    """Every item as a link, newest first, grouped by month; left out of the printout."""
    months: dict[tuple[int, int], list[str]] = {}
    for item in sorted(items, key=lambda i: (i.date, i.title), reverse=True):
        link = paths.relative(paths.morning_url(), paths.story_url(SECTION, item.slug))
        months.setdefault((item.date.year, item.date.month), []).append(
            f'<li><a href="{esc(link)}">{esc(item.title)}</a> '
            f'<span class="culture-muted">{cn_date(item.date, year=False)} · '
            f"{KIND_TITLES[item.kind]}</span></li>")
    groups = "".join(f"<h3>{y} 年 {m} 月</h3><ul>{''.join(rows)}</ul>"
                     for (y, m), rows in months.items())
    return f'<div class="culture-archive"><h2>往期晨会</h2>{groups}</div>'


def render_page(site: model.Site, photo: PhotoHTML, intro: str = "") -> str:
    """The morning-meeting page: the week's items, a print button, then the archive."""
    items = tuple(s for s in site.in_section(SECTION) if isinstance(s, model.MorningItem))
    (monday, sunday), chosen, current = shown_week(items, site.today)
    title = SECTIONS[SECTION].title
    span = f"{cn_date(monday)}—{cn_date(sunday, year=monday.year != sunday.year)}"
    if current:
        lead = f"本周（{span}）"
    else:
        lead = f"本周暂无晨会内容。最近一期：{span}"
    parts = [front_matter({"title": title}), intro.strip() or f"# {title}", "\n\n",
             f'<p class="culture-morning-week">{lead}</p>\n\n',
             ('<p class="culture-internal">内部学习资料，仅供内网浏览。'
             '<button type="button" class="md-button culture-print" data-culture-print hidden>'
             "打印本周内容</button></p>\n\n")]
    parts += [render_item(i, photo) for i in chosen] or ['<p class="culture-empty">暂无晨会内容。</p>\n\n']
    if items:
        parts.append(_archive(items) + "\n")
    return "".join(parts)
