"""Cross-section pages: one per outlet, one per campaign, their indexes and the tags page."""

from __future__ import annotations

import datetime as dt

from gallery import paths
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.content.settings import Campaign
from gallery.intranet.board import Board, BoardEntry
from gallery.intranet.morning import cn_date
from gallery.intranet.pages import TEMPLATES, PhotoHTML, render
from gallery.photos.markup import caption_only


def _by_section(stories: tuple[model.Story, ...]
                ) -> list[tuple[str, str, tuple[model.Story, ...]]]:
    """(section title, folder, stories newest first) of each section that has stories."""
    groups = []
    for folder, section in SECTIONS.items():
        chosen = model.sort_newest(s for s in stories if s.section == folder)
        if chosen:
            groups.append((section.title, folder, chosen))
    return groups


def _board_rows(outlet: model.Outlet, boards: tuple[Board, ...]
                ) -> list[tuple[Board, BoardEntry]]:
    """The outlet's red/black board entries, newest period first."""
    return [(board, e) for board in reversed(boards) for e in board.entries
            if e.outlet == outlet.id]


def render_outlet(outlet: model.Outlet, site: model.Site, boards: tuple[Board, ...],
                  photo: PhotoHTML) -> str:
    """One outlet: its address, its stories across sections and its board entries."""
    stories = tuple(s for s in site.visible() if s.outlet == outlet.id)
    return render("outlet.html", site, photo, title=outlet.name, intro="",
                  here=paths.outlet_url(outlet.id), outlet=outlet,
                  groups=_by_section(stories), board_rows=_board_rows(outlet, boards))


def render_outlet_index(site: model.Site) -> str:
    """Every outlet with its address and number of stories."""
    counts = [(o, sum(1 for s in site.visible() if s.outlet == o.id)) for o in site.outlets]
    return render("outlets.html", site, caption_only, title="网点", intro="",
                  here=paths.outlet_url(), outlets=counts)


def status(campaign: Campaign, today: dt.date) -> str:
    """进行中, 未开始 or 已结束, as of `today`."""
    if campaign.active_on(today):
        return "进行中"
    return "未开始" if today < campaign.start else "已结束"


def window(campaign: Campaign) -> str:
    """The campaign's dates in Chinese."""
    return f"{cn_date(campaign.start)}—{cn_date(campaign.end)}"


def render_campaign(campaign: Campaign, site: model.Site, photo: PhotoHTML) -> str:
    """One campaign: slogan, window, status and the stories tagged with its topic."""
    stories = tuple(s for s in site.visible() if campaign.topic in s.tags)
    return render("campaign.html", site, photo, title=campaign.name, intro="",
                  here=paths.campaign_url(campaign.id), campaign=campaign, today=site.today,
                  window=window, status=status, groups=_by_section(stories))


def render_campaign_index(campaigns: tuple[Campaign, ...], today: dt.date) -> str:
    """All campaigns, the running ones first, then newest first."""
    ordered = sorted(campaigns, key=lambda c: c.start, reverse=True)
    ordered.sort(key=lambda c: not c.active_on(today))
    return render("campaigns.html", model.Site((), (), today), caption_only, title="宣传活动",
                  intro="", here=paths.campaign_url(), campaigns=ordered, today=today,
                  window=window, status=status)


def render_tags_page() -> str:
    """The tags page: Material's tags plugin fills in the listing."""
    return TEMPLATES.get_template("tags.html").render()
