"""`culture publish` is safe to run at any time: overlapping runs, kill -9 at every step, the
live notice, rollback. Real `culture` processes on a tiny MkDocs site (about a second a build).

The overlap test runs the issue's 20 rounds of 5 publishes at once (77 s measured on the
shared 2-core machine at load 7, about 1,000 HTTP fetches per round); CULTURE_OVERLAP_ROUNDS
sets another count.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest
from publish_support import (
    ENV,
    LIVE,
    UNCHANGED,
    culture,
    run,
    served_copies_are_exact,
    serving,
    site_files,
    stamped,
    tiny_site,
)

from gallery.publish import builds

OVERLAP_ROUNDS = int(os.environ.get("CULTURE_OVERLAP_ROUNDS", "20"))
AT_ONCE = 5


def live_round(target) -> str:
    return (target / "round.txt").read_text("utf-8")


def assert_tidy(target) -> None:
    """The served build and the rollback are complete; no partial folder is left."""
    live = builds.live_folder(target)
    assert live is not None and builds.read_marker(live) is not None, "live build incomplete"
    rollback = builds.rollback_of(target)
    if rollback is not None:
        assert site_files(rollback.folder) == site_files(live), "rollback build incomplete"
    for folder in builds.folders(builds.builds_dir(target)):
        assert builds.read_marker(folder) is not None, f"partial build left: {folder.name}"


class Reader(threading.Thread):
    """Fetches every file of the live site over HTTP in a loop; any miss is an error."""

    def __init__(self, port: int, files: list[str]) -> None:
        super().__init__(daemon=True)
        self.port, self.files = port, files
        self.stop, self.errors, self.fetched = threading.Event(), [], 0

    def run(self) -> None:
        while not self.stop.is_set():
            for name in self.files:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{name}",
                                                timeout=10) as response:
                        body = response.read()
                    if not body:
                        self.errors.append(f"{name}: empty")
                    self.fetched += 1
                except (urllib.error.URLError, OSError) as err:
                    self.errors.append(f"{name}: {err}")


def test_overlapping_publishes_never_show_a_missing_or_partial_site(tmp_path):
    root = tiny_site(tmp_path)
    target = root / "site"
    assert run(root, "publish").returncode == 0
    assert run(root, "publish").returncode == 0  # now there is a rollback too
    files = site_files(builds.live_folder(target))
    assert "round.txt" in files and "screen/notice.json" in files
    started = time.monotonic()
    merged = 0
    with serving(target) as port:
        reader = Reader(port, files)
        reader.start()
        try:
            for round_ in range(1, OVERLAP_ROUNDS + 1):
                stamped(root, str(round_))
                runs = [culture(root, "publish") for _ in range(AT_ONCE)]
                outputs = [r.communicate(timeout=600) for r in runs]
                for r, (out, err) in zip(runs, outputs, strict=True):
                    assert r.returncode == 0, err
                    assert "Traceback" not in err
                    line = out.strip().splitlines()[-1]
                    assert line.startswith(f"{LIVE}{target}"), line
                    merged += "由同时发起的另一次发布生成" in line
                    claimed = builds.builds_dir(target) / line.split("/")[-1].split("（")[0]
                    if claimed.is_dir():  # a later build of this round may have pruned it
                        assert live_round(claimed) == str(round_), "a run claimed an old state"
                assert live_round(target) == str(round_)
                assert_tidy(target)
        finally:
            reader.stop.set()
            reader.join()
    assert reader.errors == []
    assert reader.fetched > len(files) * OVERLAP_ROUNDS
    assert merged > 0, "waiting runs never merged into one build"
    print(f"{OVERLAP_ROUNDS} rounds x {AT_ONCE} publishes in {time.monotonic() - started:.0f} s, "
          f"{reader.fetched} files fetched, {merged} runs merged")


def wait_paused(process) -> None:
    """Read the process's stderr until it says it paused at its checkpoint."""
    for line in process.stderr:
        if line.startswith("paused at "):
            return
    raise AssertionError(f"never paused: exit {process.wait()}")


