"""MkDocs hooks: map MkDocs events to gallery calls. No logic lives here."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority, get_plugin_logger

from gallery import mkdocs_glue
from gallery.load import load_project
from gallery.settings import SETTINGS_FILE

log = get_plugin_logger("culture")
state: dict = {}


@event_priority(100)  # before the search plugin, which reads the jieba dictionary we write
def on_config(config):
    """Load and validate all content once per build; prepare search and theme; stop on errors."""
    project = load_project(Path(config.config_file_path).parent, Path(config.docs_dir))
    problems = [*project.problems, *mkdocs_glue.configure(config, project)]
    for p in problems:
        (log.warning if p.is_warning else log.error)(str(p))
    errors = [p for p in problems if not p.is_warning]
    if errors:
        raise Abort(f"内容有 {len(errors)} 个错误，网站未生成。请按上面的提示修改后重试。")
    state["project"] = project
    return config


def on_files(files, config):
    """Replace story sources and photos with generated pages."""
    return mkdocs_glue.replace_files(state["project"], files, config)


def on_serve(server, config, builder):
    """Watch culture.yml too; a content error during serve keeps the last good site."""
    server.watch(str(Path(config.config_file_path).parent / SETTINGS_FILE))
    server.builder = mkdocs_glue.keep_last_good(server.builder, log)
    return server
