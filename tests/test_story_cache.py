"""Stories read and validated are kept across builds in .cache/stories.json (issue 13): a
second load takes every unchanged story from there and gives the very same model and the very
same problems (code, file, line, words) as reading everything again; anything a story's
reading depends on (its bytes, a photo beside it, the outlets, the day when validation looked
at it, the program) reads it again; a damaged or hostile file is never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from screen_support import photo_bytes, pioneer
from support import approval

from gallery import sealed
from gallery.content import load, storecache
from gallery.project import load_project

MOMENT = "site_src/moments/{slug}/index.md"


def moment(title: str = "暖心服务", *extra: str, audience: str = "internal",
           day: str = "2024-05-01", body: str = "正文。") -> str:
    """A moment's index.md."""
    return "\n".join(["---", f"title: {title}", f"date: {day}", "outlet: qianmen",
                      f"audience: {audience}", *extra, "photos:", "  - file: 1.jpg",
                      "    caption: 说明", "    alt: 描述", "---", body, ""])


def corpus() -> dict[str, str | bytes]:
    """Stories of every section with problems of many kinds (and some without any)."""
    jpg = photo_bytes((200, 30, 30), size=(64, 48))
    files: dict[str, str | bytes] = {}

    def add(slug: str, text: str | bytes, photo: bool = True, section: str = "moments") -> None:
        path = f"site_src/{section}/{slug}/index.md"
        files[path] = text
        if photo:
            files[path.replace("index.md", "1.jpg")] = jpg

    add("2024-05-01-fine", moment())
    add("2024-05-02-public", moment("公开", approval("public", "2024-05-02").rstrip("\n"),
                                    audience="public", day="2024-05-02"))
    add("2024-05-03-late", moment("审批晚于今天", approval("public", "2030-01-01").rstrip("\n"),
                                  audience="public", day="2024-05-03"))  # E253: the day
    add("2024-05-04-nophoto", moment("缺照片"), photo=False)  # E210 with the folder's files
    add("2024-05-05-yaml", "---\ntitle: [未闭合\n---\n正文\n")  # E104
    add("2024-05-06-bytes", b"---\ntitle: \xff\xfe\n---\n")  # E101
    add("2024-05-07-unknown", moment("未知字段", "colour: red"))  # E201
    add("2024-05-08-outlet", moment("网点").replace("outlet: qianmen", "outlet: nowhere"))
    add("2024-05-09-long", moment("长", body="汉" * 600))  # E234 from the body guard
    add("2024-05-10-copy", moment())  # E268 against -fine? other date: no
    add("2024-05-01-copy", moment())  # E268: same title and date as -fine
    add("2024-05-11-noclose", "---\ntitle: 没有结束\n")  # E103
    add("2024-05-12-body", moment("正文照片", body="![图](2.jpg \"说明\")\n\n[链接](../nowhere/)"))
    files["site_src/pioneer-posts/2024-03-01-zhang/index.md"] = pioneer("张明").replace(
        "member_since: 2008", "member_since: 2031")  # E212: a year after today
    files["site_src/pioneer-posts/2024-03-01-zhang/portrait.jpg"] = jpg
    files["site_src/morning/2024-05-06-rule/index.md"] = (
        "---\ntitle: 晨会\nkind: rule\ndate: 2024-05-06\naudience: public\n---\n要点。\n")
    return files


def shown(project) -> tuple[list[str], str]:
    """Everything staff and the site get from a load: the problems as printed and the model."""
    return [str(p) for p in project.problems], repr(project.site)


@pytest.fixture
def root(project, monkeypatch) -> Path:
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-30")
    return project(corpus())


def never(*args, **kwargs):
    raise AssertionError("read or validated again")


def test_a_second_load_takes_every_story_from_the_cache_and_says_the_same(root, monkeypatch):
    first = shown(load_project(root))
    codes = {line.split(": ")[1].split()[0] for line in first[0]}
    assert {"E101", "E103", "E104", "E201", "E207", "E210", "E212", "E234", "E253", "E268",
            "E421"} <= codes, codes  # the corpus covers what it claims
    assert (root / storecache.CACHE_FILE).is_file()
    monkeypatch.setattr(load, "read_document", never)
    monkeypatch.setattr(load, "validate_story", never)
    assert shown(load_project(root)) == first