@pytest.mark.parametrize("point", ["building", "built", "marked", "swapped"])
def test_kill_9_at_any_step_keeps_the_last_complete_build(tmp_path, point):
    root = tiny_site(tmp_path, "A")
    target = root / "site"
    assert run(root, "publish").returncode == 0
    stamped(root, "B")
    assert run(root, "publish").returncode == 0
    good = builds.live_folder(target)
    stamped(root, "C")
    victim = culture(root, "publish", env={**ENV, builds.PAUSE_ENV: point})
    wait_paused(victim)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert live_round(target) == ("C" if point == "swapped" else "B")
    assert builds.read_marker(builds.live_folder(target)) is not None
    stamped(root, "D")
    again = run(root, "publish")
    assert again.returncode == 0, again.stderr
    assert live_round(target) == "D"
    assert_tidy(target)
    # copies linked from the builds before (the theme's files) or made again: all exact
    assert served_copies_are_exact(builds.live_folder(target)) > 0
    rollback = builds.rollback_of(target)
    assert rollback is not None
    # The newest complete build before the new one: C once it was marked, else B (kept).
    assert live_round(rollback.folder) == ("C" if point in ("marked", "swapped") else "B")
    if point in ("building", "built"):
        assert rollback.folder == good


def test_kill_9_while_mkdocs_writes_takes_the_build_process_along(tmp_path):
    root = tiny_site(tmp_path, "A")
    target = root / "site"
    assert run(root, "publish").returncode == 0
    store = builds.builds_dir(target)
    before = set(builds.folders(store))
    stamped(root, "B")
    victim = culture(root, "publish")
    deadline = time.monotonic() + 120
    fresh = None
    while time.monotonic() < deadline and fresh is None:
        new = [p for p in builds.folders(store) if p not in before and any(p.iterdir())]
        fresh = new[0] if new else None
        time.sleep(0.01)
    assert fresh is not None, "the build never started writing"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    time.sleep(1.5)
    if fresh.exists() and builds.read_marker(fresh) is None:  # killed while writing
        count = sum(1 for _ in fresh.rglob("*"))
        time.sleep(1.5)
        assert sum(1 for _ in fresh.rglob("*")) == count, "an orphaned build goes on writing"
    assert live_round(target) in ("A", "B")
    again = run(root, "publish")
    assert again.returncode == 0, again.stderr
    assert live_round(target) == "B"
    assert_tidy(target)


def wait_tickets(target, count: int) -> None:
    """Wait until `count` runs took their ticket, then a moment for them to reach the lock."""
    wanted = target.parent / ".site.publish/wanted"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if wanted.is_file() and int(wanted.read_text() or 0) >= count:
            time.sleep(0.5)
            return
        time.sleep(0.05)
    raise AssertionError("the runs never took their tickets")


def test_waiting_runs_say_so_and_merge(tmp_path):
    root = tiny_site(tmp_path)
    target = root / "site"
    assert run(root, "publish").returncode == 0
    stamped(root, "1")
    holder = culture(root, "publish", env={**ENV, builds.PAUSE_ENV: "built"})
    wait_paused(holder)
    waiting = [culture(root, "publish") for _ in range(3)]
    wait_tickets(target, 5)  # the two publishes, the holder, then these three wait on the lock
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    results = [(w.wait(timeout=600), *w.communicate()) for w in waiting]
    assert [code for code, _, _ in results] == [0, 0, 0]
    assert all("另一次发布正在进行，等它完成后接着发布……" in err for _, _, err in results)
    lines = [out.strip().splitlines()[-1] for _, out, _ in results]
    assert sum("由同时发起的另一次发布生成" in line for line in lines) == 2, lines
    assert len({line.split("（")[0] for line in lines}) == 1  # one build for all three
    assert live_round(target) == "1"
    assert_tidy(target)


