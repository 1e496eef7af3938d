"""The emergency notice: notice.yml at the project root, published as site/screen/notice.json.

Every screen polls notice.json, so a notice reaches the lobbies within one poll interval and
leaves them at its end time, without a content build (`culture notice` writes just this file).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from gallery import paths
from gallery.content import words
from gallery.content.engine import Checker, Hook, describe
from gallery.content.read import read_yaml_file
from gallery.content.schema import Key, Spec, entry, record
from gallery.fileio import write_atomic
from gallery.problems import Problem, did_you_mean

NOTICE_FILE = "notice.yml"
NOTICE_JSON = "notice.json"
WHEN = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
LABELS = {"start": "开始时间 start", "end": "结束时间 end"}


@record
class Notice:
    """An emergency notice shown over the playlist until `end` (local wall-clock time)."""

    KEY_ORDER: ClassVar[tuple[str, ...]] = ("title", "text", "start", "end", "screens")

    text: str = entry("text", "通知内容", "系统升级，暂停办理个人外汇业务", True, max_len=500)
    end: dt.datetime = entry("when", "结束时间（到点自动撤下）", "2024-10-01 18:00", True)
    title: str = entry("text", "标题，默认“通知”", "系统升级公告", max_len=40, default="通知")
    start: dt.datetime | None = entry("when", "开始时间（不写则立即开始）", "2024-10-01 08:00",
                                      default=None)
    screens: tuple[str, ...] = entry("list", "只在这些屏幕显示（不写则全部屏幕）", "[qianmen-lobby]",
                                     hook="screen names", default=())
    # Not a key of notice.yml: the outlet and branch names its line breaking knows.
    terms: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The notice as the player reads it (times as local YYYY-MM-DDTHH:MM), its title and
        text also as line-break units."""
        segment = words.segmenter(self.terms)
        return {"title": self.title, "text": self.text, "screens": list(self.screens),
                "start": _stamp(self.start) if self.start else None, "end": _stamp(self.end),
                "words": {"title": segment(self.title), "text": segment(self.text)}}


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M")


def load_notice(root: Path, screens: tuple[str, ...], terms: tuple[str, ...] = (),
                ) -> tuple[Notice | None, list[Problem]]:
    """Read and check notice.yml under `root`; no file or an empty one means no notice.
    `terms`: names its line breaking must keep whole (gallery.content.words.settings_terms)."""
    path = root / NOTICE_FILE
    if not path.is_file():
        return None, []
    data, lines, problems = read_yaml_file(path, NOTICE_FILE)
    if problems or not data:
        return None, problems
    hooks = {"when": _when, "screen names": _screen_names(screens)}
    check = Checker(NOTICE_FILE, lines, hooks, {Notice: _check_notice})
    notice = check.record(Notice, data)
    if notice is None or check.problems:
        return None, check.problems
    return dataclasses.replace(notice, terms=terms), check.problems


def _check_notice(check: Checker, values: dict[str, Any], data: Mapping[str, Any],
                  key: Key) -> None:
    """A notice must start before it ends."""
    start, end = values.get("start"), values.get("end")
    if start and end and start >= end:
        check.add(("start",), "E510", start=_stamp(start).replace("T", " "),
                  end=_stamp(end).replace("T", " "))


def _when(check: Checker, spec: Spec, value: Any, key: Key) -> dt.datetime | None:
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
    check.add(key, "E509", key=spec.name, value=value, label=LABELS[spec.name])
    return None


def _screen_names(screens: tuple[str, ...]) -> Hook:
    """The coercer of the screen names a notice is limited to; each must be declared."""
    def coerce(check: Checker, spec: Spec, value: Any, key: Key) -> tuple[str, ...]:
        if not isinstance(value, list):
            check.add(key, "E203", key=spec.name, expected="列表", actual=describe(value),
                      example=spec.example)
            return ()
        for index, name in enumerate(value):
            if not isinstance(name, (str, int)) or isinstance(name, bool):  # `-` alone, a list…
                check.add((*key, index), "E203", key=spec.name, expected="屏幕名称",
                          actual="空值" if name is None else describe(name), example=spec.example)
            elif str(name) not in screens:
                hint = did_you_mean(str(name), list(screens), "屏幕名称") if screens else \
                    "culture.yml 中还没有声明任何屏幕（screens:）"
                check.add((*key, index), "E511", name=name, hint=hint)
        return tuple(str(n) for n in value)
    return coerce


def notice_json(notice: Notice | None) -> str:
    """The notice file every screen polls."""
    body = {"notice": notice.to_json() if notice else None}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1)


def write_notice(site_dir: Path, notice: Notice | None) -> Path:
    """Write site/screen/notice.json atomically (a screen never reads half a file)."""
    target = site_dir / paths.SCREEN_ROOT / NOTICE_JSON
    write_atomic(target, notice_json(notice))
    return target

