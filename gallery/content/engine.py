"""The one schema engine: coerces a YAML mapping into a record by the record's declaration.

Every file staff write is checked here: story front matter, culture.yml (and its `screens:`),
notice.yml. The engine does what all records share (unknown keys with a "did you mean", required
keys, wrong types, empty values, choices, dates, numbers, true/false, tag lists, nested records
and lists of records); what is particular to one record (date windows, ranges, schedules,
photo files) is a small function beside that record, handed to the engine as a `hook` (a
coercer for one kind of value) or a `check` (run on a record's coerced values).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from gallery.content import diagnose, textrules
from gallery.content.read import Lines, key_line
from gallery.content.schema import Key, Spec, keys, specs
from gallery.problems import Problem, did_you_mean, one_line, problem

T = TypeVar("T")
EXPECTED = {"text": "文字", "date": "日期", "bool": "true 或 false", "int": "整数",
            "tags": "列表", "photos": "列表", "photo": "照片文件名", "choice": "文字",
            "outlet": "网点编号", "list": "列表", "mapping": "“字段: 值”组", "id": "文字",
            "name": "文字", "phone": "文字", "focus": "两个百分数或“完整”"}
# A photo's focal point: "x% y%" (each 0-100), or 完整 for the whole photo (CSS contain).
FOCUS = re.compile(r"(\d{1,3})(?:\.\d+)?\s*[%％]\s+(\d{1,3})(?:\.\d+)?\s*[%％]")
WHOLE = "完整"
# Texts that are the value asked for once their quotes go: `draft: 'false'`, `order: "3"` (a
# number of over 4,300 digits, which Python does not read, stays text unquoted).
QUOTED_KINDS = {"bool": re.compile(r"(?i)true|false|yes|no|on|off"),
                "int": re.compile(r"[+-]?\d{1,4300}")}
TEXTUAL = ("text", "name", "phone", "choice", "outlet", "id")
# Kinds whose value may hold an emoji joiner (U+200D): free text, never names, ids or phones.
JOINER_KINDS = ("text",)

# A coercer for one kind of value: the checked value, or None once a problem is reported.
Hook = Callable[["Checker", Spec, Any, Key], Any]
# A check on one record's coerced values (by attribute), given the mapping as written.
Check = Callable[["Checker", dict[str, Any], Mapping[str, Any], Key], None]


def describe(value: Any) -> str:
    """How a YAML value looks to a person, in Chinese (never a Python type name)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value}"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if value is None:
        return "空值"
    return f"文字“{one_line(str(value))}”"


