"""Stories read and validated, kept across builds in .cache/stories.json, by content.

Reading and validating 5,000 stories takes about 9 s of a warm build's on_config (YAML, the
body guard, the schema engine); the result depends only on what content.load's story key
names (the file's bytes, its folder's listing, the outlets) and on this program's code, and
on the day only when validation looked at it (an approval dated after today, a pioneer's
year of joining: `Watched` notes it). An entry is kept under a SHA-256 of all of that and
of every source file of the `gallery` package, so a changed story, photo, outlet or line of
code reads the story again, and the problems are the very ones a fresh read gives (tests).

The file holds JSON, never pickle (a file under the project must not be able to run code):
the model's frozen dataclasses, paths, dates and tuples are tagged and rebuilt by name from
the model's own classes. An entry that is unreadable, foreign, or fails its checksum is read
and validated again, never trusted; deleting the file is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gallery import sealed
from gallery.content import model
from gallery.content.read import Document
from gallery.problems import Problem

CACHE_FILE = Path(".cache") / "stories.json"
VERSION = 1
# The classes an entry may name: the model's records (a story of any section, its photos and
# approval record). Nothing else is ever constructed from the file.
CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    model.Photo, model.Approval, model.Story, model.CultureItem, model.PioneerPost,
    model.Moment, model.TalkArticle, model.MorningItem)}


class Unencodable(TypeError):
    """A value the cache cannot write: the story is simply not cached."""


@functools.cache
def code_digest() -> str:
    """A digest of every Python source of the `gallery` package, the Python version and
    PyYAML's (with or without libyaml): a change to any of them empties the cache."""
    digest = hashlib.sha256(f"{VERSION} {sys.version} {yaml.__version__} "
                            f"{getattr(yaml, '__with_libyaml__', False)}".encode())
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes() + b"\0")
    return digest.hexdigest()


class Watched(dt.date):
    """The day given to validation, noting whether validation looked at it (an entry made
    without looking at it holds on any day)."""

    looked: bool

    def __getattribute__(self, name: str) -> Any:
        object.__setattr__(self, "looked", True)
        return super().__getattribute__(name)


def _noting(name: str) -> Callable[..., Any]:
    base = getattr(dt.date, name)

    def method(self: Watched, *args: Any) -> Any:
        object.__setattr__(self, "looked", True)
        return base(self, *args)

    method.__name__ = name
    return method


for _name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__",
              "__format__", "__str__", "__repr__", "__add__", "__radd__", "__sub__",
              "__rsub__", "__reduce__", "__reduce_ex__", "__bool__"):
    if hasattr(dt.date, _name):
        setattr(Watched, _name, _noting(_name))


def watched(day: dt.date) -> Watched:
    """`day`, watched."""
    found = Watched(day.year, day.month, day.day)
    object.__setattr__(found, "looked", False)
    return found


def encode(value: Any) -> Any:
    """A model value as JSON data (tagged); Unencodable for anything else."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, tuple):
        return {"t": [encode(v) for v in value]}
    if isinstance(value, Path):
        return {"p": str(value)}
    if type(value) is dt.date:
        return {"d": value.isoformat()}
    if dataclasses.is_dataclass(value) and CLASSES.get(type(value).__name__) is type(value):
        return {"r": type(value).__name__,
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise Unencodable(type(value).__name__)


def decode(data: Any) -> Any:
    """The value `encode` made (ValueError, KeyError or TypeError when it is not one)."""
    if data is None or isinstance(data, (str, bool, int)):
        return data
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ValueError("not an encoded value")
    if "f" in data:
        cls = CLASSES[data["r"]]
        fields = data["f"]
        if fields.keys() != _field_names(cls):
            raise ValueError("fields differ")
        found: Any = object.__new__(cls)  # the exact state written, as a frozen dataclass holds it
        for name, value in fields.items():
            object.__setattr__(found, name, decode(value))
        return found
    if "t" in data:
        return tuple(decode(v) for v in data["t"])
    if "p" in data:
        return Path(data["p"])
    return dt.date.fromisoformat(data["d"])


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def encode_entry(checked: tuple[Document | None, model.Story | None, list[Problem]],
                 today: Watched) -> dict[str, Any]:
    """A story read and validated as an entry (Unencodable when it cannot be)."""
    doc, story, problems = checked
    return {"doc": None if doc is None else str(doc.path),
            "title_line": None if doc is None else doc.line("title"),
            "story": encode(story),
            "problems": [[p.path, p.line, p.code, p.message, p.fix] for p in problems],
            "today": today.isoformat() if object.__getattribute__(today, "looked") else None}


def decode_entry(data: dict[str, Any], today: dt.date,
                 ) -> tuple[Document | None, model.Story | None, list[Problem]] | None:
    """The story an entry holds, or None when it was validated on another day (or the entry
    is not one)."""
    try:
        if data["today"] is not None and data["today"] != today.isoformat():
            return None
        story = decode(data["story"])
        problems = [Problem(str(p), int(line), str(c), str(m), str(f))
                    for p, line, c, m, f in data["problems"]]
        doc = None
        if data["doc"] is not None:  # what load_site reads of it: the title's line
            doc = Document(Path(data["doc"]), {}, "", {("title",): int(data["title_line"])})
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if story is not None and not isinstance(story, model.Story):
        return None
    return doc, story, problems


class StoryCache:
    """The entries of .cache/stories.json under a project root, used and saved by one load."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.path = root / CACHE_FILE
        self.enabled = enabled
        self._entries: dict[str, dict[str, Any]] | None = None  # read when first asked
        self.used: dict[str, dict[str, Any]] = {}
        self.added = False

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        """The file's entries (read once, when first needed: a preview's rebuild that finds
        every story in its memory never reads the file)."""
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[str, dict[str, Any]]:
        return sealed.read_entries(self.path, stamp())

    def get(self, key: str, today: dt.date,
            ) -> tuple[Document | None, model.Story | None, list[Problem]] | None:
        """The story kept under `key` (valid on `today`), or None."""
        data = self.entries.get(key) if self.enabled else None
        if data is None:
            return None
        found = decode_entry(data, today)
        if found is not None:
            self.used[key] = data
        return found

    def put(self, key: str, checked: tuple[Document | None, model.Story | None, list[Problem]],
            today: Watched) -> None:
        """Keep a story just read and validated (unless it cannot be written)."""
        if not self.enabled:
            return
        try:
            self.used[key] = encode_entry(checked, today)
        except Unencodable:
            return
        self.added = True

    def save(self) -> None:
        """Write the entries this load used, when they differ from the file's (a folder that
        cannot be written only costs the next load its reading)."""
        if self._entries is None or (not self.added and self.used.keys() == self._entries.keys()):
            return
        try:
            sealed.write_entries(self.path, stamp(), self.used)
        except (OSError, UnicodeError, ValueError):
            return


def stamp() -> dict[str, object]:
    """What a story cache file must have been written with to be read: this format and code."""
    return {"version": VERSION, "code": code_digest()}


def story_digest(key: tuple) -> str:
    """The cache key of a story from content.load's story key (the day left out: an entry
    says whether it depends on it)."""
    digest = hashlib.sha256(code_digest().encode())
    for part in key:
        digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
