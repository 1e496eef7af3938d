"""Lobby-screen settings (`screens:` in culture.yml): a typed schema checked with line numbers.

Schedules are evaluated by the player on the screen itself (a screen runs for months after a
build), so here they are only validated and turned into plain numbers:
days are ISO weekdays (1 = Monday … 7 = Sunday), times are minutes since midnight, and a time
range whose end is not after its start wraps past midnight: "22:00-06:00" on Friday runs from
Friday 22:00 to Saturday 06:00 (days and dates name the day the range starts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from gallery.content.engine import Checker, describe
from gallery.content.read import Lines
from gallery.content.records import PUBLIC_SECTIONS
from gallery.content.schema import Key, Spec, entry, keys, record, spec_of
from gallery.content.settings import SETTINGS_FILE, SettingsFile
from gallery.content.validate import known_outlet
from gallery.paths import is_slug
from gallery.problems import Problem

TIME_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-~～至]\s*(\d{1,2}):(\d{2})\s*$")
ORIENTATIONS = ("landscape", "portrait")
RESOLUTIONS = ("1080p", "4k")
DAY_NAMES = {
    "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
    "周一": 1, "周二": 2, "周三": 3, "周四": 4, "周五": 5, "周六": 6, "周日": 7, "周天": 7,
}
DAY_SPLIT = re.compile(r"\s*[,，、]\s*")
DAY_RANGE = re.compile(r"\s*(?:-|~|～|至)\s*")
DURATION = (3, 600)
POLL = (10, 3600)
NEWEST = (1, 100)



@record
class Rule:
    """When something plays: a date range, weekdays and a daily time range (all optional)."""

    start: dt.date | None = entry("date", "开始日期（含）", "2024-09-01", key="from", default=None)
    end: dt.date | None = entry("date", "结束日期（含）", "2024-10-31", key="until", default=None)
    days: tuple[int, ...] = entry("days", "星期", "mon-fri", default=())
    time: tuple[int, int] | None = entry("time", "时段", "09:00-17:00", default=None)

    def to_json(self) -> dict[str, Any]:
        """The rule as the player reads it."""
        return {"from": self.start.isoformat() if self.start else None,
                "until": self.end.isoformat() if self.end else None,
                "days": list(self.days), "time": list(self.time) if self.time else None}


@record
class Entry:
    """One playlist entry: a content source (section, tags, outlet, newest) or a slogan."""

    section: str | None = entry("choice", "栏目目录", "moments", choices=PUBLIC_SECTIONS,
                                default=None)
    tags: tuple[str, ...] = entry("tags", "标签：带其中任一标签的故事", "[暖心服务]", default=())
    outlet: str | None = entry("outlet", "只取这个网点的故事", "qianmen", default=None)
    newest: int | None = entry("int", "只取最新的几篇", "5", default=None)
    slogan: str | None = entry("text", "固定标语", "客户为尊，服务如意", max_len=60, default=None)
    duration: int = entry("int", "每张停留秒数", "10", default=10)
    schedule: Rule | None = entry("mapping", "播放时段", "{days: mon-fri, time: 09:00-17:00}",
                                  record=Rule, default=None)


@record
class Screen:
    """A lobby screen: where it is, its shape, its opening hours and its playlist."""

    # The order of the keys in messages; the constructor takes name, outlet, playlist first.
    KEY_ORDER: ClassVar[tuple[str, ...]] = ("name", "outlet", "orientation", "resolution", "hours",
                                            "playlist", "poll", "heartbeat", "branch_wide")

    name: str = entry("id", "屏幕名称（也是网址 screen/名称/）", "qianmen-lobby", True)
    outlet: str = entry("outlet", "所在网点编号", "qianmen", True)
    playlist: tuple[Entry, ...] = entry("list", "播放列表", "[{section: moments, newest: 5}]", True,
                                        record=Entry, hook="playlist",
                                        item_example="{section: moments, newest: 5}")
    orientation: str = entry("choice", "横屏 landscape 或竖屏 portrait", "landscape",
                             choices=ORIENTATIONS, default="landscape")
    resolution: str = entry("choice", "分辨率 1080p 或 4k", "1080p", choices=RESOLUTIONS,
                            default="1080p")
    hours: tuple[Rule, ...] = entry("list", "营业时间：之外屏幕全黑",
                                    "[{days: mon-fri, time: 09:00-17:00}]", record=Rule,
                                    hook="hours", item_example="{days: mon-fri, time: 09:00-17:00}",
                                    default=())
    poll: int = entry("int", "检查更新和紧急通知的间隔（秒）", "60", default=60)
    heartbeat: int = entry("int", "心跳间隔（秒）", "60", default=60)
    branch_wide: bool = entry("bool", "全支行屏：底栏写支行全称（不写时写所在网点名称）", "true",
                              default=False)

    @property
    def size(self) -> tuple[int, int]:
        """The screen's pixel size (width, height), orientation-aware."""
        long, short = (3840, 2160) if self.resolution == "4k" else (1920, 1080)
        return (long, short) if self.orientation == "landscape" else (short, long)


