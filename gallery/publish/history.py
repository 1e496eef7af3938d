"""The publish history staff can see: the internal page 发布记录 (`publish-history/`).

Every publish that builds adds an entry, failed ones included: time, commit, author, message,
result, duration, photos made and reused, the links to stories taken down its build showed as
plain text, and for a failure its problem list. A takedown adds an entry too (by whom, which
story), and the page lists the takedowns in force and the latest lifts (gallery.publish.takedown). The entries
(`history.json`) and the page (`history.html`) live in the live folder beside the served path
(gallery.publish.live), each written atomically, and every build links its
`publish-history/index.html` to the page: a failed build changes no build, yet its entry is
on the page at once, and a swap or a rollback never brings back an old history.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gallery.content.links import unlinked_lines
from gallery.fileio import link_atomic, write_atomic
from gallery.publish import takedown
from gallery.publish.live import live_dir

ENTRIES = "history.json"
PAGE = "history.html"
SITE_PATH = "publish-history/index.html"
KEEP = 30  # entries shown
PHOTOS = re.compile(r"新生成 (\d+) 张，使用缓存 (\d+) 张")
PROBLEM = re.compile(r"\b[EW]\d{3}\b")


@dataclass(frozen=True)
class Entry:
    """One publish."""

    time: str  # local wall-clock start, YYYY-MM-DD HH:MM:SS
    seconds: float
    ok: bool
    commit: str | None = None
    author: str = ""
    message: str = ""
    made: int | None = None  # photos derived
    reused: int | None = None  # photos taken from the cache
    problems: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)  # links to stories taken down, as text


def entry(root: Path, started: float, ok: bool, commit: str | None,
          output: list[str], author_message: tuple[str, str] | None = None) -> Entry:
    """The entry of a publish that started at `started` (epoch seconds), from its build's
    output lines (the photo summary, the problem lines and the links shown as plain text);
    `author_message` instead of the commit's (a takedown)."""
    author, message = author_message or describe(root, commit)
    made = reused = None
    for line in output:
        if found := PHOTOS.search(line):
            made, reused = int(found[1]), int(found[2])
    problems = [] if ok else [strip_level(line) for line in output if PROBLEM.search(line)]
    when = dt.datetime.fromtimestamp(started).strftime("%Y-%m-%d %H:%M:%S")
    return Entry(when, round(time.time() - started, 1), ok, commit, author, message, made,
                 reused, problems, unlinked_lines(output))


def strip_level(line: str) -> str:
    """A problem line without MkDocs' log level prefix."""
    return re.sub(r"^(ERROR|WARNING|INFO)\s+-\s+", "", line.strip())


def describe(root: Path, commit: str | None) -> tuple[str, str]:
    """Author and subject of `commit` ('' outside Git)."""
    if not commit:
        return "", ""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%an%x1f%s", commit],
                              capture_output=True, text=True, env=env, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "", ""
    author, _, message = done.stdout.strip().partition("\x1f")
    return author, message


def add(target: Path, new: Entry) -> None:
    """Add `new` to the history of `target` and rewrite its page (call under the publish
    lock: the only writer)."""
    folder = live_dir(target)
    entries = [new, *read(folder)][:KEEP]
    write_atomic(folder / ENTRIES,
                 json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1) + "\n")
    refresh(target)


def refresh(target: Path) -> None:
    """Rewrite the page from the recorded entries, the takedown list and the lifts."""
    folder = live_dir(target)
    write_atomic(folder / PAGE, render(read(folder), takedown.read(target),
                                       takedown.read_lifts(target)))


def read(folder: Path) -> list[Entry]:
    """The recorded entries, newest first (none if the file is missing or damaged)."""
    try:
        return [Entry(**e) for e in json.loads((folder / ENTRIES).read_bytes())]
    except (OSError, ValueError, TypeError):
        return []


def link_into(folder: Path, live: Path) -> None:
    """Point the build's `publish-history/index.html` at the live page."""
    inside = folder / SITE_PATH
    inside.parent.mkdir(parents=True, exist_ok=True)
    link_atomic(inside, os.path.relpath(live / PAGE, inside.parent))


