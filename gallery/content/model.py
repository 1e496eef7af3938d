"""The typed content model: frozen dataclasses built by validation, with no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gallery.content.schema import entry, record

PUBLIC = "public"
INTERNAL = "internal"
OUTLET_LABEL = "网点编号（在 culture.yml 的 outlets 中声明）"
# The longest title: a headline, shown whole on cards, in the nav and on the lobby screens.
TITLE_LEN = 80
# Moments and culture-wall items may name who wrote them: the approver must be someone else.
AUTHOR_LABEL = "作者：写稿或拍照的员工（可不写；审批人不能是作者本人）"


# Story kinds and their Chinese names, shown on pages and screens.
KIND_TITLES = {"idea": "核心理念", "rule": "规章制度", "exemplar": "服务榜样案例"}
MORNING_KIND_TITLES = {"rule": "规章制度摘录", "case": "案例剖析"}
AUDIENCES = (PUBLIC, INTERNAL)


@record
class Photo:
    """A photo of a story: its file beside index.md, caption and alt text."""

    file: str = entry("file", "照片文件名", "1.jpg", True)
    source: Path
    caption: str = entry("text", "说明", "大堂经理在引导客户", max_len=100, default="")
    alt: str = entry("text", "替代文字：照片内容描述", "大堂经理在引导客户", default="")
    # Where a crop keeps the photo (cards, the photo grid): "x% y%" from the left and the top,
    # or "contain" (written 完整: the whole photo, e.g. a poster). "": the centre, and the
    # whole photo for a tall one.
    focus: str = entry("focus", "焦点：卡片和照片墙裁切时保留的位置（左右、上下两个百分数），海报等要完整显示的写“完整”",
                       "50% 20%", default="")


@record
class Approval:
    """The record that lets a public story reach the lobby (`approval:`): who approved it (not
    its author), when, whether customers appear, and if they do, where their signed consent is.

    It is shown on the story's intranet page only, never on a lobby screen. `withdrawn` is the
    day consent or approval was withdrawn: from that day on the story leaves the screens.
    """

    by: str = entry("name", "审批人：作者（先锋岗为党员本人）以外的人", "周敏（支行办公室）", True)
    date: dt.date = entry("date", "审批日期：不早于故事日期，不晚于今天", "2024-05-02", True)
    customers: bool = entry("bool", "有没有客户出镜（照片、姓名或经历）：true 或 false", "true", True)
    consent: str = entry("text", "客户同意书的编号或存档位置：customers 为 true 时必填",
                         "客户书面同意书 2024-031", max_len=100, default="")
    withdrawn: dt.date | None = entry("date", "撤回日期：客户撤回同意或撤销审批，当天起不再上大堂屏",
                                      "2025-01-01", default=None)

    def in_force(self, day: dt.date) -> bool:
        """Whether the approval still lets the story reach the lobby on `day`."""
        return self.withdrawn is None or day < self.withdrawn


# The front matter of every section is declared on these classes (see gallery.content.schema):
# a field with entry() is a key of index.md; section, slug, source, body and body_photos are not.
@record(kw_only=True)
class Story:
    """Fields every story has, whatever its section."""

    section: str
    slug: str
    source: Path
    title: str = entry("text", "标题", "暖心服务，温暖人心", True, max_len=TITLE_LEN)
    body: str = ""
    audience: str = entry("choice", "受众：public 可上大堂屏，internal 仅内网（默认）", "public",
                          choices=AUDIENCES, default=INTERNAL)
    approval: Approval | None = entry(
        "mapping", "上屏审批记录：audience 为 public 时必填（见“上屏审批记录”一节）",
        "{by: 周敏（支行办公室）, date: 2024-05-02, customers: false}", record=Approval,
        default=None)
    draft: bool = entry("bool", "草稿：true 时不发布", "false", default=False)
    publish: dt.date | None = entry("date", "上线日期（含当天），不填则立即上线", "2024-05-01",
                                    default=None)
    expire: dt.date | None = entry("date", "下线日期（当天起不再显示），不填则一直显示", "2024-12-31",
                                   default=None)
    date: dt.date | None = None  # front matter in each section, where its label differs
    tags: tuple[str, ...] = entry("tags", "标签列表", "[老年客户, 暖心服务]", default=())
    outlet: str | None = entry("outlet", OUTLET_LABEL, "qianmen", default=None)
    photos: tuple[Photo, ...] = entry(
        "photos", "照片列表：每张写 file、caption（说明）、alt（替代文字），可加 focus（焦点）",
        "[{file: 1.jpg, caption: 说明, alt: 描述}]", record=Photo, default=())
    cover: Photo | None = entry("photo", "封面照片文件名，默认为第一张照片", "1.jpg", record=Photo,
                                default=None)
    duplicate: bool = entry("bool", "与另一篇标题和日期相同是有意的：写 true 后不再提示 E268", "true",
                            default=False)
    body_photos: tuple[Photo, ...] = ()  # shown by the body's ![alt](file "caption"), in order

    @property
    def is_public(self) -> bool:
        """Whether customers may see this story (lobby screens)."""
        return self.audience == PUBLIC

    def cleared_for_lobby(self, day: dt.date) -> bool:
        """Whether the lobby may show the story on `day`: public, approved, and its consent
        not withdrawn by then (the publish window is `visible_on`)."""
        return self.is_public and self.approval is not None and self.approval.in_force(day)

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


@record(kw_only=True)
class CultureItem(Story):
    """服务文化墙: a core idea, a rule or an exemplar case."""

    kind: str = entry("choice", "类别：idea 核心理念、rule 规章制度、exemplar 服务榜样案例", "idea", True,
                      tuple(KIND_TITLES))
    date: dt.date | None = entry("date", "日期", "2024-05-01", default=None)
    order: int = entry("int", "排列顺序，小的在前（默认 100）", "10", default=100)
    summary: str = entry("text", "一句话摘要", "客户为尊，服务如意", default="")
    author: str = entry("name", AUTHOR_LABEL, "王芳（前门支行）", default="")


@record(kw_only=True)
class PioneerPost(Story):
    """党员先锋服务岗: a party member's service post."""

    title: str = entry("text", "标题", "暖心服务，温暖人心", max_len=TITLE_LEN)  # made from member and post if unset
    outlet: str | None = entry("outlet", OUTLET_LABEL, "qianmen", True, default=None)
    member: str = entry("name", "党员姓名", "张明", True)
    post: str = entry("name", "岗位", "大堂经理", True)
    portrait: Photo = entry("photo", "本人照片文件名", "portrait.jpg", True, record=Photo)
    pledge: str = entry("text", "服务承诺", "首问负责，一次办好", True)
    motto: str = entry("text", "座右铭", "把客户的事当自己的事", max_len=100, default="")
    member_since: int = entry("int", "入党年份", "2008", True)
    date: dt.date | None = entry("date", "设岗日期", "2024-05-01", default=None)

    def _extra_photos(self) -> tuple[Photo, ...]:
        return (self.portrait, *super()._extra_photos())