def test_a_failed_build_is_reported_by_every_run_merged_into_it(tmp_path):
    root = tiny_site(tmp_path, "good")
    target = root / "site"
    assert run(root, "publish").returncode == 0
    (root / "mkdocs.yml").write_text("site_name: [坏\n", "utf-8")
    holder = culture(root, "publish", env={**ENV, builds.PAUSE_ENV: "building"})
    wait_paused(holder)
    waiting = [culture(root, "publish") for _ in range(2)]
    wait_tickets(target, 4)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    results = [(w.wait(timeout=600), *w.communicate()) for w in waiting]
    assert sorted(code for code, _, _ in results) == [1, 1]
    lasts = sorted(err.strip().splitlines()[-1] for _, _, err in results)
    assert lasts == sorted([
        f"生成失败，{UNCHANGED}请按上面的提示修改后重试。",
        (f"生成失败：这次发布与同时发起的另一次合并，那次生成失败。{UNCHANGED}"
         "请运行 culture check 查看问题，修改后重试。")])
    assert live_round(target) == "good"
    assert_tidy(target)


def test_the_notice_lives_outside_the_builds_and_survives_swaps_and_rollbacks(tmp_path):
    root = tiny_site(tmp_path, "A")
    target = root / "site"
    (root / "culture.yml").write_text("name: 小站\nshort_name: 小站\n", "utf-8")
    assert run(root, "publish").returncode == 0
    stamped(root, "B")
    assert run(root, "publish").returncode == 0
    assert json.loads((target / "screen/notice.json").read_text("utf-8")) == {"notice": None}
    (root / "notice.yml").write_text("text: 系统升级\nend: 2030-10-01 18:00\n", "utf-8")
    done = run(root, "notice")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "已发布紧急通知“通知”，显示在全部屏幕，到 2030-10-01 18:00 自动撤下。"
    notice = (target / "screen/notice.json").read_text("utf-8")
    assert "系统升级" in notice
    live = tmp_path / ".site.live/notice.json"
    assert (target / "screen/notice.json").resolve() == live.resolve()
    back = run(root, "rollback")
    assert back.returncode == 0, back.stderr
    assert back.stdout.startswith(f"已回退：{target} → ") and live_round(target) == "A"
    assert (target / "screen/notice.json").read_text("utf-8") == notice  # no old notice back
    stamped(root, "C")
    (root / "notice.yml").write_text("text: 恢复办理\nend: 2030-10-02 18:00\n", "utf-8")
    assert run(root, "publish").returncode == 0
    assert "恢复办理" in (target / "screen/notice.json").read_text("utf-8")
    assert live_round(target) == "C"
    assert_tidy(target)


def test_rollback_serves_the_previous_complete_build_once(tmp_path):
    root = tiny_site(tmp_path, "A")
    target = root / "site"
    first = run(root, "rollback")
    assert (first.returncode, first.stderr.strip()) == (
        1, f"{target} 还没有用 culture publish 发布过，无法回退。")
    assert run(root, "publish").returncode == 0
    alone = run(root, "rollback")
    assert (alone.returncode, alone.stderr.strip()) == (
        1, f"没有可以回退的版本：只有正在提供的这一个完整版本。{UNCHANGED}")
    stamped(root, "B")
    assert run(root, "publish").returncode == 0
    bad = builds.live_folder(target)
    back = run(root, "rollback")
    assert back.returncode == 0 and live_round(target) == "A"
    assert back.stdout.strip().endswith("生成）。下一次发布会重新生成最新内容。")
    assert builds.read_marker(bad) is None and bad.is_dir()  # never served again, pruned later
    assert run(root, "rollback").returncode == 1  # B is no rollback target
    stamped(root, "C")
    assert run(root, "publish").returncode == 0
    assert not bad.exists() and live_round(builds.rollback_of(target).folder) == "A"


def test_a_queue_record_left_from_before_a_reset_counter_is_not_trusted(tmp_path):
    from gallery.publish import flow
    from gallery.publish.queue import Queue

    target = tmp_path / "site"
    made = []

    def build(out):
        made.append(out.name)
        (out / "index.html").write_text(str(len(made)), "utf-8")

    assert flow.publish_site(tmp_path, target, build=build).ok
    Queue(target).record(99, True, "gone", None)  # as if `wanted` had been deleted since
    again = flow.publish_site(tmp_path, target, build=build)
    assert again.ok and not again.merged and len(made) == 2
    assert (target / "index.html").read_text("utf-8") == "2"
