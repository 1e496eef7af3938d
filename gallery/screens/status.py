"""The screen fleet at a glance (`culture screens status`): every declared screen, when it was
last heard of, which build and item it plays, and whether it is stale or behind.

The player (player/player.js) requests `screen/heartbeat.txt?screen=…&build=…&player=…&item=…`
every `heartbeat` seconds; nginx logs those requests in the format of our site configuration
(gallery/publish/nginx.conf.j2):

    2026-11-30T10:00:00+08:00 10.1.2.3 200 "screen=qianmen-lobby&build=99ca…&player=c49d…&item=…"

A screen is stale when its last heartbeat is older than STALE_AFTER heartbeat intervals, and
behind when the build it reported is not the one in the site's screen/<name>/version.json.
Lines that do not parse are counted and skipped, never fatal: a log is written by others.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gallery import paths
from gallery.screens.config import Screen

HEARTBEAT_LOG = Path("/var/log/nginx/culture-heartbeat.log")
STALE_AFTER = 3  # heartbeat intervals without a heartbeat
LINE = re.compile(r'^(\S+) (\S+) (\d{3}) "(.*)"$')
ESCAPED = re.compile(r"\\x([0-9A-Fa-f]{2})")  # nginx's escape=default for odd bytes
ITEM_NAMES = {"closed": "营业时间外（黑屏）", "notice": "紧急通知", "fallback": "备用画面"}


@dataclass(frozen=True)
class Heartbeat:
    """One heartbeat line: when, from where, and what the screen said about itself."""

    time: dt.datetime
    address: str
    screen: str
    build: str
    item: str


@dataclass(frozen=True)
class Log:
    """What a heartbeat log says: the last heartbeat of each screen, and lines skipped."""

    last: dict[str, Heartbeat]
    skipped: int


def parse_line(line: str) -> Heartbeat | None:
    """A heartbeat from one log line, or None when the line is not one."""
    match = LINE.match(line.strip())
    if not match:
        return None
    stamp, address, _status, query = match.groups()
    try:
        time = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    raw = ESCAPED.sub(lambda m: f"%{m.group(1)}", query)
    fields = {k: v[-1] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}
    screen = fields.get("screen", "")
    if time.tzinfo is None or not paths.is_slug(screen):
        return None
    return Heartbeat(time, address, screen, fields.get("build", ""), fields.get("item", ""))


def read_log(lines: Iterable[str]) -> Log:
    """The last heartbeat of every screen in `lines`, and how many lines were skipped."""
    last: dict[str, Heartbeat] = {}
    skipped = 0
    for line in lines:
        if not line.strip():
            continue
        beat = parse_line(line)
        if beat is None:
            skipped += 1
        elif beat.screen not in last or beat.time >= last[beat.screen].time:
            last[beat.screen] = beat
    return Log(last, skipped)


@dataclass(frozen=True)
class ScreenStatus:
    """One declared screen as the fleet list shows it."""

    screen: Screen
    last: Heartbeat | None
    latest: str | None  # the build the site holds for it, None if unknown
    titles: dict[str, str]  # playlist item id -> title, from the site

    def stale(self, now: dt.datetime) -> bool:
        """No heartbeat for more than STALE_AFTER of this screen's heartbeat intervals."""
        limit = dt.timedelta(seconds=STALE_AFTER * self.screen.heartbeat)
        return self.last is None or now - self.last.time > limit

    @property
    def behind(self) -> bool:
        """It plays a build other than the latest (known) one."""
        return bool(self.last and self.latest and self.last.build != self.latest)