class Checker:
    """Checks one file: coerces its values by their declarations and collects its problems."""

    def __init__(self, shown: str, lines: Lines, hooks: Mapping[str, Hook] | None = None,
                 checks: Mapping[type, Check] | None = None) -> None:
        self.shown = shown
        self.lines = lines
        self.hooks = dict(hooks or {})
        self.checks = dict(checks or {})
        self.problems: list[Problem] = []

    def line(self, *key: Any) -> int:
        """The line of a key path, or of its nearest known parent."""
        return key_line(self.lines, key)

    def add(self, at: Key, code: str, /, **values: object) -> None:
        """Record a problem at the line of the key path `at`."""
        self.problems.append(problem(self.shown, self.line(*at), code, **values))

    def add_at_line(self, line: int, code: str, /, **values: object) -> None:
        """Record a problem at a file line (the body has no key paths)."""
        self.problems.append(problem(self.shown, line, code, **values))

    def errors(self) -> int:
        """How many errors (not warnings) are recorded so far."""
        return sum(not p.is_warning for p in self.problems)

    def wrong_type(self, key: Key, spec: Spec, value: Any) -> None:
        """Record an E203 for a value of the wrong kind (E262 for a list or group written with
        full-width brackets, which YAML reads as text)."""
        if self.full_width(key, spec, value):
            return
        unquoted = QUOTED_KINDS.get(spec.kind)
        quoted = isinstance(value, str) and unquoted and unquoted.fullmatch(value.strip())
        example = spec.example + ("（去掉引号：加了引号就成了文字）" if quoted else "")
        self.add(key, "E203", key=spec.name, expected=EXPECTED[spec.kind],
                 actual=describe(value), example=example)

    def not_mapping(self, key: Key, spec: Spec, value: Any) -> None:
        """Record an E203 for a record (or an item of a list of records) that is no mapping."""
        if self.full_width(key, spec, value):
            return
        self.add(key, "E203", key=spec.name, expected=EXPECTED["mapping"],
                 actual=describe(value), example=spec.item_example or spec.example)

    def full_width(self, key: Key, spec: Spec, value: Any) -> bool:
        """Record an E262 when a text value is a list or group in full-width brackets."""
        found = diagnose.full_width_brackets(spec.name, value) if isinstance(value, str) else None
        if found is not None:
            self.add(key, "E262", **found)
        return found is not None

    def unknown_keys(self, data: Mapping[Any, Any], names: tuple[str, ...], key: Key = ()) -> None:
        """Record an E201 for every key not in `names`."""
        for name in data:
            if str(name) not in names:
                hint = did_you_mean(str(name), names, "字段")
                self.add((*key, name), "E201", key=name, hint=hint)

    def blanks(self, data: Mapping[Any, Any], names: tuple[str, ...], key: Key = ()) -> None:
        """Record an E216 for each of `names` written with nothing after it (`days:`)."""
        for name in names:
            if name in data and data[name] is None:
                self.add((*key, name), "E216", key=name)

    def record(self, cls: type[T], data: Mapping[str, Any], key: Key = ()) -> T | None:
        """The record `cls` made from `data`; None when anything in it is wrong."""
        before = self.errors()
        values = self.values(cls, data, key)
        return cls(**values) if self.errors() == before else None

    def values(self, cls: type, data: Mapping[str, Any], key: Key = (),
               extra: tuple[str, ...] = ()) -> dict[str, Any]:
        """The good values of `data` by attribute name, each key checked by its declaration;
        `extra` keys are known but left to another part of the code."""
        self.unknown_keys(data, keys(cls) + extra, key)
        values: dict[str, Any] = {}
        for spec in specs(cls):
            raw = data.get(spec.name)
            if raw is None:  # absent, or written with nothing after it
                if spec.required:
                    self.add(key, "E202", key=spec.name, label=spec.label, example=spec.example)
                continue
            value = self.value(spec, raw, (*key, spec.name))
            if value is not None:
                values[spec.attr] = value
        if cls in self.checks:
            self.checks[cls](self, values, data, key)
        return values

    def value(self, spec: Spec, raw: Any, key: Key) -> Any:
        """One value coerced by its spec: the file's hook for it, or the engine's own kind."""
        hook = self.hooks.get(spec.hook or spec.kind)
        if hook is not None:
            return hook(self, spec, raw, key)
        if spec.record is not None and spec.kind == "mapping":
            if not isinstance(raw, dict):
                self.not_mapping(key, spec, raw)
                return None
            return self.record(spec.record, raw, key)
        if spec.record is not None and spec.kind == "list":
            return self.records(spec, raw, key)
        if spec.kind == "tags":
            return self.tags(spec, raw, key)
        return self.scalar(spec, raw, key)

    def records(self, spec: Spec, raw: Any, key: Key) -> tuple[Any, ...]:
        """A list of records; the broken ones are reported and left out."""
        return tuple(made for _, made in self.indexed(spec, raw, key))

    def indexed(self, spec: Spec, raw: Any, key: Key) -> list[tuple[int, Any]]:
        """The good records of a list, each with its index in the list as written."""
        if not isinstance(raw, list):
            self.wrong_type(key, spec, raw)
            return []
        assert spec.record is not None, f"{spec.name} declares no record type"
        good: list[tuple[int, Any]] = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                self.not_mapping((*key, index), spec, item)
                continue
            made = self.record(spec.record, item, (*key, index))
            if made is not None:
                good.append((index, made))
        return good

    def scalar(self, spec: Spec, value: Any, key: Key) -> Any:
        """Coerce a text, date, bool, int or choice value; None when it is wrong."""
        if spec.kind in TEXTUAL:
            if isinstance(value, (bool, list, dict, dt.date)):
                self.wrong_type(key, spec, value)
                return None
            text = str(value).strip()
            if not text:
                self.add(key, "E216", key=spec.name)
                return None
            if not self.text_ok(spec, str(value), key):
                return None
            if spec.kind == "choice" and text not in spec.choices:
                self.add(key, "E205", key=spec.name, value=text,
                         choices="、".join(spec.choices))
                return None
            return text
        if spec.kind == "date":
            return self.date(spec, value, key)
        if spec.kind == "focus":
            return self.focus(spec, value, key)
        if spec.kind in ("bool", "int"):
            ok = isinstance(value, bool) == (spec.kind == "bool") and isinstance(value, int)
            if not ok:
                self.wrong_type(key, spec, value)
            return value if ok else None
        raise ValueError(f"no coercer for the kind {spec.kind!r} of {spec.name!r}")

    def text_ok(self, spec: Spec, text: str, key: Key, kind: str = "") -> bool:
        """Whether a text value keeps the text rules of its kind: no control or direction
        characters (E230; an emoji joiner only in free text, E231), at most its length (E233),
        and for a phone, a phone's characters (E232). `text` is the value as written."""
        kind = kind or spec.kind
        bad = textrules.forbidden(text, joiner=kind in JOINER_KINDS)
        if bad is not None:
            pos, char = bad
            code = "E231" if char == textrules.JOINER else "E230"
            self.add(key, code, where=f"字段“{spec.name}”的", pos=pos,
                     char=textrules.char_label(char))
            return False
        text = text.strip()
        limit = spec.max_len or textrules.MAX_LEN.get(kind, 0)
        if limit and len(text) > limit:
            self.add(key, "E233", where=f"字段“{spec.name}”", length=len(text), limit=limit)
            return False
        if kind == "phone" and not textrules.is_phone(text):
            self.add(key, "E232", value=text, key=spec.name)
            return False
        return True

    def focus(self, spec: Spec, value: Any, key: Key) -> str | None:
        """A photo's focal point: "x% y%" (whole percents, 0-100) or "contain" for 完整."""
        if isinstance(value, (bool, list, dict, dt.date)):
            self.wrong_type(key, spec, value)
            return None
        text = str(value).strip()
        if text == WHOLE:
            return "contain"
        found = FOCUS.fullmatch(text)
        if found and all(int(n) <= 100 for n in found.groups()):
            return f"{int(found[1])}% {int(found[2])}%"
        self.add(key, "E222", key=spec.name, value=text)
        return None

    def date(self, spec: Spec, value: Any, key: Key) -> dt.date | None:
        """Coerce a YAML date or an ISO date string."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (bool, list, dict)):
            self.wrong_type(key, spec, value)
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            suggested = diagnose.suggested_date(value)
            if suggested is not None:  # 2024/5/1, 2024年5月1日: say the exact value to write
                self.add(key, "E264", key=spec.name, value=value, suggested=suggested)
            else:
                self.add(key, "E204", key=spec.name, value=value)
            return None

    def tags(self, spec: Spec, value: Any, key: Key) -> tuple[str, ...]:
        """Coerce a list of tags (text items)."""
        if not isinstance(value, list):
            self.wrong_type(key, spec, value)
            return ()
        good = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                if self.text_ok(spec, str(item), (*key, index), kind="tags"):
                    good.append(str(item).strip())
            else:
                self.add((*key, index), "E203", key=spec.name, expected="文字",
                         actual=describe(item), example=spec.example)
        return tuple(dict.fromkeys(good))
