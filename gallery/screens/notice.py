"""The emergency notice: notice.yml at the project root, published as site/screen/notice.json.

Every screen polls notice.json, so a notice reaches the lobbies within one poll interval and
leaves them at its end time, without a content build (`culture notice` writes just this file).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gallery import paths
from gallery.content.read import read_yaml_file
from gallery.content.records import Field
from gallery.content.validate import Checker, describe
from gallery.fileio import write_atomic
from gallery.problems import Problem, did_you_mean

NOTICE_FILE = "notice.yml"
NOTICE_JSON = "notice.json"
WHEN = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
FIELDS = (
    Field("title", "text", "标题，默认“通知”", example="系统升级公告"),
    Field("text", "text", "通知内容", True, "系统升级，暂停办理个人外汇业务"),
    Field("start", "text", "开始时间（不写则立即开始）", example="2024-10-01 08:00"),
    Field("end", "text", "结束时间（到点自动撤下）", True, "2024-10-01 18:00"),
    Field("screens", "list", "只在这些屏幕显示（不写则全部屏幕）", example="[qianmen-lobby]"),
)
LABELS = {"start": "开始时间 start", "end": "结束时间 end"}


@dataclass(frozen=True)
class Notice:
    """An emergency notice shown over the playlist until `end` (local wall-clock time)."""

    text: str
    end: dt.datetime
    title: str = "通知"
    start: dt.datetime | None = None
    screens: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The notice as the player reads it (times as local YYYY-MM-DDTHH:MM)."""
        return {"title": self.title, "text": self.text, "screens": list(self.screens),
                "start": _stamp(self.start) if self.start else None, "end": _stamp(self.end)}


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M")


def load_notice(root: Path, screens: tuple[str, ...]) -> tuple[Notice | None, list[Problem]]:
    """Read and check notice.yml under `root`; no file or an empty one means no notice."""
    path = root / NOTICE_FILE
    if not path.is_file():
        return None, []
    data, lines, problems = read_yaml_file(path, NOTICE_FILE)
    if problems or not data:
        return None, problems
    check = Checker(NOTICE_FILE, lines)
    notice = _notice(check, data, screens)
    return (None if check.problems else notice), check.problems


def _notice(check: Checker, data: dict[str, Any], screens: tuple[str, ...]) -> Notice | None:
    """Coerce the notice mapping."""
    check.unknown_keys(data, tuple(f.name for f in FIELDS))
    values: dict[str, Any] = {}
    for f in FIELDS:
        if data.get(f.name) is None:
            if f.required:
                check.add((), "E202", key=f.name, label=f.label, example=f.example)
        elif f.name in ("start", "end"):
            values[f.name] = _when(check, f.name, data[f.name])
        elif f.name == "screens":
            values["screens"] = _screens(check, data["screens"], screens)
        else:
            values[f.name] = check.scalar(f, data[f.name], (f.name,))
    start, end = values.get("start"), values.get("end")
    if start and end and start >= end:
        check.add(("start",), "E510", start=_stamp(start).replace("T", " "),
                  end=_stamp(end).replace("T", " "))
    if check.problems:
        return None
    return Notice(**values)


def _when(check: Checker, name: str, value: Any) -> dt.datetime | None:
    """A local date and time from YAML (a timestamp or "2024-10-01 18:00")."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    match = WHEN.match(value) if isinstance(value, str) else None
    try:
        if match:
            y, mo, d, h, mi = (int(g) for g in match.groups()[:5])
            return dt.datetime(y, mo, d, h, mi)
    except ValueError:
        pass  # an impossible date such as 2024-02-30 is reported below like any other
    check.add((name,), "E509", key=name, value=value, label=LABELS[name])
    return None


def _screens(check: Checker, value: Any, screens: tuple[str, ...]) -> tuple[str, ...]:
    """The screen names a notice is limited to; each must be declared."""
    items = value if isinstance(value, list) else None
    if items is None:
        check.add(("screens",), "E203", key="screens", expected="列表", actual=describe(value),
                  example=FIELDS[4].example)
        return ()
    for index, name in enumerate(items):
        if not isinstance(name, (str, int)) or isinstance(name, bool):  # `-` alone, a list…
            check.add(("screens", index), "E203", key="screens", expected="屏幕名称",
                      actual="空值" if name is None else describe(name), example=FIELDS[4].example)
        elif str(name) not in screens:
            hint = did_you_mean(str(name), list(screens), "屏幕名称") if screens else \
                "culture.yml 中还没有声明任何屏幕（screens:）"
            check.add(("screens", index), "E511", name=name, hint=hint)
    return tuple(str(n) for n in items)


def notice_json(notice: Notice | None) -> str:
    """The notice file every screen polls."""
    body = {"notice": notice.to_json() if notice else None}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1)


def write_notice(site_dir: Path, notice: Notice | None) -> Path:
    """Write site/screen/notice.json atomically (a screen never reads half a file)."""
    target = site_dir / paths.SCREEN_ROOT / NOTICE_JSON
    write_atomic(target, notice_json(notice))
    return target

