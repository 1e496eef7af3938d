"""Write the lobby screens into a built site: site/screen/<name>/ for every declared screen.

Each screen folder is standalone (no Material layout) and uses relative URLs only, so the
site works under any sub-path:

    index.html     the shell: hosts the player in an iframe, swaps players without a blank frame
    shell.js       the shell's script
    player.html    the player page (two slide layers, bar, ticker, notice, closed curtain)
    player.js/css  the player
    playlist.json  what this screen plays (public content only, see gallery.screens.playlist)
    sw.js          the service worker with this build's precache manifest
    version.json   {"build": content id, "player": player code hash, "shell": shell hash}

site/screen/notice.json (the emergency notice) and site/screen/heartbeat.txt (the file every
screen requests at an interval, so the access log shows which screens are alive) are shared.
version.json is written last: a screen polling a plain (non-atomic) build sees the new
version only once everything it points at exists.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from gallery import paths, templating
from gallery.content import model
from gallery.content.settings import Settings
from gallery.content.withdrawn import NOTHING, Withdrawn
from gallery.fileio import write_atomic
from gallery.screens.config import Screen
from gallery.screens.notice import Notice, write_notice
from gallery.screens.playlist import (
    BackdropFor,
    VariantsFor,
    build_playlist,
    content_id,
    images_of,
    no_backdrop,
    no_variants,
    playlist_json,
)

PLAYER_DIR = Path(__file__).parent / "player"
SHELL_FILES = ("index.html", "shell.js")
PLAYER_FILES = ("player.html", "player.js", "player.css", "sw.js")
COPIED = ("shell.js", "player.js", "player.css")
HEARTBEAT = "heartbeat.txt"
# sw.js stays a script that parses as it is (the player's syntax check reads it): its
# development manifest line is swapped for this build's, rendered from manifest.js.j2.
MANIFEST_LINE = re.compile(r"^var MANIFEST = .*$", re.MULTILINE)
TEMPLATES = templating.environment("gallery.screens", "player", markdown=False)
TEMPLATES.policies["json.dumps_kwargs"] = {"ensure_ascii": False}


def code_hash(names: tuple[str, ...]) -> str:
    """A short hash of player source files: changes exactly when their code changes."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + (PLAYER_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def render(name: str, **values: object) -> str:
    """A player template (player/*.html, player/*.j2) rendered with `values`."""
    return TEMPLATES.get_template(name).render(values)


def write_screens(screens: tuple[Screen, ...], notice: Notice | None, settings: Settings,
                  site: model.Site, site_dir: Path, variants_for: VariantsFor = no_variants,
                  backdrop_for: BackdropFor = no_backdrop, withdrawn: Withdrawn = NOTHING,
                  ) -> list[Path]:
    """Write every declared screen, the notice and the heartbeat file into `site_dir`; the
    items and photos of `withdrawn` stories are named for the players to forget."""
    root = site_dir / paths.SCREEN_ROOT
    written = []
    for screen in screens:
        playlist = build_playlist(screen, settings, site, variants_for, backdrop_for)
        if withdrawn.items:
            playlist["withdrawn"] = {"items": list(withdrawn.items),
                                     "images": list(withdrawn.images)}
        written.append(write_screen(screen, playlist, site_dir / paths.screen_dir(screen.name)))
    _remove_stale(root, {s.name for s in screens})
    if screens:
        write_notice(site_dir, notice)
        write_atomic(root / HEARTBEAT, "ok\n")
    return written


def write_screen(screen: Screen, playlist: dict, out: Path) -> Path:
    """Write one screen folder; version.json last."""
    out.mkdir(parents=True, exist_ok=True)
    shell, player = code_hash(SHELL_FILES), code_hash(PLAYER_FILES)
    body = playlist_json(playlist)
    build = content_id(body + player)
    for name in COPIED:
        shutil.copyfile(PLAYER_DIR / name, out / name)
    write_atomic(out / "index.html", render("index.html", shell=shell))
    write_atomic(out / "player.html", render("player.html", player=player))
    write_atomic(out / "playlist.json", playlist_json(playlist | {"build": build}))
    manifest = {"name": screen.name, "build": build, "images": images_of(playlist),
                "core": ["./", "index.html", f"shell.js?v={shell}", "player.html",
                         f"player.js?v={player}", f"player.css?v={player}", "playlist.json"]}
    if "withdrawn" in playlist:  # taken down: the worker purges them from every cache
        manifest["withdrawn"] = playlist["withdrawn"]["images"]
    line = render("manifest.js.j2", manifest=manifest)
    worker = MANIFEST_LINE.sub(lambda _: line, (PLAYER_DIR / "sw.js").read_text("utf-8"), count=1)
    write_atomic(out / "sw.js", worker)
    version = {"build": build, "player": player, "shell": shell}
    write_atomic(out / "version.json", json.dumps(version, sort_keys=True) + "\n")
    return out


def _remove_stale(root: Path, names: set[str]) -> None:
    """Remove screen folders of screens no longer declared (only folders we wrote)."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in names and (folder / "sw.js").is_file():
            shutil.rmtree(folder)

