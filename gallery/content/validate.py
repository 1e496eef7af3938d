"""Validate a story's front matter by its section's model (with the schema engine) and build it.

What only stories have is here: photo files beside index.md, the body's photos, the date window
and the cover."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Any

from gallery.content import body, diagnose, model, scaffold
from gallery.content.bodyguard import check_body
from gallery.content.discover import is_regular, readable
from gallery.content.engine import Checker, Hook, describe
from gallery.content.read import Document
from gallery.content.records import Section
from gallery.content.schema import Key, Spec, keys, spec_of
from gallery.problems import Problem, did_you_mean, problem

FIRST_PARTY_YEAR = 1921
__all__ = ["Checker", "body_photos", "describe", "duplicates", "known_outlet", "validate_story"]


def folder_files(folder: Path) -> list[str]:
    """File names beside a story's index.md (its photo candidates; links are never ones)."""
    return sorted(p.name for p in folder.iterdir()
                  if is_regular(p) and p.name != "index.md" and readable(p.name))


def _photo(check: Checker, spec: Spec, value: Any, key: Key, folder: Path) -> model.Photo | None:
    """Coerce one photo: a file name or a mapping with file, caption and alt."""
    if isinstance(value, str):
        colon = diagnose.FULL_COLON.match(value)
        if colon and colon["key"] in keys(model.Photo):  # `- file：1.jpg` reads as a name
            check.add(key, "E260", key=colon["key"], value=colon["value"].strip())
            return None
        value = {"file": value}
    if not isinstance(value, dict):
        check.wrong_type(key, spec, value)
        return None
    check.unknown_keys(value, keys(model.Photo), key)
    focus = "" if value.get("focus") is None else check.value(
        spec_of(model.Photo, "focus"), value["focus"], (*key, "focus"))
    name = value.get("file")
    if not isinstance(name, str) or not name.strip():
        file = spec_of(model.Photo, "file")
        check.add(key, "E202", key=file.name, label=file.label, example=file.example)
        return None
    name = name.strip()
    if "/" in name or "\\" in name or name.startswith("."):
        check.add((*key, "file"), "E219", file=name)
        return None
    texts, refused, told = {}, False, set()
    for k in ("caption", "alt"):
        text = value.get(k)
        if isinstance(text, (bool, list, dict, dt.date)):
            check.add((*key, k), "E203", key=k, expected="文字", actual=describe(text),
                      example="大堂经理在引导客户")
            told.add(k)
            continue
        if text is not None and not check.text_ok(spec_of(model.Photo, k), str(text), (*key, k)):
            refused = True  # told once: no "missing alt" warning on top
            continue
        texts[k] = "" if text is None else str(text).strip()
    if refused or focus is None:
        return None
    if not _is_photo_file(folder, name):
        if not (folder / name).is_symlink():  # a link is told once, by E601, and never read
            check.add((*key, "file"), "E210", file=name, hint=_missing_hint(folder, name))
        return None
    if spec.kind == "photos" and "caption" not in told and not texts.get("caption"):
        check.add(key, "E267", file=name)  # shown under it in the gallery, like alt for readers
    return model.Photo(name, folder / name, **texts, focus=focus)


def _is_photo_file(folder: Path, name: str) -> bool:
    """Whether `name` is a file beside index.md (index.md itself and links are no photos),
    spelt exactly as on disk: Windows and macOS also open 1.JPG or an NFD name for 1.jpg,
    the Linux server does not, so a check there must not pass what the server refuses."""
    if name == "index.md" or not is_regular(folder / name):
        return False
    try:
        return name in os.listdir(folder)
    except OSError:
        return False


def _missing_hint(folder: Path, name: str) -> str:
    """The fix for a missing photo: the file whose name looks the same but is encoded another
    way (macOS writes é as e and an accent), the closest file name, or where photos go."""
    files = folder_files(folder)
    same = [f for f in files if unicodedata.normalize("NFC", f) == unicodedata.normalize("NFC", name)]
    if same:
        return (f"照片文件名“{same[0]}”看起来一样，但字符的编码不同（常见于从苹果电脑复制的文件，网站服务器"
                f"区分它们）：把照片文件改名，重新输入文件名后，再在这里重新输入一次")
    case = [f for f in files if f.casefold() == name.casefold()]  # 1.JPG for 1.jpg
    if case:
        return f"是不是想写“{case[0]}”？"
    return did_you_mean(name, files, "文件") if files else f"把照片放进 {folder.name}/ 目录"


