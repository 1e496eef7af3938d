"""The MkDocs-facing layer: turn the model into MkDocs File objects."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from gallery import board, intranet, model, pages, paths, search
from gallery.load import Project
from gallery.problems import Problem
from gallery.schema import SECTIONS

USER_DICT = Path(".cache") / "search" / "jieba-user.txt"


def caption_only(story: model.Story, photo: model.Photo, role: str) -> str:
    """A photo rendered as its caption alone (used where no derivative exists)."""
    text = pages.esc(photo.caption or photo.alt)
    return f"<figure><figcaption>{text}</figcaption></figure>" if role == "figure" else ""


def strip_front_matter(text: str) -> str:
    """The body of a hand-written page, without its front matter."""
    if not text.startswith("---"):
        return text
    head, sep, body = text[3:].partition("\n---")
    return body.partition("\n")[2] if sep else text


def is_story_source(file: File) -> bool:
    """Whether a file lives inside a story folder (index.md or a photo)."""
    parts = file.src_uri.split("/")
    return len(parts) >= 3 and parts[0] in SECTIONS


def replace_files(project: Project, files: Files, config, photo=caption_only) -> Files:  # noqa: ANN001
    """Drop story sources, originals and board data; add generated story and index pages."""
    intros = {}
    for file in list(files):
        parts = file.src_uri.split("/")
        if (parts[0] in SECTIONS or board.is_board_source(file.src_uri)) \
                and parts[1:] == ["index.md"]:
            intros[parts[0]] = strip_front_matter(file.content_string)
            files.remove(file)
        elif is_story_source(file) or board.is_board_source(file.src_uri):
            files.remove(file)  # board data is rendered into pages, never published raw
    site = project.site
    for story in site.visible():
        content = pages.render_story(story, site, photo)
        files.append(File.generated(config, paths.story_uri(story.section, story.slug),
                                    content=content))
    for uri, content in intranet.generated_pages(project, photo, intros).items():
        files.append(File.generated(config, uri, content=content))
    return files


def keep_last_good(builder, log):  # noqa: ANN001, ANN201 - MkDocs' serve builder and logger
    """Wrap `mkdocs serve`'s rebuild so content errors print as messages, not tracebacks."""

    def build(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            builder(*args, **kwargs)
        except Abort as err:
            log.error(f"{err.message} 浏览器中仍是上一次成功生成的网站。")

    return build


def configure(config, project: Project) -> list[Problem]:  # noqa: ANN001 - MkDocsConfig
    """Prepare search and theme: require jieba, hand the search plugin our user dictionary,
    and give the theme the campaign banner and complaint channels."""
    missing = search.jieba_problem(config.config_file_path or "mkdocs.yml")
    if missing:
        return [missing]
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is not None and "jieba_dict_user" in plugin.config:
        given = plugin.config.jieba_dict_user
        extra = project.root / given if given else None
        path = search.write_user_dict(search.terms(project.settings, project.site),
                                      project.root / USER_DICT, extra)
        plugin.config.jieba_dict_user = str(path)
    config.extra["culture"] = intranet.theme_extra(project.settings)
    return []
