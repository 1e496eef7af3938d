"""Internal errors: a bug of ours is told to staff as one Chinese line, its traceback is logged.

Content problems are `Problem`s with codes (gallery.problems); anything else that goes wrong
is a bug in this program. It must never pass for a content problem (a bug shown as "photo
damaged" sends staff to re-export a good photo), and staff must never read a traceback: they
get one line saying it is an internal error and where the log is, for a developer to read.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path

from gallery import paths


class InternalError(Exception):
    """A bug caught where it cannot be raised as it is (a photo worker): carries its traceback."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def message(log: str) -> str:
    """The line staff see for a bug of ours."""
    return f"内部错误：这是程序的问题，不是内容的问题。详细记录在 {log}，请把这个文件发给网站维护人员。"


def report(err: BaseException, root: Path) -> str:
    """Write the traceback of `err` into a new log under `root`; return the line for staff."""
    detail = err.detail if isinstance(err, InternalError) else "".join(
        traceback.format_exception(err))
    return message(shown(write_log(detail, root)))


def write_log(detail: str, root: Path) -> Path:
    """A new log file holding `detail` (in the temp folder when the project is read-only)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"internal-{stamp}-{os.getpid()}.log"
    for folder in (root / paths.LOG_DIR, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / name
            log.write_text(detail, "utf-8")
            return log
        except OSError:
            continue
    raise InternalError(detail)  # nowhere to write: the traceback is all that is left


def shown(path: Path) -> str:
    """A log path as a person at this prompt types it: relative when under the current folder."""
    path = path.resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
