"""MkDocs' own notes about links, told in Chinese (E290, E291) or left out where ours said it.

`culture check` (gallery.content.links) refuses every link MkDocs' strict build would refuse,
and the build runs that check first, so MkDocs' warning about a link to nothing is not reached.
What MkDocs still says about links is rewritten by a logging filter on its page logger: a
missing anchor (an INFO: it does not fail the build) becomes E290 at the file and line of the
link; a link to nothing, should one ever get past our check, becomes E291 and stays a warning
(so `--strict` still fails), unless it leads to a story taken down (shown as plain text, see
gallery.content.links.unlink); its notes about relative links to folders (`../x/`, which our
check has resolved) and absolute links (which our check refuses) are dropped.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from gallery.content import links
from gallery.problems import problem

PAGES_LOGGER = "mkdocs.structure.pages"
QUOTED = r"'((?:[^']|'(?! ))*)'"  # MkDocs quotes names with '…'; an address may hold a quote
MISSING_ANCHOR = re.compile(
    rf"Doc file {QUOTED} contains a link {QUOTED}, but (?:the doc {QUOTED} does not contain an "
    r"anchor '#[^']*'|there is no such anchor on this page)\.")
NOT_FOUND = re.compile(
    rf"Doc file {QUOTED} contains a link {QUOTED}, but the target(?: {QUOTED})? is not found")
COVERED = re.compile(r"Doc file '.*' contains an (?:unrecognized relative|absolute) link ")


class LinkMessages(logging.Filter):
    """Rewrites MkDocs' link messages about a page as our Chinese problem lines."""

    def __init__(self, root: Path, docs: Path, withdrawn: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.root, self.docs, self.withdrawn = root, docs, withdrawn

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite (True) or drop (False) one record; others pass as they are."""
        text = record.getMessage()
        if COVERED.match(text):
            return False
        anchor, missing = MISSING_ANCHOR.match(text), NOT_FOUND.match(text)
        found = anchor or missing
        if found is None:
            return True
        src, href = found[1], found[2]
        if missing and (found[3] in self.withdrawn
                        or links.withdrawn_link(href, src, self.withdrawn)):
            return False  # a story taken down: its link is shown as plain text
        shown, line = self.where(src, href)
        if anchor:
            fragment = href.partition("#")[2]
            record.msg = str(problem(shown, line, "E290", href=href, anchor=fragment))
        else:
            record.msg = str(problem(shown, line, "E291", href=href,
                                     target=found[3] or href))
        record.args = ()
        return True

    def where(self, src: str, href: str) -> tuple[str, int]:
        """The file (as staff see it) and line of a link of the page at `src`."""
        path = self.docs / src
        try:
            shown = path.relative_to(self.root).as_posix()
        except ValueError:
            shown = path.as_posix()
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            return shown, 1  # a page only the build makes: no file to point at
        at = text.find(href)
        return shown, 1 if at < 0 else text.count("\n", 0, at) + 1


def translate_link_messages(root: Path, docs: Path,
                            withdrawn: frozenset[str] = frozenset()) -> LinkMessages:
    """Install (once; later builds of `mkdocs serve` update it) the filter on MkDocs' page
    logger, for the project at `root` with its content under `docs` and the story URIs taken
    down (`withdrawn`)."""
    logger = logging.getLogger(PAGES_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, LinkMessages):
            existing.root, existing.docs, existing.withdrawn = root, docs, withdrawn
            return existing
    installed = LinkMessages(root, docs, withdrawn)
    logger.addFilter(installed)
    return installed