@record(kw_only=True)
class Moment(Story):
    """服务精彩瞬间: a dated photo story from an outlet."""

    outlet: str | None = entry("outlet", OUTLET_LABEL, "qianmen", True, default=None)
    date: dt.date | None = entry("date", "日期", "2024-05-01", True, default=None)
    summary: str = entry("text", "一句话摘要", "大堂经理上门为卧床老人办理业务", default="")
    author: str = entry("name", AUTHOR_LABEL, "王芳（前门支行）", default="")


@record(kw_only=True)
class TalkArticle(Story):
    """服务文化大家谈: an article written by a member of staff."""

    author: str = entry("name", "作者", "李华（前门支行）", True)
    date: dt.date | None = entry("date", "日期", "2024-05-01", True, default=None)
    summary: str = entry("text", "摘要", "谈谈我对首问负责制的理解", True)


@record(kw_only=True)
class MorningItem(Story):
    """晨会: a rule excerpt or a case analysis studied at a morning meeting. Always internal."""

    audience: str = INTERNAL  # no front-matter key: internal by construction (see E421)
    approval: Approval | None = None  # no key either: nothing here ever reaches the lobby
    kind: str = entry("choice", "类别：rule 规章制度摘录、case 案例剖析", "rule", True,
                      tuple(MORNING_KIND_TITLES))
    date: dt.date | None = entry("date", "晨会日期", "2024-05-06", True, default=None)
    reference: str = entry("text", "出处（制度名称、条款或案例来源）", "《营业网点服务规范》第三章",
                           default="")
    summary: str = entry("text", "要点（一句话）", "首问负责，一次办好", default="")

    @property
    def is_public(self) -> bool:
        """Never: morning-meeting material stays on the intranet, whatever a file says."""
        return False