def reads_counted(monkeypatch) -> list[str]:
    """The files load.read_document reads from now on, as shown in messages."""
    again: list[str] = []
    real = load.read_document

    def counted(path, shown_as):
        again.append(shown_as)
        return real(path, shown_as)

    monkeypatch.setattr(load, "read_document", counted)
    return again


def test_what_a_story_depends_on_reads_it_again(root, monkeypatch):
    load_project(root)
    folder = root / "site_src/moments/2024-05-04-nophoto"
    (folder / "1.jpg").write_bytes(photo_bytes((1, 2, 3), size=(64, 48)))  # the photo came
    story = root / "site_src/moments/2024-05-01-fine/index.md"
    story.write_text(moment("改过的标题"), encoding="utf-8")
    again = reads_counted(monkeypatch)
    cached = shown(load_project(root))
    assert sorted(again) == ["site_src/moments/2024-05-01-fine/index.md",
                             "site_src/moments/2024-05-04-nophoto/index.md"]
    (root / storecache.CACHE_FILE).unlink()
    assert shown(load_project(root)) == cached
    assert not any("nophoto" in line for line in cached[0])
    assert "改过的标题" in cached[1]


def test_the_day_counts_only_where_validation_looked_at_it(root, monkeypatch):
    first = shown(load_project(root))
    assert any("E253" in line for line in first[0])
    monkeypatch.setenv("CULTURE_TODAY", "2031-06-01")  # the approval is no longer ahead
    real = load.read_document
    again = reads_counted(monkeypatch)
    later = shown(load_project(root))
    assert sorted(again) == ["site_src/moments/2024-05-02-public/index.md",
                             "site_src/moments/2024-05-03-late/index.md",
                             "site_src/pioneer-posts/2024-03-01-zhang/index.md"]
    assert not any("E253" in line or "E212" in line for line in later[0])
    monkeypatch.setattr(load, "read_document", real)
    (root / storecache.CACHE_FILE).unlink()
    assert shown(load_project(root)) == later


def test_outlets_and_code_are_part_of_the_key(root, monkeypatch):
    load_project(root)
    settings = root / "culture.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("tianqiao", "nowhere"),
                        encoding="utf-8")
    fresh = shown(load_project(root))
    (root / storecache.CACHE_FILE).unlink()
    assert shown(load_project(root)) == fresh
    monkeypatch.setattr(storecache, "code_digest", lambda: "another program")
    monkeypatch.setattr(load, "validate_story", never)
    with pytest.raises(AssertionError, match="read or validated again"):
        load_project(root)


def test_a_damaged_or_hostile_cache_is_never_trusted(root, monkeypatch):
    first = shown(load_project(root))
    cache = root / storecache.CACHE_FILE
    data = json.loads(cache.read_text(encoding="utf-8"))
    key = next(iter(data["entries"]))
    # A forged entry (a story that never passed validation) without the right checksum.
    data["entries"][key]["problems"] = []
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert shown(load_project(root)) == first
    # With a correct checksum, an entry naming anything but the model's classes is refused.
    data = json.loads(cache.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        if entry["story"] is not None:
            entry["story"] = {"r": "Popen", "f": {"args": "touch /tmp/owned"}}
    data["check"] = sealed.entries_check(data["entries"])
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert shown(load_project(root)) == first
    cache.write_bytes(b"\x80not json")
    assert shown(load_project(root)) == first


def test_a_model_value_round_trips_exactly(root):
    site = load_project(root).site
    assert site.stories
    for story in site.stories:
        again = storecache.decode(json.loads(json.dumps(storecache.encode(story))))
        assert again == story and repr(again) == repr(story) and type(again) is type(story)
    with pytest.raises(storecache.Unencodable):
        storecache.encode({"a": 1})


def test_the_watched_day_notes_every_look():
    day = storecache.watched(__import__("datetime").date(2026, 11, 30))
    assert not object.__getattribute__(day, "looked")
    assert f"{day}" == "2026-11-30"
    assert object.__getattribute__(day, "looked")
    for look in (lambda d: d.year, lambda d: d > __import__("datetime").date(2020, 1, 1),
                 lambda d: __import__("datetime").date(2030, 1, 1) > d, str, repr, hash):
        day = storecache.watched(__import__("datetime").date(2026, 11, 30))
        look(day)
        assert object.__getattribute__(day, "looked"), look
