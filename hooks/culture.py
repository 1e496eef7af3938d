"""MkDocs hooks: map MkDocs events to gallery calls. No logic lives here."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority, get_plugin_logger

from gallery.content.settings import SETTINGS_FILE
from gallery.mkdocs import glue as mkdocs_glue
from gallery.mkdocs import messages, preview, search_glue
from gallery.photos import markup
from gallery.project import load_project
from gallery.screens.notice import NOTICE_FILE

log = get_plugin_logger("culture")
state: dict = {}


@event_priority(100)  # before the search plugin, which reads the jieba dictionary we write
@mkdocs_glue.internal_errors
def on_config(config):
    """Load and validate all content, make photo derivatives, prepare search and theme."""
    if mkdocs_glue.published_here(config.site_dir):
        raise Abort(mkdocs_glue.PUBLISHED.format(site=config.site_dir))
    project = load_project(Path(config.config_file_path).parent, Path(config.docs_dir))
    messages.translate_link_messages(project.root, project.docs)
    derived, broken = mkdocs_glue.derive_photos(project, log.info)
    problems = [*project.problems, *mkdocs_glue.configure(config, project)]
    errors = mkdocs_glue.report(problems, broken, project.settings.images.skip_broken, log)
    if errors:
        raise Abort(f"内容有 {errors} 个错误，网站未生成。请按上面的提示修改后重试。")
    if config.strict and project.warnings:  # said here, so MkDocs' English count never is
        raise Abort(mkdocs_glue.STRICT_WARNINGS.format(warnings=len(project.warnings)))
    derived, placed = mkdocs_glue.stock_photos(project, derived, log.info)  # when publishing
    state.update(project=project, derived=derived, placed=placed)
    return config


@mkdocs_glue.internal_errors
def on_pre_build(config):
    """Hand Material's search plugin our index collector (after the plugin's own on_config)."""
    state["search"] = search_glue.install(config, state["project"])


@mkdocs_glue.internal_errors
def on_files(files, config):
    """Publish nothing from site_src as it is: generated pages and photo derivatives only."""
    project, derived = state["project"], state["derived"]
    files = mkdocs_glue.replace_files(project, files, config, photo=markup.photo_html(derived))
    return mkdocs_glue.add_photo_files(files, derived, config, project.root, state["placed"])


@event_priority(100)  # before other plugins read the HTML (search, lightbox)
@mkdocs_glue.internal_errors
def on_page_content(html, page, config, files):
    """Clean the staff's HTML; point photo URLs at the site root, relative to this page."""
    return mkdocs_glue.page_content(html, page)


def on_post_page(output, page, config):
    """Point Material's bundle at our search worker."""
    return search_glue.point_worker(output)


def on_post_template(output_content, template_name, config):
    """The same for the static templates (404.html)."""
    return search_glue.point_worker(output_content)


@mkdocs_glue.internal_errors
def on_post_build(config):
    """Remove stale derivatives (left by --dirty builds); write the lobby screens."""
    mkdocs_glue.prune_site(config.site_dir, state["derived"])
    mkdocs_glue.write_screens(state["project"], Path(config.site_dir), state["derived"])
    search_glue.write(state.get("search"), config.site_dir)


def on_serve(server, config, builder):
    """Watch culture.yml and notice.yml too; a content error during serve keeps the last good
    site, and every served page shows the problems until they are fixed."""
    root = Path(config.config_file_path).parent
    for name in (SETTINGS_FILE, NOTICE_FILE):
        if (root / name).exists():
            server.watch(str(root / name))
        else:  # created later (a notice is often new): watch the folder, not its subfolders
            server.watch(str(root), recursive=False)
    server.builder = mkdocs_glue.keep_last_good(server.builder, log)
    preview.inject(server)
    preview.announce_when_listening(server, log.info)
    return server