def _photos(check: Checker, spec: Spec, value: Any, key: Key, folder: Path,
            ) -> tuple[model.Photo, ...]:
    """Coerce the photos list, warning about each photo without alt text."""
    if not isinstance(value, list):
        check.wrong_type(key, spec, value)
        return ()
    photos = []
    for index, item in enumerate(value):
        photo = _photo(check, spec, item, (*key, index), folder)
        if photo is None:
            continue
        if not photo.alt:
            check.add((*key, index), "E211", file=photo.file)
        photos.append(photo)
    return tuple(photos)


def known_outlet(outlets: dict[str, str]) -> Hook:
    """The coercer of an `outlet` value: an outlet declared in culture.yml, written by its id
    or its Chinese name (as in the board files), as its id (else E207)."""
    def coerce(check: Checker, spec: Spec, raw: Any, key: Key) -> str | None:
        value = check.scalar(spec, raw, key)
        if value is None:
            return None
        found = model.outlet_id(value, outlets)
        if found is None:
            hint = did_you_mean(value, [*outlets.values(), *outlets], "网点")
            check.add(key, "E207", value=value, hint=hint + "（网点在 culture.yml 的 outlets 中声明）")
        return found
    return coerce


def story_hooks(folder: Path, outlets: dict[str, str]) -> dict[str, Hook]:
    """The coercers of the kinds only stories have: photos beside index.md, outlets."""
    return {
        "photo": lambda check, spec, raw, key: _photo(check, spec, raw, key, folder),
        "photos": lambda check, spec, raw, key: _photos(check, spec, raw, key, folder),
        "outlet": known_outlet(outlets),
    }


def validate_story(
    doc: Document, section: Section, slug: str, shown: str, outlets: dict[str, str],
    today: dt.date,
) -> tuple[model.Story | None, list[Problem]]:
    """Check a story's front matter; return its model (None on errors) and all problems."""
    check = Checker(shown, doc.lines, story_hooks(doc.path.parent, outlets))
    meta = dict(doc.meta)
    if "audience" in meta and section.field("audience") is None:
        check.add(("audience",), "E421")  # e.g. morning items: internal by construction
        meta.pop("audience")
    values = check.values(section.model, meta)
    _cross_checks(check, values, today)
    _approval_checks(check, values, "approval" in meta, today)
    check.problems += scaffold.placeholders(doc, section, shown)
    check.problems += _cut_text(doc, section, shown)
    guarded = check_body(doc.body, shown, doc.body_line)  # before anything parses the body
    check.problems += guarded
    values["body_photos"] = () if guarded else body_photos(check, doc)
    if check.errors():
        return None, check.problems
    return _build(section, slug, doc, values), check.problems


def _cut_text(doc: Document, section: Section, shown: str) -> list[Problem]:
    """E270 for each text field whose value YAML cut short at ` #` (none for a draft)."""
    if doc.meta.get("draft") is True:
        return []
    told = []
    for cut in doc.cut:
        spec = section.field(cut.key) or next(
            (spec_of(record, cut.key) for record in (model.Photo, model.Approval)
             if cut.key in keys(record)), None)
        if spec is not None and spec.kind == "text":
            told.append(problem(shown, cut.line, "E270", key=cut.key, comment=cut.comment,
                                value=cut.value))
    return told


def body_photos(check: Checker, doc: Document) -> tuple[model.Photo, ...]:
    """The photos the body shows (`![alt](1.jpg "说明")`, `![alt][ref]`, `<img src="1.jpg">`),
    each checked like a field's, what it would load from another host, and what of its HTML
    publishing removes (E240, at a line no error about the body already names)."""
    found = body.scan(doc.body)
    before = len(check.problems)
    photos = _body_photos(check, doc, found)
    refused = {p.line for p in check.problems[before:]}
    for line, what in _by_line(found.removed):
        if doc.body_line + line not in refused:
            check.add_at_line(doc.body_line + line, "E240", what=what)
    return photos


