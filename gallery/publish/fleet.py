"""The fleet status as an internal page (大堂屏状态, `screen-status/`), written by every publish,
the nightly timer and `culture screens status --page`; and the notification when a screen
goes stale.

Like the publish history, the page lives in the live folder (`.site.live/fleet.html`, written
atomically) and every build links `screen-status/index.html` to it. `.site.live/fleet.json`
remembers which screens were stale when it was last written, so the administrator's
notification command (gallery.publish.notify) runs once when a screen goes stale, not at
every refresh.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from gallery import templating
from gallery.content.settings import check_settings, read_settings
from gallery.fileio import link_atomic, write_atomic
from gallery.publish import notify
from gallery.publish.live import live_dir
from gallery.screens import status
from gallery.screens.config import check_screens

PAGE = "fleet.html"
STATE = "fleet.json"
SITE_PATH = "screen-status/index.html"
LOG_ENV = "CULTURE_HEARTBEAT_LOG"  # the administrator's heartbeat log, if not nginx's default
TEMPLATES = templating.environment("gallery.publish", markdown=False)


@dataclass(frozen=True)
class Fleet:
    """What one refresh found."""

    lines: list[str]  # the fleet list, as `culture screens status` prints it
    stale: list[str]  # names of the stale screens
    newly: list[str]  # stale now and not at the last refresh (told to the administrator)
    warning: str | None = None  # the notification command's failure, if any


def heartbeat_log(target: Path) -> Path:
    """The heartbeat log: CULTURE_HEARTBEAT_LOG, else the server settings' "heartbeat_log",
    else nginx's default path of our configuration."""
    named = os.environ.get(LOG_ENV) or notify.read_settings(notify.config_file(target)).get(
        "heartbeat_log")
    return Path(named) if isinstance(named, str) and named else status.HEARTBEAT_LOG


def refresh(root: Path, target: Path, now: dt.datetime | None = None,
            log_path: Path | None = None) -> Fleet:
    """Read the heartbeat log, write the page and tell the administrator about screens that
    went stale since the last refresh. Raises OSError for the live folder (not for the log)."""
    now = now or dt.datetime.now().astimezone()
    log_path = log_path or heartbeat_log(target)
    file, _ = read_settings(root)
    settings, _ = check_settings(file)
    declared, _ = check_screens(file, settings.outlet_names)
    try:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            log = status.read_log(handle)
        unread = None
    except OSError as err:
        log, unread = status.Log({}, 0), f"读不了心跳日志 {log_path}：{err.strerror or err}。"
    statuses = status.fleet(declared, log, target)
    lines = status.report(statuses, log, settings.outlet_names, now, str(log_path))
    if unread:
        lines.insert(1, unread)
    stale = [s.screen.name for s in statuses if s.stale(now)]
    folder = live_dir(target)
    before = set(read_state(folder).get("stale", []))
    newly = [] if unread else [name for name in stale if name not in before]
    bad = {s.screen.name for s in statuses if s.stale(now) or s.behind}
    screens = [(line, s.screen.name in bad) for line, s in zip(lines[1:], statuses, strict=False)]
    page = TEMPLATES.get_template(PAGE).render(
        heading=lines[0], screens=screens, notes=lines[1 + len(statuses):],
        written=now.strftime("%Y-%m-%d %H:%M:%S"))
    write_atomic(folder / PAGE, page)
    warning = tell(target, newly, lines, statuses) if newly else None
    if not unread:
        write_atomic(folder / STATE, json.dumps({"stale": stale, "time": now.isoformat()},
                                                ensure_ascii=False) + "\n")
    return Fleet(lines, stale, newly, warning)


def read_state(folder: Path) -> dict:
    """What the last refresh recorded (empty when missing or damaged)."""
    try:
        found = json.loads((folder / STATE).read_bytes())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def tell(target: Path, newly: list[str], lines: list[str],
         statuses: list[status.ScreenStatus]) -> str | None:
    """Run the notification command for screens that went stale."""
    subject = f"大堂屏离线：{'、'.join(newly)}"
    details = [line for line, s in zip(lines[1:], statuses, strict=False)
               if s.screen.name in newly] + [lines[-1]]
    return notify.send(target, notify.SCREEN_STALE, subject, details, screens=",".join(newly))


def link_into(folder: Path, live: Path) -> None:
    """Point the build's `screen-status/index.html` at the live page (a page that does not
    exist yet is written first, so the link never dangles)."""
    if not (live / PAGE).exists():
        write_atomic(live / PAGE, "<!doctype html><meta charset=\"utf-8\"><title>大堂屏状态</title>"
                     "<p>还没有生成大堂屏状态。</p>\n")
    inside = folder / SITE_PATH
    inside.parent.mkdir(parents=True, exist_ok=True)
    link_atomic(inside, os.path.relpath(live / PAGE, inside.parent))
