"""Progress of the photo stage: click's labelled bar on a terminal, one summary line always."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

from gallery.photos.plan import Summary

BAR_WIDTH = 24
# "照片处理 [#####-----] 37/200  00:00:31  5.2 张/秒": position, time left, rate.
TEMPLATE = "%(label)s [%(bar)s] %(info)s"


class TerminalProgress:
    """A Reporter for plan.process: a click progress bar while jobs run, drawn only when
    `stream` is a terminal (a CI log gets no bar), then the summary line handed to `log`
    (a logger's info method inside MkDocs)."""

    def __init__(self, label: str, log: Callable[[str], object],
                 stream: TextIO | None = None) -> None:
        self.label = label
        self.log = log
        self.stream = stream if stream is not None else sys.stderr
        self.bar: ProgressBar[int | None] | None = None
        self.open = contextlib.ExitStack()
        self.started = 0.0

    @property
    def interactive(self) -> bool:
        """Whether the stream is a terminal (a CI log gets no bar)."""
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def update(self, done: int, total: int) -> None:
        """Move the bar to `done` of `total` (the first call draws it)."""
        if not self.interactive or not total:
            return
        bar = self.bar
        if bar is None:
            self.started = time.perf_counter()
            bar = self.bar = self.open.enter_context(click.progressbar(
                length=total, label=self.label, file=self.stream, width=BAR_WIDTH,
                bar_template=TEMPLATE, show_pos=True, show_eta=True, item_show_func=self.rate))
        if done > bar.pos:
            bar.update(done - bar.pos)
        if done >= total:  # end the line (and show the cursor again) even if the stage fails
            self.open.close()

    def rate(self, _item: int | None) -> str | None:
        """Photos per second so far, in Chinese (shown after the bar)."""
        seconds = time.perf_counter() - self.started
        done = self.bar.pos if self.bar else 0
        return f"{done / seconds:.1f} 张/秒" if done and seconds > 0 else None

    def finish(self, summary: Summary) -> None:
        """End the bar's line (if still open) and log the summary."""
        self.open.close()
        self.bar = None
        self.log(summary.line())

