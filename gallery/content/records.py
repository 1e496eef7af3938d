"""The sections of the exhibition: folder, Chinese title and the model class that declares
their front matter (each field once, with its kind and Chinese label: gallery.content.schema)."""

from __future__ import annotations

from dataclasses import dataclass

from gallery.content import model, textrules
from gallery.content.schema import ITEM, TEXT_KINDS, Key, Spec, keys, spec, specs, text_fields

AUDIENCES = model.AUDIENCES
KIND_TITLES = model.KIND_TITLES
MORNING_KIND_TITLES = model.MORNING_KIND_TITLES
KINDS = tuple(KIND_TITLES)
MORNING_KINDS = tuple(MORNING_KIND_TITLES)
__all__ = [
    "ITEM",
    "PUBLIC_SECTIONS",
    "SECTIONS",
    "Section",
    "front_matter_text_fields",
    "reference_markdown",
    "text_fields",
]


@dataclass(frozen=True)
class Section:
    """A gallery section: its folder, Chinese title and model class (which declares its fields)."""

    folder: str
    title: str
    model: type[model.Story]
    description: str = ""

    @property
    def fields(self) -> tuple[Spec, ...]:
        """The front-matter fields of the section, in order (from its model class)."""
        return specs(self.model)

    def field(self, name: str) -> Spec | None:
        """The field with this name, if the section has one."""
        return spec(self.model, name)

    @property
    def names(self) -> tuple[str, ...]:
        """All field names of the section."""
        return keys(self.model)


SECTIONS: dict[str, Section] = {
    s.folder: s
    for s in (
        Section("culture-wall", "服务文化墙", model.CultureItem, "核心理念、规章制度与服务榜样案例"),
        Section("pioneer-posts", "党员先锋服务岗", model.PioneerPost, "党员亮身份、亮承诺、亮服务"),
        Section("moments", "服务精彩瞬间", model.Moment, "发生在网点的好服务"),
        Section("talk", "服务文化大家谈", model.TalkArticle, "员工谈服务文化"),
        Section("morning", "晨会学习", model.MorningItem, "每天 15 分钟：学习规章制度，剖析通报案例（仅内网）"),
    )
}

# Sections whose stories may be public (the others, like the morning meeting, never are).
PUBLIC_SECTIONS = tuple(name for name, s in SECTIONS.items() if s.field("audience"))


def reference_markdown() -> str:
    """The field reference of every section, and of the approval record that public stories
    carry, as Markdown tables (for docs/content-model.md)."""
    out: list[str] = []
    for section in SECTIONS.values():
        out += _table(f"### `{section.folder}/` {section.title}", section.fields)
    out += _table("### `approval` 上屏审批记录（public 故事必填）", specs(model.Approval))
    return "\n".join(out)


def _table(heading: str, fields: tuple[Spec, ...]) -> list[str]:
    """One field table under its heading, ending in a blank line."""
    out = [heading, "", "| 字段 | 必填 | 类型 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for f in fields:
        need = "是" if f.required else ""
        out.append(f"| `{f.name}` | {need} | {_kind(f)} | {f.label} | `{f.example}` |")
    return [*out, ""]


def _kind(field: Spec) -> str:
    """A field's kind, with its length limit for text (e.g. `text，≤ 80 字`)."""
    limit = field.max_len or textrules.MAX_LEN.get(field.kind, 0)
    if not limit or field.kind not in TEXT_KINDS:
        return field.kind
    return f"{field.kind}，每个 ≤ {limit} 字" if field.kind == "tags" else f"{field.kind}，≤ {limit} 字"


def front_matter_text_fields() -> list[tuple[str, Key]]:
    """(section folder, key path) of every free-text field of every section's front matter,
    e.g. ("moments", ("summary",)) or ("moments", ("photos", "*", "caption")); see text_fields."""
    return [(folder, path) for folder, section in SECTIONS.items()
            for path in text_fields(section.model)]
