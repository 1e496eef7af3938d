"""`culture serve`: the port, what it watches, and the problems shown on every served page."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from preview_support import STORY, get, serving, tiny_project
from support import SETTINGS

from gallery.mkdocs import preview

BROKEN_DATE = ("site_src/moments/2024-05-01-nuan-xin/index.md:3: E204 字段“date”的日期“2024-13-01”"
               "无效 — 日期请写成 年-月-日，例如 date: 2024-05-01")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_overlay_lists_the_problems_of_a_failed_rebuild_escaped():
    overlay = preview.Overlay()
    overlay.start()
    overlay.record([BROKEN_DATE, "a.md:1: E999 <script>alert(1)</script>"])
    overlay.finish("内容有 2 个错误，网站未生成。请按上面的提示修改后重试。")
    html = overlay.html().decode("utf-8")
    assert "内容有 2 个问题，网站没有更新：浏览器中仍是上一次成功生成的网站。" in html
    assert f'<li class="culture-problem" style="font-family:monospace,monospace;white-space:pre-wrap;' \
           f'margin:4px 0">{BROKEN_DATE}</li>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "按每行的提示修改并保存，本页会自动刷新；全部改好后这个提示消失。" in html


def test_overlay_goes_after_a_clean_rebuild_and_warns_of_warnings():
    overlay = preview.Overlay()
    overlay.record([BROKEN_DATE])
    overlay.finish("stop")
    overlay.start()
    overlay.finish(None)
    assert overlay.html() == b""
    overlay.start()
    overlay.record(["a.md:1: W100 警告"])
    overlay.finish(None)
    assert "内容有 1 个警告：预览照常，但正式发布会失败。" in overlay.html().decode("utf-8")


def test_a_failure_without_problem_lines_shows_its_own_message():
    overlay = preview.Overlay()
    overlay.start()
    overlay.finish("内部错误：详情见 .cache/internal-errors.log")
    assert "内部错误：详情见 .cache/internal-errors.log" in overlay.html().decode("utf-8")


def test_free_port_skips_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        found = preview.free_port("127.0.0.1", port)
    assert found is not None and found > port


def test_serve_moves_off_a_busy_port_with_a_chinese_message(tmp_path: Path):
    root = tiny_project(tmp_path / "p", SETTINGS)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with serving(root, port) as served:
            url = served.url()
            out = served.output()
            assert f"端口 {port} 已被占用（也许另一个 culture serve 正在运行），改用端口 " in out
            assert url != f"http://127.0.0.1:{port}/"
            assert "暖心服务" in get(url + "moments/")
            assert "Traceback" not in out and "Serving on" not in out
            assert "end of life" not in out  # no Material banner


def test_serve_shows_problems_on_every_page_until_fixed(tmp_path: Path):
    root = tiny_project(tmp_path / "p", SETTINGS)
    with serving(root, free_port()) as served:
        url = served.url()
        assert 'id="culture-problems"' not in get(url)
        story = root / STORY
        good = story.read_text("utf-8")
        mark = len(served.output())
        story.write_text(good.replace("date: 2024-05-01", "date: 2024-13-01"), "utf-8")
        served.wait_for("浏览器中仍是上一次成功生成的网站。", after=mark)
        assert BROKEN_DATE in served.output()[mark:]  # the terminal says the same
        for page in ("", "moments/", "moments/2024-05-01-nuan-xin/"):
            assert BROKEN_DATE in get(url + page)
        mark = len(served.output())
        story.write_text(good, "utf-8")
        served.wait_for(preview.REBUILT, after=mark)
        assert 'id="culture-problems"' not in get(url)


def test_serve_watches_notice_yml_and_culture_yml(tmp_path: Path):
    root = tiny_project(tmp_path / "p", SETTINGS)
    with serving(root, free_port()) as served:
        served.url()
        for name, text in (("notice.yml", "# 暂无通知\n"), ("culture.yml", SETTINGS + "\n")):
            mark = len(served.output())
            time.sleep(0.5)
            (root / name).write_text(text, "utf-8")
            served.wait_for(preview.REBUILT, after=mark, timeout=60)


def test_serve_says_in_chinese_when_the_first_build_fails(tmp_path: Path):
    root = tiny_project(tmp_path / "p", SETTINGS)
    story = root / STORY
    story.write_text(story.read_text("utf-8").replace("2024-05-01", "2024-13-01", 1), "utf-8")
    with serving(root, free_port()) as served:
        assert served.process.wait(timeout=120) == 1
        out = served.output()
    assert BROKEN_DATE in out
    assert "内容有 1 个错误，网站未生成。请按上面的提示修改后重试。 预览没有启动：改好后再运行 " \
           "culture serve。" in out
    assert "Building prefix dict" not in out
    assert "Traceback" not in out


def watched_save(watcher: preview.Watcher, folder: Path) -> list[str]:
    """Start `watcher` on `folder`, save a file in a subfolder; the paths it reported."""
    import threading

    import watchdog.events

    seen: list[str] = []
    arrived = threading.Event()
    handler = watchdog.events.FileSystemEventHandler()

    def record(event: watchdog.events.FileSystemEvent) -> None:
        if not event.is_directory:
            seen.append(str(event.src_path))
            arrived.set()

    handler.on_any_event = record  # type: ignore[method-assign]
    (folder / "story").mkdir()
    watcher.schedule(handler, str(folder), recursive=True)
    watcher.start()
    try:
        time.sleep(0.2)  # the polling observer's first look
        (folder / "story" / "index.md").write_text("正文\n", "utf-8")
        assert arrived.wait(timeout=30)
    finally:
        watcher.stop()
        watcher.join(timeout=10)
    return seen


def test_the_preview_watches_with_system_notifications(tmp_path: Path):
    from watchdog.observers.polling import PollingObserver

    watcher = preview.Watcher()
    seen = watched_save(watcher, tmp_path)
    assert watcher.active is watcher.native and not isinstance(watcher.active, PollingObserver)
    assert str(tmp_path / "story" / "index.md") in seen


def test_reading_a_watched_file_is_not_a_change(tmp_path: Path):
    """The rebuild reads the story it rebuilds: with inotify reporting opens and reads, that
    would start another rebuild and reload every open page again."""
    import threading

    import watchdog.events

    story = tmp_path / "index.md"
    story.write_text("正文\n", "utf-8")
    seen: list[str] = []
    changed = threading.Event()
    handler = watchdog.events.FileSystemEventHandler()

    def record(event: watchdog.events.FileSystemEvent) -> None:
        seen.append(event.event_type)
        if event.event_type == "modified":
            changed.set()

    handler.on_any_event = record  # type: ignore[method-assign]
    watcher = preview.Watcher()
    watcher.schedule(handler, str(tmp_path), recursive=True)
    watcher.start()
    try:
        for _ in range(3):
            assert story.read_text("utf-8") == "正文\n"
        time.sleep(0.5)
        assert seen == []
        story.write_text("新正文\n", "utf-8")
        assert changed.wait(timeout=30)
    finally:
        watcher.stop()
        watcher.join(timeout=10)
    assert "opened" not in seen and "closed_no_write" not in seen


def test_the_preview_polls_where_notifications_fail(tmp_path: Path, monkeypatch):
    watcher = preview.Watcher(interval=0.1)

    def refuse() -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watcher.native, "start", refuse)
    seen = watched_save(watcher, tmp_path)
    assert watcher.active is watcher.polling
    assert str(tmp_path / "story" / "index.md") in seen


def test_the_watcher_reports_paths_and_an_overflow_forgets_the_kept_walk(tmp_path: Path):
    """The rebuild loads from what the watcher reported (content.layout): every path an event
    names reaches the preview's Changes, which are active once the watch runs; when the
    system's queue overflows (events lost, said only in watchdog's log), the next load walks."""
    import inspect
    import logging

    import watchdog.observers.inotify_c
    from watchdog.events import FileSystemEventHandler

    from gallery.content import layout

    changes = layout.Changes()
    assert changes.take() is None  # inactive: walk
    watcher = preview.Watcher(changes=changes)
    seen = watched_save(watcher, tmp_path)
    assert str(tmp_path / "story" / "index.md") in seen
    assert str(tmp_path / "story" / "index.md") in (changes.take() or ())  # told first
    watcher = preview.Watcher(changes=changes)
    watcher.schedule(FileSystemEventHandler(), str(tmp_path))
    watcher.start()
    try:
        assert changes.take() == set()  # active, nothing since the watch began
        changes.layout = layout.walked(tmp_path, tmp_path)
        logging.getLogger("watchdog.observers.inotify").warning("unrelated")
        assert changes.layout is not None
        logging.getLogger(preview.Overflow.LOGGER).warning(
            "Inotify queue overflowed; filesystem events were lost")
        assert changes.layout is None
    finally:
        watcher.stop()
        watcher.join(timeout=10)
    assert preview.Overflow.SAID in inspect.getsource(watchdog.observers.inotify_c)
    assert preview.Overflow.LOGGER == watchdog.observers.inotify_c.logger.name


def test_reading_many_watched_files_loses_no_change(tmp_path: Path, caplog):
    """A rebuild at 5,000 stories opens every story: inotify is asked for changes only, so
    the reads never fill the system's queue (16,384 events), whose overflow loses events and
    makes every load walk site_src/ again. Here another process reads more files than the
    queue holds while this one keeps the watcher's thread from running for a while."""
    import subprocess
    import sys

    from watchdog.events import FileSystemEventHandler

    from gallery.content import layout

    limit = int(Path("/proc/sys/fs/inotify/max_queued_events").read_text())
    folders = [tmp_path / f"story-{i}" for i in range(100)]
    for folder in folders:
        folder.mkdir()
        (folder / "index.md").write_text("正文\n", "utf-8")
    changes = layout.Changes()
    watcher = preview.Watcher(changes=changes)
    watcher.schedule(FileSystemEventHandler(), str(tmp_path), recursive=True)
    watcher.start()
    reader = ("import sys, pathlib\nfiles = sorted(pathlib.Path(sys.argv[1]).glob('*/index.md'))\n"
              "for _ in range(int(sys.argv[2])):\n    for f in files:\n        f.read_bytes()\n")
    switch = sys.getswitchinterval()
    try:
        changes.layout = layout.walked(tmp_path, tmp_path)
        with caplog.at_level("WARNING", logger="watchdog"):
            reading = subprocess.Popen([sys.executable, "-c", reader, str(tmp_path),
                                        str(2 * limit // len(folders))])
            sys.setswitchinterval(3.0)
            busy = time.monotonic() + 3.0
            while time.monotonic() < busy:  # the watcher's thread waits for the interpreter
                pass
            sys.setswitchinterval(switch)
            assert reading.wait(timeout=120) == 0
            time.sleep(1)
        assert not [r for r in caplog.records if "overflow" in r.getMessage()]
        assert changes.layout is not None
        (folders[7] / "index.md").write_text("新正文\n", "utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not changes._paths:
            time.sleep(0.05)
        assert str(folders[7] / "index.md") in (changes.take() or ())
    finally:
        sys.setswitchinterval(switch)
        watcher.stop()
        watcher.join(timeout=10)
