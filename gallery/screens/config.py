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
from dataclasses import dataclass
from typing import Any

from gallery.content.records import PUBLIC_SECTIONS, Field
from gallery.content.settings import SETTINGS_FILE, SettingsFile
from gallery.content.validate import Checker, describe
from gallery.paths import is_slug
from gallery.problems import Problem, did_you_mean

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

SCREEN = (
    Field("name", "text", "屏幕名称（也是网址 screen/名称/）", True, "qianmen-lobby"),
    Field("outlet", "outlet", "所在网点编号", True, "qianmen"),
    Field("orientation", "choice", "横屏 landscape 或竖屏 portrait", example="landscape",
          choices=ORIENTATIONS),
    Field("resolution", "choice", "分辨率 1080p 或 4k", example="1080p", choices=RESOLUTIONS),
    Field("hours", "list", "营业时间：之外屏幕全黑", example="[{days: mon-fri, time: 09:00-17:00}]"),
    Field("playlist", "list", "播放列表", True, "[{section: moments, newest: 5}]"),
    Field("poll", "int", "检查更新和紧急通知的间隔（秒）", example="60"),
    Field("heartbeat", "int", "心跳间隔（秒）", example="60"),
)
ENTRY = (
    Field("section", "choice", "栏目目录", example="moments", choices=PUBLIC_SECTIONS),
    Field("tags", "tags", "标签：带其中任一标签的故事", example="[暖心服务]"),
    Field("outlet", "outlet", "只取这个网点的故事", example="qianmen"),
    Field("newest", "int", "只取最新的几篇", example="5"),
    Field("slogan", "text", "固定标语", example="客户为尊，服务如意"),
    Field("duration", "int", "每张停留秒数", example="10"),
    Field("schedule", "mapping", "播放时段", example="{days: mon-fri, time: 09:00-17:00}"),
)
RULE = (
    Field("from", "date", "开始日期（含）", example="2024-09-01"),
    Field("until", "date", "结束日期（含）", example="2024-10-31"),
    Field("days", "text", "星期", example="mon-fri"),
    Field("time", "text", "时段", example="09:00-17:00"),
)


@dataclass(frozen=True)
class Rule:
    """When something plays: a date range, weekdays and a daily time range (all optional)."""

    start: dt.date | None = None
    end: dt.date | None = None
    days: tuple[int, ...] = ()
    time: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """The rule as the player reads it."""
        return {"from": self.start.isoformat() if self.start else None,
                "until": self.end.isoformat() if self.end else None,
                "days": list(self.days), "time": list(self.time) if self.time else None}


@dataclass(frozen=True)
class Entry:
    """One playlist entry: a content source (section, tags, outlet, newest) or a slogan."""

    duration: int = 10
    section: str | None = None
    tags: tuple[str, ...] = ()
    outlet: str | None = None
    newest: int | None = None
    slogan: str | None = None
    schedule: Rule | None = None


@dataclass(frozen=True)
class Screen:
    """A lobby screen: where it is, its shape, its opening hours and its playlist."""

    name: str
    outlet: str
    playlist: tuple[Entry, ...]
    orientation: str = "landscape"
    resolution: str = "1080p"
    hours: tuple[Rule, ...] = ()
    poll: int = 60
    heartbeat: int = 60

    @property
    def size(self) -> tuple[int, int]:
        """The screen's pixel size (width, height), orientation-aware."""
        long, short = (3840, 2160) if self.resolution == "4k" else (1920, 1080)
        return (long, short) if self.orientation == "landscape" else (short, long)


def check_screens(file: SettingsFile | None, outlets: dict[str, str],
                  ) -> tuple[tuple[Screen, ...], list[Problem]]:
    """The `screens:` of a read culture.yml, checked; broken screens are reported and left out."""
    if file is None:
        return (), []
    check = Checker(SETTINGS_FILE, file.lines)
    screens = parse_screens(check, file.data.get("screens"), outlets)
    return screens, sorted(check.problems)


def parse_screens(check: Checker, value: Any, outlets: dict[str, str]) -> tuple[Screen, ...]:
    """Coerce the `screens:` list; broken screens are reported and left out."""
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add(("screens",), "E203", key="screens", expected="列表", actual=describe(value),
                  example="[{name: qianmen-lobby, outlet: qianmen, playlist: [...]}]")
        return ()
    screens, seen = [], set()
    for index, item in enumerate(value):
        screen = _screen(check, item, ("screens", index), outlets)
        if screen is None:
            continue
        if screen.name in seen:
            check.add(("screens", index, "name"), "E502", name=screen.name)
            continue
        seen.add(screen.name)
        screens.append(screen)
    return tuple(screens)


def _screen(check: Checker, item: Any, key: tuple, outlets: dict[str, str]) -> Screen | None:
    """Coerce one screen; None when anything in it is wrong."""
    if not isinstance(item, dict):
        return check.add(key, "E203", key="screens", expected="“字段: 值”组",
                         actual=describe(item), example=SCREEN[0].example)
    before = len(check.problems)
    check.unknown_keys(item, tuple(f.name for f in SCREEN), key)
    values = _scalars(check, item, SCREEN, key, outlets)
    name = values.get("name")
    if name is not None and not is_slug(name):
        check.add(key + ("name",), "E501", name=name)
    for name_, bounds in (("poll", POLL), ("heartbeat", POLL)):
        _bounded(check, values, name_, bounds, key)
    hours = _hours(check, item.get("hours"), key + ("hours",))
    playlist = _playlist(check, item.get("playlist"), key + ("playlist",), outlets)
    if len(check.problems) != before:
        return None
    return Screen(hours=hours, playlist=playlist, **values)


