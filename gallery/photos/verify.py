"""Decoding, for plain `culture check`, the photos no build has decoded: the damage that the
first bytes do not show (a file cut short, E305; damaged data, E306) fails a publish, so a
check that says "0 个错误" must have found it too.

A photo with a manifest in the cache under its current key (its bytes and the image settings)
was decoded by the build that made its derivatives. Any other is decoded here as a build
decodes it (`derive.open_photo`, `derive.decode`), at the smallest scale: a JPEG at 1/8, which
still reads the whole file. A photo that decoded is remembered in .cache/decoded/ under its
key, so the next check decodes only what is new; unchanged photos are found by the photo
stage's stat index without being read again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gallery import paths, sealed
from gallery.content import model
from gallery.content.discover import shown_path
from gallery.content.settings import ImageSettings
from gallery.photos import cache, derive
from gallery.photos.sniff import BadPhoto, as_problem, sniff_photos
from gallery.problems import Problem

CACHE_DIR = ".cache/decoded"  # one empty entry per photo key that decoded (sealed store)
SMALLEST = (1, 1)  # decode at the smallest scale the format offers


def check_files(photos: Iterable[model.Photo], settings: ImageSettings, root: Path,
                cache_dir: Path) -> list[Problem]:
    """Plain `culture check`'s photo problems: each photo's first bytes (`sniff`), then a
    decode of the sound ones no build or check has decoded."""
    photos = list(photos)
    problems = sniff_photos(photos, root, settings.max_pixels)
    told = {p.path for p in problems}
    sound = [photo for photo in photos if shown_path(root, photo.source) not in told]
    return sorted(problems + verify_photos(sound, settings, root, cache_dir))


def verify_photos(photos: Iterable[model.Photo], settings: ImageSettings, root: Path,
                  cache_dir: Path) -> list[Problem]:
    """The decode problems of the photos that neither a build nor an earlier check decoded."""
    shown = {photo.source: shown_path(root, photo.source) for photo in photos}
    keys, problems = cache.hash_sources(shown, settings, cache.index_path(cache_dir))
    memo = root / CACHE_DIR
    todo = [(source, key) for source, key in keys.items()
            if not (cache_dir / paths.photo_manifest(key)).is_file()  # a build decoded it
            and sealed.read(memo, key, ".ok") is None]
    with derive.strict_pillow(), ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        found = pool.map(lambda item: decode_problem(item[0], settings.max_pixels), todo)
        for (source, key), bad in zip(todo, found, strict=True):
            if bad is not None:
                problems.append(as_problem(source, bad, root))
            else:
                with contextlib.suppress(OSError):  # a read-only checkout: decoded again next time
                    sealed.write(memo, key, ".ok", b"")
    return sorted(problems)


def decode_problem(source: Path, max_pixels: int) -> BadPhoto | None:
    """Why a photo cannot be decoded as a build decodes it, or None when it can."""
    try:
        with derive.open_photo(source, max_pixels) as im:
            derive.decode(im, SMALLEST, source)
    except BadPhoto as bad:
        return bad
    except OSError:  # the file could not be read while decoding (pulled away, a bad disk)
        return BadPhoto("E308")
    return None
