"""Progress of long stages: a labelled bar on a terminal, one summary line otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from gallery.photos.plan import Summary

BAR_WIDTH = 24
REFRESH_SECONDS = 0.1


class TerminalProgress:
    """A Reporter for plan.process: draws a bar when `stream` is a terminal, then hands
    the summary line to `log` (a logger's info method inside MkDocs)."""

    def __init__(self, label: str, log: Callable[[str], object],
                 stream: TextIO | None = None) -> None:
        self.label = label
        self.log = log
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.perf_counter()
        self.drawn_at = 0.0
        self.drawn = False

    @property
    def interactive(self) -> bool:
        """Whether the stream is a terminal (a CI log gets no bar)."""
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def update(self, done: int, total: int) -> None:
        """Redraw the bar: label, done/total and rate (at most ten times a second)."""
        if not self.interactive or not total:
            return
        now = time.perf_counter()
        if done == 0:
            self.started = now
        if done < total and now - self.drawn_at < REFRESH_SECONDS:
            return
        self.drawn_at = now
        self.stream.write("\r" + bar(self.label, done, total, now - self.started))
        self.stream.flush()
        self.drawn = True

    def finish(self, summary: Summary) -> None:
        """End the bar's line and log the summary."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
        self.log(summary.line())


def bar(label: str, done: int, total: int, seconds: float) -> str:
    """One line: label [#####-----] done/total, rate and time left."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    text = f"{label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"
    if done and seconds > 0:
        rate = done / seconds
        text += f"  {rate:.1f} 张/秒  剩余 {(total - done) / rate:.0f} 秒"
    return text
