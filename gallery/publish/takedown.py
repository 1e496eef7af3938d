"""Emergency takedown (`culture takedown`): a story leaves the live site, the rollback build,
the photo store and the lobby screens at once, and stays out until it changes in Git.

The takedown list is `.site.live/takedown.json`, outside every build, one entry per story:

    {"story": "moments/2026-11-01-a",      its folder under site_src/ (and its page URL)
     "fingerprint": "…",                   SHA-256 over the folder's files when taken down
     "time": "2026-11-30T10:00:00+08:00",
     "by": "admin",                        who ran it (the login; "" when unknown)
     "items": ["moments/2026-11-01-a"],    its lobby-screen items ...
     "images": ["../../photos/…webp"],     ... and their photos, for the players to purge
     "unlinked": ["site_src/…:12: 链接…"]}  links to it other pages lost (said by the build)

The lifts (by a change in Git or by the administrator) are kept in `lifts.json` beside it, the
newest KEEP_LIFTS; the 发布记录 page lists both (gallery.publish.history).

Every publish honours the list: it passes it to the build (gallery.content.withdrawn), which
leaves those stories out. An entry is lifted by itself when the story's folder in the work
tree no longer has its fingerprint (a staffer changed or deleted the story in Git: their new
version is published) or by the administrator (`culture takedown --lift`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gallery import paths
from gallery.content.load import DOCS_DIR
from gallery.content.model import Site
from gallery.content.withdrawn import WITHDRAWN_ENV, story_key
from gallery.fileio import write_atomic
from gallery.publish.live import live_dir

LIST = "takedown.json"
LIFTS = "lifts.json"
KEEP_LIFTS = 20


class UnknownStory(Exception):
    """The name given matches no story of the project."""


@dataclass(frozen=True)
class Lifted:
    """An entry the list no longer holds, and why ("changed", "removed" or "manual")."""

    story: str
    why: str


def now() -> str:
    """The local wall-clock time, as the lists write it."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def operator() -> str:
    """Who runs this command: the login behind sudo, else the user ("" when unknown)."""
    try:
        return os.environ.get("SUDO_USER") or getpass.getuser()
    except (OSError, KeyError):
        return ""


def record_lifts(target: Path, lifted: list[Lifted], by: str = "") -> None:
    """Add lifts to the lift log (newest first, KEEP_LIFTS kept)."""
    new = [{"story": x.story, "why": x.why, "time": now(), "by": by} for x in lifted]
    write_atomic(live_dir(target) / LIFTS,
                 json.dumps([*new, *read_lifts(target)][:KEEP_LIFTS], ensure_ascii=False,
                            indent=1) + "\n")


def read_lifts(target: Path) -> list[dict[str, Any]]:
    """The lift log, newest first (none when missing or damaged)."""
    try:
        entries = json.loads((live_dir(target) / LIFTS).read_bytes())
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("story"), str)]


def list_file(target: Path) -> Path:
    """The takedown list of the served path `target`."""
    return live_dir(target) / LIST


def read(target: Path) -> list[dict[str, Any]]:
    """The entries of the takedown list (none when missing; a damaged list reads as none,
    never fails a publish)."""
    try:
        entries = json.loads(list_file(target).read_bytes())
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("story"), str)]


def write(target: Path, entries: list[dict[str, Any]]) -> None:
    """Replace the takedown list (atomically)."""
    write_atomic(list_file(target), json.dumps(entries, ensure_ascii=False, indent=1) + "\n")


def fingerprint(root: Path, story: str) -> str | None:
    """SHA-256 over the names and bytes of every file in the story's folder (None if gone)."""
    folder = root / DOCS_DIR / story
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        with path.open("rb") as data:
            digest.update(hashlib.file_digest(data, "sha256").digest())
    return digest.hexdigest()


def resolve(site: Site, name: str) -> str:
    """The story key a person means: its folder ("moments/2026-11-01-a", with or without
    site_src/), its page URL (with or without slashes or a host), or its folder name."""
    text = name.strip().split("://", 1)[-1]
    if "://" in name.strip():
        text = text.split("/", 1)[1] if "/" in text else ""
    text = text.split("?", 1)[0].split("#", 1)[0].strip("/").removesuffix("/index.html")
    text = text.removeprefix(f"{DOCS_DIR}/").removesuffix("/index.md")
    keys = {story_key(s.section, s.slug) for s in site.stories}
    if text in keys:
        return text
    ends = [k for k in keys if text and (text.endswith(f"/{k}") or k.endswith(f"/{text}"))]
    if len(ends) == 1:
        return ends[0]
    raise UnknownStory(name)


def traces(builds: list[Path], story: str) -> tuple[list[str], list[str]]:
    """The lobby-screen items of `story` in these builds and their photo URLs (relative to a
    screen page), read from each screen's playlist.json."""
    items: set[str] = {story}
    images: set[str] = set()
    for build in builds:
        for playlist in sorted((build / paths.SCREEN_ROOT).glob("*/playlist.json")):
            try:
                body = json.loads(playlist.read_bytes())
                for item in body["items"]:
                    if str(item["id"]).split("#")[0] == story:
                        items.add(str(item["id"]).split("#")[0])
                        if item.get("image"):  # the photo and its blurred screen backdrop
                            images.update(str(item["image"][k]) for k in ("src", "backdrop")
                                          if item["image"].get(k))
            except (OSError, ValueError, KeyError, TypeError):
                continue
    return sorted(items), sorted(images)


def entry(root: Path, story: str, builds: list[Path]) -> dict[str, Any]:
    """The list entry taking `story` down as it is now in the work tree."""
    items, images = traces(builds, story)
    return {"story": story, "fingerprint": fingerprint(root, story), "time": now(),
            "by": operator(), "items": items, "images": images}


def honour(root: Path, target: Path) -> list[Lifted]:
    """Drop the entries whose story changed or went in the work tree (under the publish lock,
    before a build); return them."""
    entries = read(target)
    kept, lifted = [], []
    for item in entries:
        now = fingerprint(root, item["story"])
        if now == item.get("fingerprint"):
            kept.append(item)
        else:
            lifted.append(Lifted(item["story"], "removed" if now is None else "changed"))
    if lifted:
        write(target, kept)
        record_lifts(target, lifted)
    return lifted


def build_env(target: Path) -> dict[str, str]:
    """What the build needs to leave the listed stories out (nothing when the list is empty)."""
    return {WITHDRAWN_ENV: str(list_file(target))} if read(target) else {}
