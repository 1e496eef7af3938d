"""The preview (`culture serve`): a free port, and the last rebuild's problems on every page.

MkDocs' live-reload server reloads every open page when a rebuild finishes. A rebuild that
fails on content keeps the last good site (glue.keep_last_good), so without help the browser
would quietly show old pages. Here the server adds an overlay to each HTML page it serves,
listing the problems of the last rebuild in Chinese; the rebuild after the fix reloads the
page without it. The terminal prints the same lines (the hook logs them).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gallery.content import configfile
from gallery.content.layout import Changes
from gallery.templating import environment

PORT_TRIES = 50
FAILED = "内容有 {count} 个问题，网站没有更新：浏览器中仍是上一次成功生成的网站。"
WARNED = "内容有 {count} 个警告：预览照常，但正式发布会失败。"
SERVING = "预览地址：{url}（保存文件后浏览器自动刷新；按 Ctrl+C 停止）"
REBUILT = "已重新生成，浏览器会自动刷新。"
FOOTER = "按每行的提示修改并保存，本页会自动刷新；全部改好后这个提示消失。"
# Marks a page as served by the preview: the lobby screen explains its closed (black) state.
PREVIEW_MARK = b'<script>document.documentElement.setAttribute("data-culture-preview", "");</script>'
TEMPLATES = environment("gallery.mkdocs", markdown=False)


@dataclass
class Shown:
    """What the overlay shows: a headline and the problem lines (nothing when both are empty)."""

    headline: str = ""
    lines: tuple[str, ...] = ()
    failed: bool = False


class Overlay:
    """The problems of the last rebuild, shared by the build loop and the request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lines: tuple[str, ...] = ()
        self._shown = Shown()

    def record(self, lines: Iterable[str]) -> None:
        """The problem lines of the build under way (errors and warnings, sorted)."""
        with self._lock:
            self._lines = tuple(lines)

    def start(self) -> None:
        """A rebuild starts: forget the lines of the previous one."""
        self.record(())

    def finish(self, failure: str | None) -> None:
        """The rebuild ended: `failure` is its Chinese stop message, None when it succeeded."""
        with self._lock:
            lines = self._lines
            if failure is not None:
                head = FAILED.format(count=len(lines)) if lines else failure
                self._shown = Shown(head, lines, failed=True)
            elif lines:
                self._shown = Shown(WARNED.format(count=len(lines)), lines)
            else:
                self._shown = Shown()

    def shown(self) -> Shown:
        """What the pages show now."""
        with self._lock:
            return self._shown

    def html(self) -> bytes:
        """The overlay markup to add to a page (empty when the last rebuild had no problems)."""
        shown = self.shown()
        if not shown.headline:
            return b""
        colour = "#c62828" if shown.failed else "#f9a825"
        return TEMPLATES.get_template("overlay.html").render(
            headline=shown.headline, lines=shown.lines, footer=FOOTER, colour=colour,
        ).encode("utf-8")


OVERLAY = Overlay()


def inject(server: object, overlay: Overlay = OVERLAY) -> None:
    """Make the live-reload server add the preview mark and the overlay to every HTML page.

    MkDocs 1.6 adds its reload script through LiveReloadServer._inject_js_into_html (called
    for each .html file it serves); we put our block in front of it, before </body>.
    """
    original: Callable[[bytes, int], bytes] = server._inject_js_into_html  # type: ignore[attr-defined]

    def with_overlay(content: bytes, epoch: int) -> bytes:
        block = PREVIEW_MARK + overlay.html()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return original(content[:end] + block + content[end:], epoch)

    server._inject_js_into_html = with_overlay  # type: ignore[attr-defined]


def announce_when_listening(server: object, say: Callable[[str], object]) -> None:
    """Say the preview's address once the server listens (it binds after the on_serve event),
    so nobody, a test included, opens it before it answers."""
    activate: Callable[[], None] = server.server_activate  # type: ignore[attr-defined]

    def activate_and_say() -> None:
        activate()
        say(SERVING.format(url=server.url))  # type: ignore[attr-defined]

    server.server_activate = activate_and_say  # type: ignore[attr-defined]