def _scalars(check: Checker, item: dict, fields: tuple[Field, ...], key: tuple,
             outlets: dict[str, str]) -> dict[str, Any]:
    """The scalar fields of a mapping, coerced; required ones reported when missing."""
    values: dict[str, Any] = {}
    for f in fields:
        raw = item.get(f.name)
        if raw is None:
            if f.required:
                check.add(key, "E202", key=f.name, label=f.label, example=f.example)
            continue
        if f.kind in ("list", "mapping"):
            continue
        value = check.tags(f, raw, key + (f.name,)) if f.kind == "tags" else check.scalar(
            f, raw, key + (f.name,))
        if f.kind == "outlet" and value is not None and value not in outlets:
            hint = did_you_mean(value, list(outlets), "网点编号")
            check.add(key + (f.name,), "E207", value=value,
                      hint=hint + "（网点在 culture.yml 的 outlets 中声明）")
            continue
        if value is not None:
            values[f.name] = value
    return values


def _bounded(check: Checker, values: dict, name: str, bounds: tuple[int, int], key: tuple) -> None:
    """Report an integer outside `bounds` (inclusive)."""
    value = values.get(name)
    low, high = bounds
    if value is not None and not low <= value <= high:
        check.add(key + (name,), "E212", key=name, value=value,
                  hint=f"写成 {low} 到 {high} 之间的整数（秒）")


def _hours(check: Checker, value: Any, key: tuple) -> tuple[Rule, ...]:
    """Coerce opening hours: a list of {days, time}; absent means always open."""
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        check.add(key, "E203", key="hours", expected="列表", actual=describe(value),
                  example=SCREEN[4].example)
        return ()
    rules = []
    for index, item in enumerate(value):
        rule = _rule(check, item, key + (index,), "hours")
        if rule is not None and rule.time is None:
            check.add(key + (index,), "E202", key="time", label="时段", example="09:00-17:00")
        elif rule is not None:
            rules.append(rule)
    return tuple(rules)


def _rule(check: Checker, item: Any, key: tuple, name: str) -> Rule | None:
    """Coerce one schedule mapping {from, until, days, time}."""
    if item is None:  # `schedule:` or `- ` with nothing after it
        return check.add(key, "E216", key=name)
    if not isinstance(item, dict):
        return check.add(key, "E203", key=name, expected="“字段: 值”组", actual=describe(item),
                         example="{days: mon-fri, time: 09:00-17:00}")
    before = len(check.problems)
    check.unknown_keys(item, tuple(f.name for f in RULE), key)
    for empty in [k for k in ("from", "until", "days", "time") if k in item and item[k] is None]:
        check.add(key + (empty,), "E216", key=empty)
        item = {k: v for k, v in item.items() if k != empty}
    start = check.date(RULE[0], item["from"], key + ("from",)) if "from" in item else None
    end = check.date(RULE[1], item["until"], key + ("until",)) if "until" in item else None
    if start and end and start > end:
        check.add(key + ("from",), "E507", start=start, end=end)
    days = parse_days(item["days"]) if "days" in item else ()
    if days is None:
        value = item["days"]  # a mapping is described, never shown as Python writes it
        check.add(key + ("days",), "E504", value=describe(value) if isinstance(value, dict) else value)
    time = parse_time_range(item["time"]) if "time" in item else None
    if "time" in item and time is None:
        check.add(key + ("time",), "E503", value=item["time"])
    if len(check.problems) != before:
        return None
    return Rule(start, end, days or (), time)


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


def _playlist(check: Checker, value: Any, key: tuple, outlets: dict[str, str]) -> tuple:
    """Coerce the playlist: a non-empty list of entries."""
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        check.add(key, "E508")
        return ()
    entries = (_entry(check, item, key + (index,), outlets) for index, item in enumerate(value))
    return tuple(e for e in entries if e is not None)


def _entry(check: Checker, item: Any, key: tuple, outlets: dict[str, str]) -> Entry | None:
    """Coerce one playlist entry."""
    if item is None:  # a `- ` with nothing after it
        return check.add(key, "E505")
    if not isinstance(item, dict):
        return check.add(key, "E203", key="playlist", expected="“字段: 值”组",
                         actual=describe(item), example="{section: moments, newest: 5}")
    before = len(check.problems)
    check.unknown_keys(item, tuple(f.name for f in ENTRY), key)
    values = _scalars(check, item, ENTRY, key, outlets)
    _bounded(check, values, "duration", DURATION, key)
    if values.get("newest") is not None and not NEWEST[0] <= values["newest"] <= NEWEST[1]:
        check.add(key + ("newest",), "E212", key="newest", value=values["newest"],
                  hint=f"写成 {NEWEST[0]} 到 {NEWEST[1]} 之间的整数")
    sources = [k for k in ("section", "tags", "outlet", "newest") if k in item]
    if "slogan" in item and sources:
        check.add(key + ("slogan",), "E506", other=sources[0])
    elif "slogan" not in item and not set(sources) - {"newest"}:
        check.add(key, "E505")
    if "schedule" in item:
        values["schedule"] = _rule(check, item["schedule"], key + ("schedule",), "schedule")
    if len(check.problems) != before:
        return None
    return Entry(**values)
