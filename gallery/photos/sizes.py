"""The photo size limit (culture.yml `images: max_file_mb`, E269): one rule for the local
pre-commit hook (gallery.guard) and the server's pre-receive hook (gallery.publish.gitserver),
because a local hook can be skipped and a committed file stays in every clone forever."""

from __future__ import annotations

from pathlib import PurePosixPath

from gallery.content.boundary import IMAGES
from gallery.problems import Problem, problem

MB = 1024 * 1024


def is_photo(path: str) -> bool:
    """Whether a repository path names a photo (by its extension, as the site does)."""
    return PurePosixPath(path).suffix.lower() in IMAGES


def too_large(sizes: list[tuple[str, int]], limit_mb: int) -> list[Problem]:
    """E269 for each photo over `limit_mb` (told with one decimal, never rounded under)."""
    return [problem(path, 1, "E269", size=f"{size / MB:.1f}", limit=limit_mb)
            for path, size in sizes if size > limit_mb * MB]