@record
class LobbyScreens:
    """The part of culture.yml that the lobby screens own: its `screens:` list."""

    screens: tuple[Screen, ...] = entry(
        "list", "大堂屏", "[{name: qianmen-lobby, outlet: qianmen, playlist: [...]}]",
        record=Screen, item_example="qianmen-lobby", default=())


def check_screens(file: SettingsFile | None, outlets: dict[str, str],
                  ) -> tuple[tuple[Screen, ...], list[Problem]]:
    """The `screens:` of a read culture.yml, checked; broken screens are reported and left out."""
    if file is None:
        return (), []
    check = screen_checker(SETTINGS_FILE, file.lines, outlets)
    screens = parse_screens(check, file.data.get("screens"))
    return screens, sorted(check.problems)


def screen_checker(shown: str, lines: Lines, outlets: dict[str, str]) -> Checker:
    """The engine set up for screens: their own kinds and checks, and the declared outlets."""
    hooks = {"outlet": known_outlet(outlets), "days": _days, "time": _time, "hours": _hours,
             "playlist": _playlist}
    return Checker(shown, lines, hooks, {Screen: _check_screen, Entry: _check_entry,
                                         Rule: _check_rule})


def parse_screens(check: Checker, value: Any) -> tuple[Screen, ...]:
    """Coerce the `screens:` list; broken screens are reported and left out."""
    if value is None:
        return ()
    screens, seen = [], set()
    for index, screen in check.indexed(SCREENS, value, ("screens",)):
        if screen.name in seen:
            check.add(("screens", index, "name"), "E502", name=screen.name)
            continue
        seen.add(screen.name)
        screens.append(screen)
    return tuple(screens)


SCREENS = spec_of(LobbyScreens, "screens")


def _check_screen(check: Checker, values: dict[str, Any], item: Mapping[str, Any],
                  key: Key) -> None:
    """A screen's name is its URL; its intervals lie within bounds."""
    name = values.get("name")
    if name is not None and not is_slug(name):
        check.add((*key, "name"), "E501", name=name)
    for name_ in ("poll", "heartbeat"):
        _bounded(check, values, name_, POLL, key)


def _bounded(check: Checker, values: dict[str, Any], name: str, bounds: tuple[int, int],
             key: Key) -> None:
    """Report an integer outside `bounds` (inclusive)."""
    value = values.get(name)
    low, high = bounds
    if value is not None and not low <= value <= high:
        check.add((*key, name), "E212", key=name, value=value,
                  hint=f"写成 {low} 到 {high} 之间的整数（秒）")


