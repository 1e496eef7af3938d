"""Telling the administrator: a command run when a publish fails or a lobby screen goes stale.

The command is the administrator's setting, never the staff's: `culture server init --notify
CMD` writes it (as an argument list) into `.site.server.json` beside the served path, and the
environment variable CULTURE_NOTIFY (e.g. `Environment=` in the systemd unit) overrides it.
Nothing in culture.yml or anywhere in the staff repository is read. The command is started
without a shell; what happened is passed in environment variables (CULTURE_EVENT,
CULTURE_SITE, CULTURE_SUBJECT, CULTURE_COMMIT, CULTURE_SCREENS) and as text on its standard
input (the subject line, then the details), never interpolated into a command line. A command
that fails or hangs is reported on stderr and never fails the publish.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

from gallery.fileio import write_atomic

NOTIFY_ENV = "CULTURE_NOTIFY"
TIMEOUT = 60  # seconds a notification may take
PUBLISH_FAILED = "publish-failed"
SCREEN_STALE = "screen-stale"


def config_file(target: Path) -> Path:
    """The server settings of the served path `target`: hidden, beside it."""
    return target.parent / f".{target.name}.server.json"


def save(target: Path, key: str, value: object | None) -> Path:
    """Set one server setting ("notify": the command as a list, "heartbeat_log": a path; None
    removes it)."""
    path = config_file(target)
    settings = read_settings(path)
    if value:
        settings[key] = value
    else:
        settings.pop(key, None)
    write_atomic(path, json.dumps(settings, ensure_ascii=False, indent=1) + "\n")
    return path


def read_settings(path: Path) -> dict:
    """The server settings file as a dict (empty when missing, damaged, or committed to Git:
    a file a staffer could have pushed never names a command)."""
    if tracked(path):
        return {}
    try:
        settings = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return settings if isinstance(settings, dict) else {}


def tracked(path: Path) -> bool:
    """Whether Git tracks `path` in the work tree around it (false outside any work tree)."""
    if not path.exists():
        return False
    try:
        found = subprocess.run(["git", "ls-files", "--error-unmatch", "--", path.name],
                               cwd=path.parent, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: trust nothing
    return found.returncode == 0


def command(target: Path) -> list[str] | None:
    """The notification command: CULTURE_NOTIFY (split like a shell would, but never run by
    one), else the server settings; None when neither names one."""
    text = os.environ.get(NOTIFY_ENV, "").strip()
    if text:
        try:
            return shlex.split(text) or None
        except ValueError:
            return None
    found = read_settings(config_file(target)).get("notify")
    if isinstance(found, list) and found and all(isinstance(a, str) for a in found):
        return found
    return None


def send(target: Path, event: str, subject: str, details: list[str],
         **extra: str) -> str | None:
    """Run the notification command for `event`; None when it ran fine or there is none,
    else one Chinese line saying what went wrong (for stderr)."""
    argv = command(target)
    if not argv:
        return None
    env = {**os.environ, "CULTURE_EVENT": event, "CULTURE_SITE": str(target),
           "CULTURE_SUBJECT": subject,
           **{f"CULTURE_{k.upper()}": v for k, v in extra.items()}}
    env.pop(NOTIFY_ENV, None)
    text = "\n".join([subject, "", *details]) + "\n"
    try:
        done = subprocess.run(argv, input=text.encode("utf-8"), env=env, capture_output=True,
                              timeout=TIMEOUT, check=False, start_new_session=True)
    except FileNotFoundError:
        return f"通知命令 {argv[0]} 不存在，没有发出通知（管理员请检查 culture server init --notify 的设置）。"
    except PermissionError:
        return f"通知命令 {argv[0]} 不能执行（没有执行权限），没有发出通知。"
    except subprocess.TimeoutExpired:
        return f"通知命令 {argv[0]} 运行超过 {TIMEOUT} 秒，已停止；通知可能没有发出。"
    except OSError as err:
        return f"通知命令 {argv[0]} 无法运行（{err.strerror}），没有发出通知。"
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"通知命令 {argv[0]} 失败（退出码 {done.returncode}）{said[0]}，通知可能没有发出。"
    return None
