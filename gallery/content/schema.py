"""How a record is declared: a frozen dataclass whose fields carry their YAML rules as metadata.

Each record (a story section, an outlet, a campaign, a lobby screen, the notice…) is written
once, as the dataclass the rest of the code reads; `entry()` adds the key's kind, Chinese label,
example and choices to the dataclass field, and `gallery.content.engine` checks any YAML mapping
against them.

Why field metadata and not pydantic: every message, code and line that staff see is fixed and
documented (docs/errors.md, exact-message tests), and pydantic's own errors and coercions
(`"5"` becomes 5, `1` becomes True) would each have to be mapped back or switched off; the
Chinese label and example belong next to the field, where `culture new` and the docs tables read
them; it needs no new dependency; and the model stays plain frozen dataclasses, built without a
validation layer wherever code (tests, the screens) makes one directly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, dataclass
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
Key = tuple[str | int, ...]
SPEC = "gallery.spec"  # the metadata key under which a field keeps its Spec
ITEM = "*"  # stands for "any index" in the key paths of text_fields()

# Kinds whose value is free text that staff write and the site shows (see text_fields()):
# "text" (free text), "name" (a name: no emoji joiner), "phone" (a phone number) and tags.
# Not: "id" (an outlet, campaign or screen id must be URL-safe), "file" (a photo beside
# index.md), choices, outlets, dates and numbers, which refuse all but their allowed values.
TEXT_KINDS = ("text", "name", "phone", "tags")


@dataclass(frozen=True)
class Spec:
    """How one YAML key is written: its kind, whether it is required, a Chinese label and an
    example value, and for a record or a list of records, the record type."""

    kind: str
    label: str
    example: str = "…"
    required: bool = False
    choices: tuple[str, ...] = ()
    record: type | None = None
    item_example: str = ""  # the example shown when one item of a list is not a mapping
    hook: str = ""  # the name of the file's own coercer, when the engine's kind is not enough
    max_len: int = 0  # the longest value in characters; 0: the kind's (textrules.MAX_LEN)
    name: str = ""  # the YAML key; set by specs() from the field name unless given
    attr: str = ""  # the dataclass attribute; set by specs()


def entry(kind: str, label: str, example: str = "…", required: bool = False,
          choices: tuple[str, ...] = (), *, key: str = "", record: type | None = None,
          item_example: str = "", hook: str = "", max_len: int = 0, default: Any = MISSING,
          default_factory: Callable[[], Any] | Any = MISSING) -> Any:
    """A dataclass field that is also a YAML key of the record (see Spec)."""
    spec = Spec(kind, label, example, required, choices, record, item_example, hook, max_len,
                key)
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata={SPEC: spec})


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, entry))
def record(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """`@dataclass(frozen=True)` that tells type checkers `entry()` is a field (PEP 681)."""
    wrap = dataclass(frozen=True, kw_only=kw_only)
    return wrap(cls) if cls is not None else wrap


def specs(cls: type) -> tuple[Spec, ...]:
    """The YAML keys of a record in order: a key keeps the place where it was first declared
    with `entry()`, so a section that redeclares `title` keeps it first, while a key that only
    a subclass declares (`date`, whose label differs by section) comes with the subclass's own.
    A record whose constructor order differs from the order of its keys in messages names the
    attributes in a `KEY_ORDER` class variable."""
    if cls not in _SPECS:
        _SPECS[cls] = _ordered_specs(cls)
    return _SPECS[cls]


_SPECS: dict[type, tuple[Spec, ...]] = {}


def _ordered_specs(cls: type) -> tuple[Spec, ...]:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    order: list[str] = list(getattr(cls, "KEY_ORDER", ()))
    for klass in reversed(cls.__mro__):
        own = vars(klass).get("__dataclass_fields__", {})
        for name in vars(klass).get("__annotations__", {}):
            if name in own and SPEC in own[name].metadata and name not in order:
                order.append(name)
    found = []
    for name in order:
        spec = fields[name].metadata.get(SPEC)
        if spec is not None:  # a subclass may take a key away (morning items: no audience)
            found.append(dataclasses.replace(spec, name=spec.name or name, attr=name))
    return tuple(found)


def spec(cls: type, name: str) -> Spec | None:
    """The spec of the YAML key `name` of a record, if it has one."""
    return next((s for s in specs(cls) if s.name == name), None)


def spec_of(cls: type, name: str) -> Spec:
    """The spec of the YAML key `name` of a record, which must have it."""
    found = spec(cls, name)
    if found is None:
        raise KeyError(f"{cls.__name__} declares no key {name!r}")
    return found


def keys(cls: type) -> tuple[str, ...]:
    """The YAML keys of a record, in order."""
    return tuple(s.name for s in specs(cls))


def text_fields(cls: type, prefix: Key = ()) -> list[Key]:
    """Every key path of a record where staff write free text that the site shows.

    A path is the keys from the top of the file (`prefix`) down to the value; lists of records
    and lists of tags have `ITEM` ("*") where the index goes, e.g. ("campaigns", "*", "name")
    or ("tags", "*"). Records nested in records are walked, so a field added anywhere is
    listed without changing this function (the injection test relies on that). Choices, dates,
    numbers and outlet ids are not listed: anything but their few allowed values is refused.
    """
    paths: list[Key] = []
    for s in specs(cls):
        path = (*prefix, s.name)
        if s.record is not None:
            inner = path if s.kind in ("mapping", "photo") else (*path, ITEM)
            paths += text_fields(s.record, inner)
        elif s.kind == "tags":
            paths.append((*path, ITEM))
        elif s.kind in TEXT_KINDS:
            paths.append(path)
    return paths
