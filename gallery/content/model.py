"""The typed content model: frozen dataclasses built by validation, with no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PUBLIC = "public"
INTERNAL = "internal"


@dataclass(frozen=True)
class Photo:
    """A photo of a story: its file beside index.md, caption and alt text."""

    file: str
    source: Path
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True, kw_only=True)
class Story:
    """Fields every story has, whatever its section."""

    section: str
    slug: str
    source: Path
    title: str
    body: str = ""
    audience: str = INTERNAL
    draft: bool = False
    publish: dt.date | None = None
    expire: dt.date | None = None
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    outlet: str | None = None
    photos: tuple[Photo, ...] = ()
    cover: Photo | None = None
    body_photos: tuple[Photo, ...] = ()  # shown by the body's ![alt](file "caption"), in order

    @property
    def is_public(self) -> bool:
        """Whether customers may see this story (lobby screens)."""
        return self.audience == PUBLIC

    def visible_on(self, day: dt.date) -> bool:
        """Whether the story is shown on `day`: not a draft and inside its window."""
        if self.draft:
            return False
        if self.publish and day < self.publish:
            return False
        return not (self.expire and day >= self.expire)

    @property
    def all_photos(self) -> tuple[Photo, ...]:
        """Every photo the story uses (cover, portrait, body photos), without repeats."""
        seen: dict[str, Photo] = {}
        for photo in (*self.photos, *self._extra_photos(), *self.body_photos):
            seen.setdefault(photo.file, photo)
        return tuple(seen.values())

    def _extra_photos(self) -> tuple[Photo, ...]:
        return (self.cover,) if self.cover else ()


@dataclass(frozen=True, kw_only=True)
class CultureItem(Story):
    """服务文化墙: a core idea, a rule or an exemplar case."""

    kind: str
    order: int = 100
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class PioneerPost(Story):
    """党员先锋服务岗: a party member's service post."""

    member: str
    post: str
    portrait: Photo
    pledge: str
    motto: str = ""
    member_since: int

    def _extra_photos(self) -> tuple[Photo, ...]:
        return (self.portrait, *super()._extra_photos())


@dataclass(frozen=True, kw_only=True)
class Moment(Story):
    """服务精彩瞬间: a dated photo story from an outlet."""

    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class TalkArticle(Story):
    """服务文化大家谈: an article written by a member of staff."""

    author: str
    summary: str


@dataclass(frozen=True, kw_only=True)
class MorningItem(Story):
    """晨会: a rule excerpt or a case analysis studied at a morning meeting. Always internal."""

    kind: str
    reference: str = ""
    summary: str = ""

    @property
    def is_public(self) -> bool:
        """Never: morning-meeting material stays on the intranet, whatever a file says."""
        return False


@dataclass(frozen=True)
class Outlet:
    """A branch office with a lobby, declared once in the settings."""

    id: str
    name: str
    address: str = ""


@dataclass(frozen=True)
class Site:
    """Everything validated: settings-level facts and all stories, visible or not."""

    stories: tuple[Story, ...]
    outlets: tuple[Outlet, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)

    def visible(self) -> tuple[Story, ...]:
        """The stories shown in this build."""
        return tuple(s for s in self.stories if s.visible_on(self.today))

    def in_section(self, section: str) -> tuple[Story, ...]:
        """Visible stories of one section, newest first."""
        return sort_newest(s for s in self.visible() if s.section == section)

    def outlet(self, outlet_id: str | None) -> Outlet | None:
        """The outlet with this id, if declared."""
        return next((o for o in self.outlets if o.id == outlet_id), None)


def sort_newest(stories: Iterable[Story]) -> tuple[Story, ...]:
    """Stories newest first; undated ones last, then by slug for a stable order."""
    items = list(stories)
    items.sort(key=lambda s: s.slug)
    items.sort(key=lambda s: s.date or dt.date.min, reverse=True)
    return tuple(items)