def site_screen(site_dir: Path, name: str) -> tuple[str | None, dict[str, str]]:
    """The latest build of screen `name` in the site and its items' titles (None, {} if none)."""
    folder = site_dir / paths.screen_dir(name)
    try:
        build = str(json.loads((folder / "version.json").read_bytes())["build"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, {}
    try:
        playlist = json.loads((folder / "playlist.json").read_bytes())
        items = [*playlist["items"], playlist["fallback"]]
        titles = {str(i["id"]): str(i.get("title") or "") for i in items if i}
    except (OSError, ValueError, KeyError, TypeError):
        titles = {}
    return build, titles


def fleet(screens: Iterable[Screen], log: Log, site_dir: Path) -> list[ScreenStatus]:
    """The status of every declared screen, in the order of culture.yml."""
    return [ScreenStatus(s, log.last.get(s.name), *site_screen(site_dir, s.name)) for s in screens]


def age(seconds: float) -> str:
    """How long ago, in the largest whole unit: 30 秒前, 5 分钟前, 2 小时前, 3 天前."""
    if seconds < 1:
        return "刚刚"
    for unit, size in (("天", 86400), ("小时", 3600), ("分钟", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit}前"
    return f"{int(seconds)} 秒前"


def span(seconds: int) -> str:
    """A duration: whole minutes when it is some, else seconds."""
    return f"{seconds // 60} 分钟" if seconds % 60 == 0 else f"{seconds} 秒"


def item_text(item: str, titles: dict[str, str]) -> str:
    """What the screen shows, for a person: the item's title when the site knows it."""
    if item in ITEM_NAMES:
        return ITEM_NAMES[item]
    if titles.get(item):
        return f"“{titles[item]}”（{item}）"
    return item or "—"


def screen_line(status: ScreenStatus, outlets: dict[str, str], now: dt.datetime) -> str:
    """One screen of the fleet list."""
    screen, last = status.screen, status.last
    where = f"{screen.name}（{outlets.get(screen.outlet, screen.outlet)}）"
    if last is None:
        return f"{where}：离线，从未收到心跳。"
    stale = status.stale(now)
    state = (f"离线（超过 {span(STALE_AFTER * screen.heartbeat)}没有心跳）" if stale else "正常")
    if status.behind:
        state += "，版本落后"
    when = last.time.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M:%S")
    if status.latest is None:
        version = f"{last.build or '—'}（网站里没有这块屏幕的最新版本）"
    elif status.behind:
        version = f"{last.build or '—'}（最新为 {status.latest}）"
    else:
        version = f"{last.build}（最新）"
    verb = "最后播放" if stale else "正在播放"
    return (f"{where}：{state}。最后心跳 {when}（{age((now - last.time).total_seconds())}），"
            f"版本 {version}，{verb} {item_text(last.item, status.titles)}。")


def report(statuses: list[ScreenStatus], log: Log, outlets: dict[str, str], now: dt.datetime,
           source: str) -> list[str]:
    """The fleet list as printed by `culture screens status`."""
    lines = [f"大堂屏状态（心跳日志 {source}，截至 {now.strftime('%Y-%m-%d %H:%M:%S')}）："]
    if not statuses:
        lines.append("culture.yml 里没有声明大堂屏（screens:）。")
    lines += [screen_line(s, outlets, now) for s in statuses]
    if statuses:
        stale = sum(1 for s in statuses if s.stale(now))
        behind = sum(1 for s in statuses if s.behind)
        lines.append(f"共 {len(statuses)} 块屏幕：{len(statuses) - stale} 块正常，{stale} 块离线，"
                     f"{behind} 块版本落后。")
    declared = {s.screen.name for s in statuses}
    unknown = sorted(set(log.last) - declared)
    if unknown:
        lines.append(f"日志里还有 culture.yml 没有声明的屏幕：{'、'.join(unknown)}。")
    if log.skipped:
        lines.append(f"跳过了 {log.skipped} 行无法识别的日志（不是心跳格式）。")
    return lines


def healthy(statuses: list[ScreenStatus], now: dt.datetime) -> bool:
    """Every screen heard of recently and playing the latest build."""
    return not any(s.stale(now) or s.behind for s in statuses)
