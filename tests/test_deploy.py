"""The shipped server files: the nightly systemd unit and timer pass `systemd-analyze verify`,
and the GitLab CI and Gitea/Forgejo Actions templates parse as YAML and run only `culture`."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from publish_support import CULTURE
from support import REPO

DEPLOY = REPO / "deploy"
INSTALLED = "/srv/culture/work/.venv/bin/culture"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_systemd_unit_and_timer_verify(tmp_path: Path):
    service = (DEPLOY / "culture-publish.service").read_text("utf-8")
    assert f"ExecStart={INSTALLED} publish --pull --verify " in service
    # Verify with this checkout's culture (the unit's path exists only on a real server).
    (tmp_path / "culture-publish.service").write_text(
        service.replace(INSTALLED, CULTURE).replace("/srv/culture/work", str(tmp_path)), "utf-8")
    shutil.copy(DEPLOY / "culture-publish.timer", tmp_path)
    done = subprocess.run(["systemd-analyze", "verify", "culture-publish.service",
                           "culture-publish.timer"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "ignoring" not in done.stderr, done.stderr


def commands(node: object) -> list[str]:
    """Every shell line of a CI file: GitLab `script` items and Actions `run` steps."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("script", "before_script", "after_script"):
                found += value if isinstance(value, list) else [value]
            elif key == "run":
                found += str(value).splitlines()
            else:
                found += commands(value)
    elif isinstance(node, list):
        for item in node:
            found += commands(item)
    return found


@pytest.mark.parametrize("name", ["gitlab-ci.yml", "gitea-actions.yml"])
def test_ci_templates_parse_and_call_only_culture(name: str):
    parsed = yaml.safe_load((DEPLOY / name).read_text("utf-8"))
    lines = [line for line in commands(parsed) if line.strip()]
    assert any(" check --photos " in line for line in lines)
    assert any(" publish --pull " in line for line in lines)
    for line in lines:
        words = shlex.split(line)
        assert words[0] == INSTALLED, line
        assert words[1] in ("check", "publish"), line
        assert not set(";|&`$(") & set(line.replace('"$CI_PROJECT_DIR"', "")), line
    uses = [step.get("uses") for job in (parsed.get("jobs") or {}).values()
            for step in job.get("steps", []) if "uses" in step]
    assert all(u.startswith("actions/checkout@") for u in uses)


def test_cron_line_in_the_guide_matches_the_unit():
    guide = (REPO / "docs" / "publishing.md").read_text("utf-8")
    assert (f"15 2 * * * {INSTALLED} publish --pull --verify --root /srv/culture/work"
            " --site-dir /srv/culture/site") in guide
