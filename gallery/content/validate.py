"""Validate front matter against a section schema and build the typed model."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path
from typing import Any

from gallery.content import body, model
from gallery.content.read import Document
from gallery.content.records import Field, Section
from gallery.problems import Problem, did_you_mean, problem

EXPECTED = {"text": "文字", "date": "日期", "bool": "true 或 false", "int": "整数",
            "tags": "列表", "photos": "列表", "photo": "照片文件名", "choice": "文字",
            "outlet": "网点编号", "list": "列表", "mapping": "“字段: 值”组"}
FIRST_PARTY_YEAR = 1921


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
    return f"文字“{value}”"


class Checker:
    """Collects problems for one file while coercing its values."""

    def __init__(self, shown: str, lines) -> None:
        self.shown = shown
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, *key: Any) -> int:
        """The line of a key path, or of its nearest known parent."""
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def add(self, at: tuple[Any, ...], code: str, /, **values: object) -> None:
        """Record a problem at the line of the key path `at`."""
        self.problems.append(problem(self.shown, self.line(*at), code, **values))

    def add_at_line(self, line: int, code: str, /, **values: object) -> None:
        """Record a problem at a file line (the body has no key paths)."""
        self.problems.append(problem(self.shown, line, code, **values))

    def wrong_type(self, key: tuple[Any, ...], f: Field, value: Any) -> None:
        """Record an E203 for a value of the wrong kind."""
        self.add(key, "E203", key=f.name, expected=EXPECTED[f.kind], actual=describe(value),
                 example=f.example)

    def unknown_keys(self, data: dict, names: tuple[str, ...], key: tuple = ()) -> None:
        """Record an E201 for every key not in `names`."""
        for name in data:
            if str(name) not in names:
                hint = did_you_mean(str(name), names, "字段")
                self.add(key + (name,), "E201", key=name, hint=hint)

    def scalar(self, f: Field, value: Any, key: tuple[Any, ...]) -> Any:
        """Coerce a text, date, bool, int or choice value; None when it is wrong."""
        if f.kind in ("text", "choice", "outlet"):
            if isinstance(value, (bool, list, dict, dt.date)):
                return self.wrong_type(key, f, value)
            text = str(value).strip()
            if not text:
                return self.add(key, "E216", key=f.name)
            if f.kind == "choice" and text not in f.choices:
                return self.add(key, "E205", key=f.name, value=text, choices="、".join(f.choices))
            return text
        if f.kind == "date":
            return self.date(f, value, key)
        if f.kind == "bool":
            return value if isinstance(value, bool) else self.wrong_type(key, f, value)
        if f.kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            return value if ok else self.wrong_type(key, f, value)
        raise ValueError(f"unknown field kind {f.kind}")

    def date(self, f: Field, value: Any, key: tuple[Any, ...]) -> dt.date | None:
        """Coerce a YAML date or an ISO date string."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (bool, list, dict)):
            return self.wrong_type(key, f, value)
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return self.add(key, "E204", key=f.name, value=value)

    def tags(self, f: Field, value: Any, key: tuple[Any, ...]) -> tuple[str, ...]:
        """Coerce a list of tags (text items)."""
        if not isinstance(value, list):
            self.wrong_type(key, f, value)
            return ()
        good = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                good.append(str(item).strip())
            else:
                self.add(key + (index,), "E203", key=f.name, expected="文字", actual=describe(item),
                         example=f.example)
        return tuple(dict.fromkeys(good))


def folder_files(folder: Path) -> list[str]:
    """File names beside a story's index.md (its photo candidates)."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "index.md")


def _photo(check: Checker, f: Field, value: Any, key: tuple, folder: Path) -> model.Photo | None:
    """Coerce one photo: a file name or a mapping with file, caption and alt."""
    if isinstance(value, str):
        value = {"file": value}
    if not isinstance(value, dict):
        return check.wrong_type(key, f, value)
    check.unknown_keys(value, ("file", "caption", "alt"), key)
    name = value.get("file")
    if not isinstance(name, str) or not name.strip():
        return check.add(key, "E202", key="file", label="照片文件名", example="1.jpg")
    name = name.strip()
    if "/" in name or "\\" in name or name.startswith("."):
        return check.add(key + ("file",), "E219", file=name)
    texts = {}
    for k in ("caption", "alt"):
        text = value.get(k)
        if isinstance(text, (bool, list, dict, dt.date)):
            check.add(key + (k,), "E203", key=k, expected="文字", actual=describe(text),
                      example="大堂经理在引导客户")
            continue
        texts[k] = "" if text is None else str(text).strip()
    if not _is_photo_file(folder, name):
        return check.add(key + ("file",), "E210", file=name, hint=_missing_hint(folder, name))
    return model.Photo(name, folder / name, **texts)


def _is_photo_file(folder: Path, name: str) -> bool:
    """Whether `name` is a file beside index.md (index.md itself is no photo)."""
    return name != "index.md" and (folder / name).is_file()


def _missing_hint(folder: Path, name: str) -> str:
    """The fix for a missing photo: the closest file name, or where photos go."""
    files = folder_files(folder)
    return did_you_mean(name, files, "文件") if files else f"把照片放进 {folder.name}/ 目录"


def _photos(check: Checker, f: Field, value: Any, folder: Path, alt_required: bool) -> tuple:
    """Coerce the photos list, warning about each photo without alt text."""
    if not isinstance(value, list):
        check.wrong_type((f.name,), f, value)
        return ()
    photos = []
    for index, item in enumerate(value):
        photo = _photo(check, f, item, (f.name, index), folder)
        if photo is None:
            continue
        if alt_required and not photo.alt:
            check.add((f.name, index), "E211", file=photo.file)
        photos.append(photo)
    return tuple(photos)


def validate_story(
    doc: Document, section: Section, slug: str, shown: str, outlets: dict[str, str],
    today: dt.date,
) -> tuple[model.Story | None, list[Problem]]:
    """Check a story's front matter; return its model (None on errors) and all problems."""
    check = Checker(shown, doc.lines)
    meta = dict(doc.meta)
    if "audience" in meta and section.field("audience") is None:
        check.add(("audience",), "E421")  # e.g. morning items: internal by construction
        meta.pop("audience")
    check.unknown_keys(meta, section.names)
    folder = doc.path.parent
    values: dict[str, Any] = {}
    failed = False
    for f in section.fields:
        raw = doc.meta.get(f.name)
        if raw is None:
            if f.required:
                check.add((), "E202", key=f.name, label=f.label, example=f.example)
                failed = True
            continue
        before = len(check.problems)
        value = _field(check, f, raw, folder, outlets)
        failed |= value is None or any(not p.is_warning for p in check.problems[before:])
        if value is not None:
            values[f.name] = value
    _cross_checks(check, values, section, today)
    values["body_photos"] = body_photos(check, doc)
    errors = [p for p in check.problems if not p.is_warning]
    if errors or failed:
        return None, check.problems
    return _build(section, slug, doc, values), check.problems


