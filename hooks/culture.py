"""MkDocs hooks: map MkDocs events to gallery calls. No logic lives here."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from gallery.content.settings import SETTINGS_FILE
from gallery.mkdocs import glue as mkdocs_glue
from gallery.mkdocs import preview, search_glue
from gallery.screens.notice import NOTICE_FILE

log = get_plugin_logger("culture")
state = mkdocs_glue.STATE  # the loaded project and photos (glue.prepare)


@event_priority(100)  # before the search plugin, which reads the jieba dictionary we write
@mkdocs_glue.internal_errors
def on_config(config):
    """Load and validate all content, make photo derivatives, prepare search and theme."""
    mkdocs_glue.prepare(config, log)
    return config


@mkdocs_glue.internal_errors
def on_pre_build(config):
    """Hand Material's search plugin our index collector (after the plugin's own on_config)."""
    state["search"] = search_glue.install(config, state["project"])


@mkdocs_glue.internal_errors
def on_files(files, config):
    """Publish nothing from site_src as it is: generated pages and photo derivatives only."""
    project, derived = state["project"], state["derived"]
    files = mkdocs_glue.replace_files(project, files, config, mkdocs_glue.photo_markup(derived),
                                       derived)
    return mkdocs_glue.add_photo_files(files, derived, config, project.root, state["placed"])


@mkdocs_glue.internal_errors
def on_page_markdown(markdown, page, config, files):
    """Render this page's Markdown from the cache when nothing it depends on changed."""
    mkdocs_glue.cache_render(page, config, state["rendered"])
    return markdown


@event_priority(100)  # before other plugins read the HTML (search, lightbox)
@mkdocs_glue.internal_errors
def on_page_content(html, page, config, files):
    """Clean the staff's HTML; point photo URLs at the site root, relative to this page; let
    go of the page's Markdown (rendered now)."""
    html = mkdocs_glue.page_content(html, page)
    mkdocs_glue.release_source(page)
    return html


def on_post_page(output, page, config):
    """Point Material's bundle at our search worker."""
    return search_glue.point_worker(output)


@mkdocs_glue.internal_errors
def on_env(env, config, files):
    """Give the theme overrides our `nobreak` filter (the campaign banner's slogan); let the
    page template's output come from the cache when nothing it depends on changed."""
    return mkdocs_glue.theme_env(env, config)


def on_post_template(output_content, template_name, config):
    """The same for the static templates (404.html)."""
    return search_glue.point_worker(output_content)


@mkdocs_glue.internal_errors
def on_post_build(config):
    """Remove stale derivatives (left by --dirty builds) and old render-cache entries; write
    the lobby screens and the search index."""
    mkdocs_glue.prune_site(config.site_dir, state["derived"])
    mkdocs_glue.write_screens(state["project"], Path(config.site_dir), state["derived"])
    search_glue.write(state.get("search"), config.site_dir)
    if state.get("markdown") is not None:
        log.info(state["markdown"].line())
    if state.get("html") is not None:
        log.info(state["html"].stats.line())
    log.info(state["rendered"].line())
    mkdocs_glue.prune_renders(config)


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
