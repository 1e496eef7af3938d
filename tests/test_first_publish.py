"""The first-ever publish that fails does not claim an earlier version is still served."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner
from support import SETTINGS, site_config, write_tree

from gallery.cli import main


def test_a_failed_first_publish_says_nothing_is_served_yet(tmp_path):
    root = write_tree(tmp_path / "project", {"culture.yml": SETTINGS,
                                             "site_src/index.md": "# 首页\n",
                                             "site_src/moments/2024-05-01-a/index.md":
                                             "---\ntitle: 甲\ndate: 2024-13-01\n---\n正文。\n"})
    site_config(root)
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert "生成失败，网站还没有成功发布过，现在没有可提供的版本。请按上面的提示修改后重试。" in result.output
    assert "仍在提供上一次成功生成的版本" not in result.output
    assert not (root / "site").exists()


def test_culture_build_outside_make_prints_no_material_banner(tmp_path):
    root = write_tree(tmp_path / "project", {"culture.yml": SETTINGS,
                                             "site_src/index.md": "# 首页\n"})
    site_config(root)
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    done = subprocess.run([sys.executable, "-m", "gallery", "build"], cwd=root, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "end of life" not in done.stdout + done.stderr
    assert "Material for MkDocs" not in done.stdout + done.stderr
