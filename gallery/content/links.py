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

A link to a story taken down (`culture takedown`, gallery.content.withdrawn) is no problem: a
takedown must never fail on another page's link. The build shows its text without the link
(`unlink`) and names each such link (`unlinked`) in its log and on 发布记录.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
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
    withdrawn: frozenset[str] = frozenset()  # story URIs taken down: linked as plain text

    def story_links(self) -> list[str]:
        """The URIs of the made story pages (three parts: section/slug/index.md)."""
        return sorted(uri for uri in self.made if uri.count("/") == 2)


@dataclass(frozen=True)
class Unlinked:
    """A link to a story taken down, shown as plain text: the file, line and address."""

    path: str
    line: int
    href: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: 链接“{self.href}”{UNLINKED_SAID}"


UNLINKED_SAID = "指向已下架的故事，已改为普通文字"
UNLINKED_LINE = re.compile(rf"(\S+:\d+: 链接“.*”{UNLINKED_SAID})$")


def unlinked_lines(output: Iterable[str]) -> list[str]:
    """The lines of a build's output naming a link to a story taken down, once each."""
    found = (m[1] for line in output if (m := UNLINKED_LINE.search(line.rstrip())))
    return list(dict.fromkeys(found))


def site_pages(site: model.Site, generated: Iterable[str],
               withdrawn: Iterable[str] = ()) -> Pages:
    """The pages of a build: every visible story, the home page and `generated` (the index
    pages the intranet makes), the stories held back with the reason, and the story keys
    taken down (`withdrawn`, "moments/2026-11-01-a")."""
    made = {paths.story_uri(s.section, s.slug) for s in site.visible()}
    held = {paths.story_uri(s.section, s.slug): held_reason(s, site.today)
            for s in site.stories if not s.visible_on(site.today)}
    gone = frozenset(f"{key}/index.md" for key in withdrawn)
    return Pages(frozenset({*made, *generated, paths.HOME_URI}), held, gone)


def held_reason(story: model.Story, today: dt.date) -> str:
    """Why a story is not published today, in words for staff."""
    if story.draft:
        return "它是草稿（draft: true）"
    if story.publish and today < story.publish:
        return f"它的上线日期是 {story.publish}"
    return f"它已于 {story.expire} 下线"


def check_site(site: model.Site, pages: Pages, root: Path) -> tuple[list[Problem], list[Unlinked]]:
    """The link problems of every visible story and hand-written page, and their links to
    stories taken down."""
    problems: list[Problem] = []
    unlinked: list[Unlinked] = []
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
            for line, href in links:
                if withdrawn_link(href, uri, pages.withdrawn):
                    unlinked.append(Unlinked(shown, first + line, href))
                elif p := check_link(href, uri, pages, shown, first + line):
                    problems.append(p)
    return problems, unlinked


def _link_target(href: str, uri: str) -> list[str] | None:
    """The page URIs a relative page link of the page at `uri` may name (None: not one)."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = urllib.parse.unquote(parts.path)
    if path.startswith(("/", "\\")):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), path))
    if target.lower().endswith(".md"):
        return [target]
    folder = "" if target == "." else target
    return [posixpath.join(folder, "index.md"), f"{target}.md"]


def withdrawn_link(href: str, uri: str, withdrawn: frozenset[str]) -> bool:
    """Whether `href` on the page at `uri` leads to a story taken down."""
    tried = _link_target(href, uri) if withdrawn else None
    return bool(tried) and any(t in withdrawn for t in tried or ())


ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def unlink(page_html: str, uri: str, withdrawn: frozenset[str]) -> str:
    """The rendered page at `uri` with each link to a story taken down replaced by its text
    (in a span, no address)."""
    if not withdrawn:
        return page_html

    def plain(m: re.Match[str]) -> str:
        found = HREF.search(m[1])
        href = html.unescape(next((g for g in found.groups() if g is not None), "")) \
            if found else ""
        if not withdrawn_link(href, uri, withdrawn):
            return m[0]
        return f'<span class="culture-unlinked">{m[2]}</span>'

    return ANCHOR.sub(plain, page_html)


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