@record
class Outlet:
    """A branch office with a lobby, declared once in the settings."""

    id: str = entry("id", "网点编号", "qianmen", True)
    name: str = entry("name", "网点名称", "前门支行", True)
    address: str = entry("text", "地址", "前门大街 1 号", default="")


def outlet_id(written: str, names: Mapping[str, str]) -> str | None:
    """An outlet written as its id (qianmen) or its Chinese name (前门支行), as its id; `names`
    maps each declared id to its name. The one rule for stories, screens and board files."""
    if written in names:
        return written
    return next((oid for oid, name in names.items() if name == written), None)


@dataclass(frozen=True)
class Page:
    """A hand-written page: the home page (folder "") or a section's intro (its index.md).

    Pages are shown on the intranet only, always: they have no draft, audience or date window.
    """

    folder: str
    source: Path
    front: str | None  # the raw front-matter block, None when there is none
    body: str
    body_photos: tuple[Photo, ...] = ()

    @property
    def slug(self) -> str:
        """The name that groups the page's photos in the lightbox (a story's is its slug)."""
        return f"page-{self.folder or 'home'}"


@dataclass(frozen=True)
class Site:
    """Everything validated: settings-level facts, all stories (visible or not), the pages."""

    stories: tuple[Story, ...]
    outlets: tuple[Outlet, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    pages: tuple[Page, ...] = ()

    def visible(self) -> tuple[Story, ...]:
        """The stories shown in this build (worked out once: every index page asks)."""
        found = self.__dict__.get("_visible")
        if found is None:
            found = tuple(s for s in self.stories if s.visible_on(self.today))
            object.__setattr__(self, "_visible", found)  # frozen: the fields never change
        return found

    def in_section(self, section: str) -> tuple[Story, ...]:
        """Visible stories of one section, newest first (each section sorted once a site)."""
        held: dict[str, tuple[Story, ...]] = self.__dict__.setdefault("_sections", {})
        if section not in held:
            held[section] = sort_newest(s for s in self.visible() if s.section == section)
        return held[section]

    def in_order(self, sections: Iterable[str]) -> tuple[Story, ...]:
        """Visible stories section by section in the order of `sections`, newest first in
        each. Filtering it gives what sorting the filtered stories gives (both sorts are
        stable, over the same order), so the hubs filter it instead of sorting each time."""
        order = tuple(sections)
        held: dict[tuple[str, ...], tuple[Story, ...]] = self.__dict__.setdefault("_orders", {})
        if order not in held:
            held[order] = tuple(s for folder in order for s in self.in_section(folder))
        return held[order]

    def outlet(self, outlet_id: str | None) -> Outlet | None:
        """The outlet with this id, if declared."""
        return next((o for o in self.outlets if o.id == outlet_id), None)

    def page(self, folder: str) -> Page | None:
        """The hand-written page of a folder ("" for the home page), if there is one."""
        return next((p for p in self.pages if p.folder == folder), None)


def sort_newest(stories: Iterable[Story]) -> tuple[Story, ...]:
    """Stories newest first; undated ones last, then by slug for a stable order."""
    items = list(stories)
    items.sort(key=lambda s: s.slug)
    items.sort(key=lambda s: s.date or dt.date.min, reverse=True)
    return tuple(items)
