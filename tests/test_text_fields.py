"""The list of every free-text field comes from the record declarations (for the injection test)."""

from __future__ import annotations

from gallery.content.schema import entry, record, text_fields
from gallery.project import text_fields as all_text_fields

MOMENTS = "site_src/moments/*/index.md"


def test_every_file_kind_lists_its_text_fields():
    found = set(all_text_fields())
    for expected in [
        ("culture.yml", ("name",)),
        ("culture.yml", ("short_name",)),
        ("culture.yml", ("outlets", "*", "name")),
        ("culture.yml", ("campaigns", "*", "name")),
        ("culture.yml", ("campaigns", "*", "slogan")),
        ("culture.yml", ("complaint_channels", "*", "phone")),
        ("culture.yml", ("screens", "*", "playlist", "*", "slogan")),
        ("notice.yml", ("title",)),
        ("notice.yml", ("text",)),
        (MOMENTS, ("summary",)),
        (MOMENTS, ("tags", "*")),
        (MOMENTS, ("photos", "*", "caption")),
        (MOMENTS, ("cover", "alt")),
        ("site_src/pioneer-posts/*/index.md", ("pledge",)),
        ("site_src/pioneer-posts/*/index.md", ("portrait", "caption")),
        ("site_src/morning/*/index.md", ("reference",)),
    ]:
        assert expected in found


def test_values_that_refuse_free_text_are_not_listed():
    found = set(all_text_fields())
    for absent in [(MOMENTS, ("audience",)), (MOMENTS, ("date",)), (MOMENTS, ("outlet",)),
                   (MOMENTS, ("photos", "*", "file")), (MOMENTS, ("body",)),
                   ("culture.yml", ("campaigns", "*", "start")), ("notice.yml", ("end",)),
                   ("site_src/morning/*/index.md", ("audience",))]:
        assert absent not in found


def test_a_new_text_field_is_listed_without_changing_the_walker():
    @record
    class Inner:
        note: str = entry("text", "备注")
        count: int = entry("int", "数量", default=0)

    @record
    class Outer:
        inner: tuple[Inner, ...] = entry("list", "列表", record=Inner, default=())
        one: Inner | None = entry("mapping", "一组", record=Inner, default=None)

    assert text_fields(Outer) == [("inner", "*", "note"), ("one", "note")]
