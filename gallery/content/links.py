"""Where the links of published bodies lead, checked before MkDocs does (E280-E286).

MkDocs resolves a relative link from the page's source file and, with `--strict`, refuses one
with a file extension that names nothing it publishes (an original photo, a video, a missing
`index.md`). Nothing under site_src/ is published as it is (pages are generated, photos become
derivatives), so such a link can never work. `culture check` resolves the links of every
visible story and hand-written page the same way, against the pages the build makes, and says
so in Chinese at the line: the build runs the same check first, so MkDocs' English warning is
never reached. It also refuses what MkDocs lets through broken: a link to a story folder that is
not published (`../2024-05-09-x/`) and an absolute path (`/moments/`, broken under a sub-path).
Anchors (`#…`) are not refused, as MkDocs does not refuse them either; MkDocs' note about a
missing one is told in Chinese by the MkDocs layer (gallery.mkdocs.messages).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gallery import paths
from gallery.content import body, boundary, model
from gallery.content.bodyguard import check_body
from gallery.content.read import read_parts
from gallery.problems import Problem, problem, suggest


@dataclass(frozen=True)
class Pages:
    """The pages a build makes (source URIs, e.g. "moments/x/index.md") and the stories it
    leaves out (URI -> why), which a link may not lead to."""

    made: frozenset[str]
    held: dict[str, str]

    def story_links(self) -> list[str]:
        """The URIs of the made story pages (three parts: section/slug/index.md)."""
        return sorted(uri for uri in self.made if uri.count("/") == 2)


def site_pages(site: model.Site, generated: Iterable[str]) -> Pages:
    """The pages of a build: every visible story, the home page and `generated` (the index
    pages the intranet makes), and the stories held back with the reason."""
    made = {paths.story_uri(s.section, s.slug) for s in site.visible()}
    held = {paths.story_uri(s.section, s.slug): held_reason(s, site.today)
            for s in site.stories if not s.visible_on(site.today)}
    return Pages(frozenset({*made, *generated, paths.HOME_URI}), held)


def held_reason(story: model.Story, today: dt.date) -> str:
    """Why a story is not published today, in words for staff."""
    if story.draft:
        return "它是草稿（draft: true）"
    if story.publish and today < story.publish:
        return f"它的上线日期是 {story.publish}"
    return f"它已于 {story.expire} 下线"


def check_site(site: model.Site, pages: Pages, root: Path) -> list[Problem]:
    """The link problems of every visible story and hand-written page."""
    problems: list[Problem] = []
    sources = [(s.source, s.body, paths.story_uri(s.section, s.slug)) for s in site.visible()]
    # A hand-written page is kept with errors; one the body guard refused is never parsed.
    sources += [(p.source, p.body, f"{p.folder}/index.md" if p.folder else paths.HOME_URI)
                for p in site.pages if not check_body(p.body, "", 1)]
    for source, text, uri in sources:
        links = body.scan(text).links
        if links:  # few bodies link: only they are read again for their first body line
            shown = source.relative_to(root).as_posix() if source.is_relative_to(root) \
                else source.as_posix()
            first = _body_line(source, shown)
            problems += [p for line, href in links
                         if (p := check_link(href, uri, pages, shown, first + line))]
    return problems


def _body_line(source: Path, shown: str) -> int:
    """The file line on which a page's body starts."""
    parts, _ = read_parts(source, shown)
    return 1 if parts is None else parts.body_line


def check_link(href: str, uri: str, pages: Pages, shown: str, line: int) -> Problem | None:
    """The problem of one link of the page at `uri`, or None when it leads somewhere."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site (E220/E221 cover loads), or an anchor on the page itself
    path = urllib.parse.unquote(parts.path)
    if path.startswith(("/", "\\")):
        return problem(shown, line, "E286", href=href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), path))
    ext = posixpath.splitext(target)[1].lower()
    if path.endswith("/") or not ext or ext == ".md":
        return _page_link(href, target, uri, pages, shown, line, ext == ".md")
    code = ("E282" if ext in boundary.IMAGES else "E283" if ext in boundary.MEDIA
            else "E284" if ext in boundary.DOCUMENTS else "E285")
    return problem(shown, line, code, href=href)


def _page_link(href: str, target: str, uri: str, pages: Pages, shown: str, line: int,
               markdown: bool) -> Problem | None:
    """A link to a page: made by the build, held back, or missing (with the closest story)."""
    folder = "" if target == "." else target
    tried = [target] if markdown else [posixpath.join(folder, "index.md"), f"{target}.md"]
    if any(t in pages.made for t in tried):
        return None
    held = next((pages.held[t] for t in tried if t in pages.held), None)
    if held is not None:
        return problem(shown, line, "E281", href=href, reason=held)
    return problem(shown, line, "E280", href=href, hint=_closest(target, uri, pages))


def _closest(target: str, uri: str, pages: Pages) -> str:
    """The fix of a missing page: the story folder closest in name, linked from `uri`."""
    name = posixpath.basename(target.removesuffix("/index.md"))
    stories = {posixpath.basename(posixpath.dirname(u)): u for u in pages.story_links()
               if u != uri}  # not the page itself
    best = suggest(name, list(stories))
    if best is not None:
        link = posixpath.relpath(posixpath.dirname(stories[best]), posixpath.dirname(uri))
        return f"是不是想写“{link}/”？"
    return "链接同栏目的另一篇故事写成 ../目录名/，其他栏目的写成 ../../栏目目录/目录名/"