def _hours(check: Checker, spec: Spec, value: Any, key: Key) -> tuple[Rule, ...]:
    """Coerce opening hours: a list of {days, time}; absent means always open."""
    if not isinstance(value, list) or not value:
        check.wrong_type(key, spec, value)
        return ()
    rules = []
    for index, item in enumerate(value):
        at = (*key, index)
        if item is None:  # `- ` with nothing after it
            check.add(at, "E216", key=spec.name)
            continue
        if not isinstance(item, dict):
            check.not_mapping(at, spec, item)
            continue
        rule = check.record(Rule, item, at)
        if rule is not None and rule.time is None:
            check.add(at, "E202", key="time", label="时段", example="09:00-17:00")
        elif rule is not None:
            rules.append(rule)
    return tuple(rules)


def _check_rule(check: Checker, values: dict[str, Any], item: Mapping[str, Any],
                key: Key) -> None:
    """Keys written with nothing after them; a date range that ends before it starts."""
    check.blanks(item, keys(Rule), key)
    start, end = values.get("start"), values.get("end")
    if start and end and start > end:
        check.add((*key, "from"), "E507", start=start, end=end)


def _days(check: Checker, spec: Spec, value: Any, key: Key) -> tuple[int, ...] | None:
    """The weekdays of a rule (E504 when unreadable)."""
    days = parse_days(value)
    if days is None:  # a mapping is described, never shown as Python writes it
        check.add(key, "E504", value=describe(value) if isinstance(value, dict) else value)
    return days


def _time(check: Checker, spec: Spec, value: Any, key: Key) -> tuple[int, int] | None:
    """The daily time range of a rule (E503 when unreadable)."""
    time = parse_time_range(value)
    if time is None:
        check.add(key, "E503", value=value)
    return time


def parse_days(value: Any) -> tuple[int, ...] | None:
    """ISO weekdays from "mon-fri", "sat, sun", "周一至周五" or a list; None when unreadable."""
    items = value if isinstance(value, list) else DAY_SPLIT.split(str(value).strip())
    days: set[int] = set()
    for item in items:
        ends = DAY_RANGE.split(str(item).strip().lower())
        if len(ends) > 2 or any(e not in DAY_NAMES for e in ends):
            return None
        first, last = DAY_NAMES[ends[0]], DAY_NAMES[ends[-1]]
        span = range(first, last + 1) if first <= last else (*range(first, 8), *range(1, last + 1))
        days.update(span)
    return tuple(sorted(days)) if days else None


def parse_time_range(value: Any) -> tuple[int, int] | None:
    """Minutes (start, end) from "09:00-17:00"; end <= start wraps past midnight."""
    match = TIME_RANGE.match(str(value)) if isinstance(value, str) else None
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        return None
    start, end = h1 * 60 + m1, h2 * 60 + m2
    return None if start == end else (start, end)


def _playlist(check: Checker, spec: Spec, value: Any, key: Key) -> tuple[Entry, ...]:
    """Coerce the playlist: a non-empty list of entries."""
    if not isinstance(value, list) or not value:
        check.add(key, "E508")
        return ()
    entries = []
    for index, item in enumerate(value):
        at = (*key, index)
        if item is None:  # a `- ` with nothing after it
            check.add(at, "E505")
        elif not isinstance(item, dict):
            check.not_mapping(at, spec, item)
        else:
            entries.append(check.record(Entry, item, at))
    return tuple(e for e in entries if e is not None)


def _check_entry(check: Checker, values: dict[str, Any], item: Mapping[str, Any],
                 key: Key) -> None:
    """An entry shows stories or a slogan, never both; numbers lie within bounds."""
    check.blanks(item, ("schedule",), key)
    _bounded(check, values, "duration", DURATION, key)
    if values.get("newest") is not None and not NEWEST[0] <= values["newest"] <= NEWEST[1]:
        check.add((*key, "newest"), "E212", key="newest", value=values["newest"],
                  hint=f"写成 {NEWEST[0]} 到 {NEWEST[1]} 之间的整数")
    sources = [k for k in ("section", "tags", "outlet", "newest") if k in item]
    if "slogan" in item and sources:
        check.add((*key, "slogan"), "E506", other=sources[0])
    elif "slogan" not in item and not set(sources) - {"newest"}:
        check.add(key, "E505")