def render(entries: list[Entry], active: list[dict[str, Any]] | None = None,
           lifts: list[dict[str, Any]] | None = None) -> str:
    """The page 发布记录: a table of the entries, the takedowns in force and lifted, the links
    the last build showed as plain text and the last failure's problems."""
    e = html.escape
    rows = "\n".join(
        f"<tr><td>{e(x.time)}</td><td><code>{e((x.commit or '—')[:10])}</code></td>"
        f"<td>{e(x.author or '—')}</td><td>{e(x.message or '—')}</td>"
        f"<td>{'成功' if x.ok else '<strong>失败</strong>'}</td><td>{x.seconds:.0f} 秒</td>"
        f"<td>{count(x.made)} / {count(x.reused)}</td></tr>" for x in entries)
    failed = next((x for x in entries if not x.ok), None)
    failure = "<p>最近没有失败的发布。</p>"
    if failed:
        items = "".join(f"<li>{e(p)}</li>" for p in failed.problems) or "<li>（没有内容问题："
        "多半是服务器的问题，请管理员查看发布日志）</li>"
        failure = (f"<p>{e(failed.time)}，提交 <code>{e((failed.commit or '—')[:10])}</code>"
                   f"（{e(failed.author or '—')}：{e(failed.message or '—')}）：</p><ol>{items}</ol>")
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>发布记录</title>
<style>body{{font-family:sans-serif;margin:2rem;line-height:1.5}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}}</style></head>
<body><h1>发布记录</h1>
<p>最近 {len(entries)} 次发布，最新的在最上面。推送后排队的发布完成时出现在这里。</p>
<table><thead><tr><th>时间</th><th>提交</th><th>作者</th><th>说明</th><th>结果</th><th>用时</th>
<th>照片（新生成 / 使用缓存）</th></tr></thead><tbody>
{rows}
</tbody></table>
{takedowns(active or [], lifts or [], next((x for x in entries if x.ok), None))}
<h2>最近一次失败</h2>
{failure}
</body></html>
"""


WHY = {"changed": "在 Git 里修改了，按新内容发布", "removed": "在 Git 里删除了",
       "manual": "管理员解除（culture takedown --lift）"}


def takedowns(active: list[dict[str, Any]], lifts: list[dict[str, Any]],
              last_ok: Entry | None) -> str:
    """The takedown sections of the page: in force (story, when, by whom), the links the
    last good build showed as plain text, and the latest lifts."""
    e = html.escape
    rows = "\n".join(
        f"<tr><td><code>{e(x['story'])}</code></td><td>{e(when(x.get('time')))}</td>"
        f"<td>{e(str(x.get('by') or '—'))}</td></tr>" for x in active)
    body = (f"<table><thead><tr><th>故事</th><th>下架时间</th><th>操作人</th></tr></thead>"
            f"<tbody>\n{rows}\n</tbody></table>") if active else "<p>没有下架中的故事。</p>"
    if last_ok and last_ok.unlinked:
        items = "".join(f"<li>{e(line)}</li>" for line in last_ok.unlinked)
        body += (f"<p>最近一次成功的生成（{e(last_ok.time)}）把这些指向已下架故事的链接改成了普通文字，"
                 f"请去掉或改掉它们：</p><ul>{items}</ul>")
    lifted = "\n".join(
        f"<tr><td><code>{e(x['story'])}</code></td><td>{e(when(x.get('time')))}</td>"
        f"<td>{e(WHY.get(str(x.get('why')), str(x.get('why'))))}</td>"
        f"<td>{e(str(x.get('by') or '—'))}</td></tr>" for x in lifts)
    if lifted:
        body += ("<h3>最近解除的下架</h3><table><thead><tr><th>故事</th><th>解除时间</th>"
                 f"<th>原因</th><th>操作人</th></tr></thead><tbody>\n{lifted}\n</tbody></table>")
    return f"<h2>下架中的故事</h2>\n{body}"


def when(value: object) -> str:
    """An ISO time of the lists as YYYY-MM-DD HH:MM (a dash when missing)."""
    return str(value).replace("T", " ")[:16] if value else "—"


def count(value: int | None) -> str:
    """A photo count, or a dash when the build did not say."""
    return "—" if value is None else str(value)
