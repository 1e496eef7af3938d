"""The player runs on Chromium 69: every script must parse as ES2017 (acorn, strict script)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gallery.screens.files import PLAYER_DIR

ROOT = Path(__file__).resolve().parent.parent
ACORN = ROOT / "node_modules" / "acorn"
PARSE = """
const acorn = require(process.argv[1]);
const fs = require('fs');
for (const file of process.argv.slice(2)) {
  try {
    acorn.parse(fs.readFileSync(file, 'utf8'), {ecmaVersion: 2017, sourceType: 'script'});
    console.log(JSON.stringify({file, ok: true}));
  } catch (err) {
    console.log(JSON.stringify({file, ok: false, error: err.message}));
  }
}
"""


def parse(*files: Path) -> list[dict]:
    if not shutil.which("node") or not ACORN.is_dir():
        pytest.skip("node or node_modules/acorn missing (run npm ci)")
    run = subprocess.run(["node", "-e", PARSE, str(ACORN), *map(str, files)], capture_output=True,
                         text=True, check=True)
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_every_player_script_parses_as_es2017():
    scripts = sorted(PLAYER_DIR.glob("*.js"))
    assert [p.name for p in scripts] == ["player.js", "shell.js", "sw.js"]
    assert parse(*scripts) == [{"file": str(p), "ok": True} for p in scripts]


def test_the_parser_rejects_what_chromium_69_cannot_run(tmp_path):
    newer = {"spread.js": "var a = {...b};", "optional.js": "var a = b?.c;",
             "module.js": "import x from './x.js';", "catch.js": "try {} catch {}"}
    for name, code in newer.items():
        (tmp_path / name).write_text(code, "utf-8")
    results = parse(*sorted(tmp_path.iterdir()))
    assert [r["ok"] for r in results] == [False] * 4


def test_the_written_service_worker_parses_too(tmp_path):
    from gallery.screens.config import Entry, Screen
    from gallery.screens.files import write_screen

    screen = Screen("lobby", "qianmen", (Entry(slogan="你好"),))
    playlist = {"items": [{"id": "a", "image": {"src": "../../a/b-960.webp"}}]}
    out = write_screen(screen, playlist, tmp_path / "lobby")
    assert '"images": ["../../a/b-960.webp"]' in (out / "sw.js").read_text("utf-8")
    assert parse(out / "sw.js") == [{"file": str(out / "sw.js"), "ok": True}]