def free_port(host: str, wanted: int, tries: int = PORT_TRIES) -> int | None:
    """The first port from `wanted` on that `host` lets us listen on (None if none of `tries`)."""
    for port in range(wanted, min(wanted + tries, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    return None


class PreviewFailed(Exception):
    """The preview could not start; the message says why in Chinese."""


BUSY = "端口 {wanted} 已被占用（也许另一个 culture serve 正在运行），改用端口 {port}。"
NO_PORT = ("端口 {first} 到 {last} 都被占用，请用 --port 指定其他端口，"
           "例如 culture serve --port 8100。")
NOT_STARTED = "预览没有启动：改好后再运行 culture serve。"
FIRST_BUILD_FAILED = "{message} " + NOT_STARTED


class TerminalFormat(logging.Formatter):
    """Our own lines as they are (without the plugin logger's "culture: " prefix)."""

    def format(self, record: logging.LogRecord) -> str:
        """The message alone."""
        return record.getMessage().removeprefix("culture: ")


class OursAndProblems(logging.Filter):
    """Our plugin's lines at every level; MkDocs' own progress lines (English) only when
    they are warnings or errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether the terminal shows the record."""
        return record.name.startswith("mkdocs.plugins.culture") or \
            record.levelno >= logging.WARNING


def serve(root: Path, host: str, wanted: int, say: Callable[[str], object]) -> None:
    """Build and serve the project at `root` with live reload until Ctrl+C.

    The port is `wanted` or, when it is busy, the next free one (said through `say`).
    Raises PreviewFailed when no port is free or the first build fails.
    """
    port = free_port(host, wanted)
    if port is None:
        raise PreviewFailed(NO_PORT.format(first=wanted, last=wanted + PORT_TRIES - 1))
    if port != wanted:
        say(BUSY.format(wanted=wanted, port=port))
    from mkdocs.exceptions import Abort  # imports Material: after the env is set

    with contextlib.suppress(ImportError):  # a missing jieba is reported by the hook
        import jieba  # its dictionary-loading lines are English noise in the staff's terminal

        jieba.setLogLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(TerminalFormat())
    handler.addFilter(OursAndProblems())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    found = configfile.config_problem(root / configfile.CONFIG_FILE, root)
    if found is not None:
        raise PreviewFailed(f"{found}\n{NOT_STARTED}")
    try:
        run_server(root / configfile.CONFIG_FILE, host, port)
    except Abort as err:
        raise PreviewFailed(FIRST_BUILD_FAILED.format(message=err.message)) from None
    finally:
        logger.removeHandler(handler)


# inotify also reports a file opened or closed without writing (watchdog 4+). MkDocs' handler
# rebuilds on any event, so the rebuild's own reading of a changed story or photo would start
# another rebuild, and every open page would reload twice (or more) for one save.
READ_ONLY_EVENTS = frozenset({"opened", "closed_no_write"})


def changes() -> list[type]:
    """The events that are changes. Asking inotify for these only keeps opening and reading out
    of the system's queue: a rebuild opens every story (5,000 at 5,000 stories, twice that
    with the closes), which overflowed the queue (16,384 events), so events were lost."""
    from watchdog import events

    return [events.FileModifiedEvent, events.DirModifiedEvent, events.FileCreatedEvent,
            events.DirCreatedEvent, events.FileDeletedEvent, events.DirDeletedEvent,
            events.FileMovedEvent, events.DirMovedEvent, events.FileClosedEvent]


class ChangesOnly:
    """A watchdog handler that passes on every event but a read, first telling `record` the
    paths it names (the rebuild then loads only what changed, see content.layout)."""

    def __init__(self, handler: Any, record: Callable[..., None] | None = None) -> None:
        self.handler = handler
        self.record = record

    def dispatch(self, event: Any) -> None:
        """Hand a change to the wrapped handler; drop opening and reading."""
        if event.event_type not in READ_ONLY_EVENTS:
            if self.record is not None:  # before the rebuild it asks for can start
                self.record(_text(event.src_path), _text(getattr(event, "dest_path", "")))
            self.handler.dispatch(event)


def _text(path: str | bytes) -> str:
    """A path watchdog reported, as text."""
    return os.fsdecode(path)


class Watcher:
    """The live-reload server's file watcher: the system's change notifications (inotify on
    Linux), which see a save at once and cost nothing between saves, in place of MkDocs'
    polling, which looks at every file under site_src/ every 0.5 s (in the process that
    rebuilds: about 35 ms a look at 1,000 stories, 175 ms at 5,000) and sees a save 0.25 s
    late on average. Where notifications cannot be had (a watch limit, a file system without
    them), it polls as `mkdocs serve` does."""

    def __init__(self, interval: float = 0.5, changes: Changes | None = None) -> None:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        self.changes = changes  # told every path reported, and when the watch runs
        self.overflow: Overflow | None = None
        self.native: Any = Observer()
        self.polling: Any = PollingObserver(timeout=interval)
        self.active = self.native
        self.watched: list[tuple[Any, str, bool]] = []

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> Any:
        """Watch `path` for `handler` (LiveReloadServer.watch calls it), changes only."""
        handler = ChangesOnly(handler, self.changes.add if self.changes is not None else None)
        self.watched.append((handler, path, recursive))
        return self.active.schedule(handler, path, recursive=recursive, event_filter=changes())

    def unschedule(self, watch: Any) -> None:
        """Stop a watch (a watch of either observer names the same path)."""
        self.active.unschedule(watch)

    def start(self) -> None:
        """Start watching: natively, else by polling."""
        if self.changes is not None:
            self.overflow = Overflow(self.changes)
            logging.getLogger(Overflow.LOGGER).addHandler(self.overflow)
        try:
            self.native.start()
        except OSError as err:
            logging.getLogger("mkdocs").debug(f"watching by polling: {err}")
            self.active = self.polling
            for handler, path, recursive in self.watched:
                self.polling.schedule(handler, path, recursive=recursive,
                                      event_filter=changes())
            self.polling.start()
        if self.changes is not None:  # every change is reported from now on
            self.changes.activate()

    def stop(self) -> None:
        """Stop watching."""
        self.active.stop()
        if self.overflow is not None:
            logging.getLogger(Overflow.LOGGER).removeHandler(self.overflow)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the watcher to end."""
        if self.active.is_alive():
            self.active.join(timeout)


class Overflow(logging.Handler):
    """When the system's queue of change notifications overflows, inotify drops events and
    watchdog only says so in its log (and watches again): the reports since then are
    incomplete, so the next load walks site_src/ (see content.layout)."""

    LOGGER = "watchdog.observers.inotify_c"
    SAID = "Inotify queue overflowed"

    def __init__(self, changes: Changes) -> None:
        super().__init__(logging.WARNING)
        self.changes = changes

    def emit(self, record: logging.LogRecord) -> None:
        """Forget the kept walk on watchdog's overflow warning."""
        if str(record.msg).startswith(self.SAID):
            self.changes.lost()


def run_server(config_file: Path, host: str, port: int) -> None:
    """`mkdocs serve` with our build loop (gallery.mkdocs.incremental): the same server,
    watched files, plugin events and temporary site folder; a rebuild does only what the
    change needs. Raises Abort when the first build fails."""
    from urllib.parse import urlsplit

    from mkdocs.livereload import LiveReloadServer, _serve_url

    from gallery.mkdocs import incremental

    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    preview = incremental.Preview(config_file, site_dir, "")
    config = preview.new_config()
    mount_path = urlsplit(config.site_url or "/").path
    preview.serve_url = config.site_url = _serve_url(host, port, mount_path)
    builder = incremental.timed(preview)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir,
                              mount_path=mount_path)
    server.error_handler = lambda code: _error_page(site_dir, code)
    server.observer = Watcher(changes=preview.changes)  # type: ignore[assignment]
    try:
        preview.full(config)
        config = preview.config or config
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        (preview.config or config).plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: str, code: int) -> bytes | None:
    """The site's own 404 (or 500) page, as `mkdocs serve` answers with it."""
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