def _field(check: Checker, f: Field, raw: Any, folder: Path, outlets: dict[str, str]) -> Any:
    """Coerce one field by its kind."""
    key = (f.name,)
    if f.kind == "tags":
        return check.tags(f, raw, key)
    if f.kind == "photos":
        return _photos(check, f, raw, folder, alt_required=True)
    if f.kind == "photo":
        return _photo(check, f, raw, key, folder)
    value = check.scalar(f, raw, key)
    if f.kind == "outlet" and value is not None and value not in outlets:
        hint = did_you_mean(value, list(outlets), "网点编号")
        return check.add(key, "E207", value=value, hint=hint + "（网点在 culture.yml 的 outlets 中声明）")
    return value


def body_photos(check: Checker, doc: Document) -> tuple[model.Photo, ...]:
    """The photos the body shows (`![alt](1.jpg "说明")`, `![alt][ref]`, `<img src="1.jpg">`),
    each checked like a field's, and what it would load from another host."""
    folder = doc.path.parent
    photos = []
    found = body.scan(doc.body)
    for image in found.images:
        line = doc.body_line + image.line
        where = body.kind(image.target)
        if where == body.REMOTE:
            check.add_at_line(line, "E220", url=_short(image.target))
            continue
        name = _local_name(folder, image.target)
        if where == body.OUTSIDE or body.kind(name) != body.LOCAL:
            check.add_at_line(line, "E219", file=image.target)
        elif not _is_photo_file(folder, name):
            check.add_at_line(line, "E210", file=name, hint=_missing_hint(folder, name))
        else:
            if not image.alt:
                check.add_at_line(line, "E211", file=name)
            photos.append(model.Photo(name, folder / name, caption=image.title, alt=image.alt))
    for line, address in found.loads:
        check.add_at_line(doc.body_line + line, "E221", url=_short(address))
    return tuple(photos)


def _short(address: str) -> str:
    """A web address short enough for a one-line message."""
    return address if len(address) <= 60 else address[:57] + "…"


def _local_name(folder: Path, target: str) -> str:
    """A body image's file name; `IMG%202034.jpg` (as some editors write) is `IMG 2034.jpg`."""
    decoded = urllib.parse.unquote(target)
    if decoded != target and not (folder / target).is_file() and (folder / decoded).is_file():
        return decoded
    return target


def _cross_checks(check: Checker, values: dict[str, Any], section: Section, today: dt.date) -> None:
    """Checks between fields: the date window, the cover, the party-membership year."""
    publish, expire = values.get("publish"), values.get("expire")
    if publish and expire and publish >= expire:
        check.add(("publish",), "E206", publish=publish, expire=expire)
    cover = values.get("cover")
    photos = values.get("photos", ())
    if cover and photos and cover.file not in {p.file for p in photos}:
        check.add(("cover",), "E213", file=cover.file)
    since = values.get("member_since")
    if since is not None and not FIRST_PARTY_YEAR <= since <= today.year:
        check.add(("member_since",), "E212", key="member_since", value=since,
                  hint=f"入党年份应在 {FIRST_PARTY_YEAR} 到 {today.year} 之间，例如 member_since: 2008")


def _build(section: Section, slug: str, doc: Document, values: dict[str, Any]) -> model.Story:
    """Make the section's model object from coerced values."""
    photos = values.get("photos", ())
    cover = values.get("cover")
    if cover is not None:
        cover = next((p for p in photos if p.file == cover.file), cover)
    values["cover"] = cover or (photos[0] if photos else values.get("portrait"))
    if "title" not in values and "member" in values:
        values["title"] = f"{values['member']} · {values['post']}"
    return section.model(section=section.folder, slug=slug, source=doc.path, body=doc.body,
                         **values)