def _by_line(removed: tuple[tuple[int, str], ...], most: int = 4) -> list[tuple[int, str]]:
    """(line, what) with each line's removals joined, repeats left out, at most `most` named."""
    lines: dict[int, list[str]] = {}
    for line, what in removed:
        if what not in lines.setdefault(line, []):
            lines[line].append(what)
    return [(line, "、".join(whats[:most]) + ("等" if len(whats) > most else ""))
            for line, whats in lines.items()]


def _body_photos(check: Checker, doc: Document, found: body.Scan) -> tuple[model.Photo, ...]:
    """The body's photos and off-site loads, checked."""
    folder = doc.path.parent
    photos = []
    for image in found.images:
        line = doc.body_line + image.line
        where = body.kind(image.target)
        if where == body.REMOTE:
            check.add_at_line(line, "E220", url=_short(image.target))
            continue
        name = _local_name(folder, image.target)
        if where == body.OUTSIDE or body.kind(name) != body.LOCAL:
            check.add_at_line(line, "E219", file=image.target)
        elif (folder / name).is_symlink():
            pass  # told once, by E601; a link is never read
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


def _cross_checks(check: Checker, values: dict[str, Any], today: dt.date) -> None:
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


def duplicates(found: list[tuple[model.Story, Document, str]]) -> list[Problem]:
    """E268 for each published story with the title and date of an earlier one of its section
    (a copied folder `…-2`), unless either says `duplicate: true`. Across sections the same
    title is no copy (a moment and an article about one event). `found` is in discovery order."""
    first: dict[tuple[str, str, dt.date | None], model.Story] = {}
    problems = []
    for story, doc, shown in found:
        if story.draft:
            continue
        same = first.setdefault((story.section, story.title, story.date), story)
        if same is not story and not (story.duplicate or same.duplicate):
            problems.append(problem(shown, doc.line("title"), "E268", other=same.slug))
    return problems


# Who wrote a story, by key: the approver must be someone else. A pioneer post's member is its
# subject and the author of its pledge; a moment or culture-wall item may name its author.
AUTHOR_ROLES = {"author": "作者", "member": "党员本人"}


def _approval_checks(check: Checker, values: dict[str, Any], written: bool,
                     today: dt.date) -> None:
    """The approval record of a public story: there (E250; `written`: the file has the key),
    by someone other than the author (E251), dated between the story and today (E252, E253),
    with the customers' consent when they appear (E254), withdrawn only after it was given
    (E255). An internal story needs none; a record it carries is checked for its form only,
    and for all of this once the story turns public."""
    if values.get("audience") != model.PUBLIC:
        return
    approval = values.get("approval")
    if approval is None:
        if not written:  # a record written but broken is told by its own problems
            check.add(("audience",), "E250")
        return
    for key, role in AUTHOR_ROLES.items():
        name = values.get(key)
        if name and same_person(name, approval.by):
            check.add(("approval", "by"), "E251", by=approval.by, role=role)
    story = values.get("date")
    if story is not None and approval.date < story:
        check.add(("approval", "date"), "E252", date=approval.date, story=story)
    if approval.date > today:
        check.add(("approval", "date"), "E253", date=approval.date, today=today)
    if approval.customers and not approval.consent:
        check.add(("approval", "customers"), "E254")
    if approval.withdrawn is not None and approval.withdrawn < approval.date:
        check.add(("approval", "withdrawn"), "E255", withdrawn=approval.withdrawn,
                  date=approval.date)


def same_person(a: str, b: str) -> bool:
    """Whether two names are one person's: "李华（前门支行）" is 李华, spaces do not count."""
    return _person(a) == _person(b)


def _person(name: str) -> str:
    """A name without spaces and without the note in brackets after it (its office)."""
    name = "".join(name.split())
    cut = min((i for i in (name.find("（"), name.find("(")) if i > 0), default=len(name))
    return name[:cut]


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
