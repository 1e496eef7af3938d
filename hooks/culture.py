"""MkDocs hooks: map MkDocs events to gallery calls. No logic lives here."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugin_logger

from gallery import mkdocs_glue, screen_files
from gallery.load import load_project

log = get_plugin_logger("culture")
state: dict = {}


def on_config(config):
    """Load and validate all content once per build; stop on errors."""
    project = load_project(Path(config.config_file_path).parent, Path(config.docs_dir))
    for p in project.warnings:
        log.warning(str(p))
    for p in project.errors:
        log.error(str(p))
    if project.errors:
        raise Abort(f"内容有 {len(project.errors)} 个错误，网站未生成。请按上面的提示修改后重试。")
    state["project"] = project
    return config


def on_files(files, config):
    """Replace story sources and photos with generated pages."""
    return mkdocs_glue.replace_files(state["project"], files, config)


def on_post_build(config):
    """Write the lobby screens (site/screen/<name>/) beside the built pages."""
    screen_files.write_screens(state["project"], Path(config.site_dir),
                               state.get("variants_for", screen_files.no_variants))
