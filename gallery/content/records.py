"""Front-matter schemas: the fields of every section, their kinds and Chinese labels."""

from __future__ import annotations

from dataclasses import dataclass

from gallery.content import model

AUDIENCES = (model.PUBLIC, model.INTERNAL)
# Story kinds and their Chinese names, shown on pages and screens.
KIND_TITLES = {"idea": "核心理念", "rule": "规章制度", "exemplar": "服务榜样案例"}
MORNING_KIND_TITLES = {"rule": "规章制度摘录", "case": "案例剖析"}
KINDS = tuple(KIND_TITLES)
MORNING_KINDS = tuple(MORNING_KIND_TITLES)


@dataclass(frozen=True)
class Field:
    """One front-matter field: its kind (text, date, bool, int, tags, choice, outlet, photo,
    photos), whether it is required, a Chinese label and an example value."""

    name: str
    kind: str
    label: str
    required: bool = False
    example: str = "…"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A gallery section: its folder, Chinese title, fields and model class."""

    folder: str
    title: str
    fields: tuple[Field, ...]
    model: type[model.Story]
    description: str = ""

    def field(self, name: str) -> Field | None:
        """The field with this name, if the section has one."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        """All field names of the section."""
        return tuple(f.name for f in self.fields)


def _common(title_required: bool = True, outlet_required: bool = False) -> tuple[Field, ...]:
    return (
        Field("title", "text", "标题", title_required, "暖心服务，温暖人心"),
        Field("audience", "choice", "受众：public 可上大堂屏，internal 仅内网（默认）",
              example="public", choices=AUDIENCES),
        Field("draft", "bool", "草稿：true 时不发布", example="false"),
        Field("publish", "date", "上线日期（含当天），不填则立即上线", example="2024-05-01"),
        Field("expire", "date", "下线日期（当天起不再显示），不填则一直显示", example="2024-12-31"),
        Field("tags", "tags", "标签列表", example="[老年客户, 暖心服务]"),
        Field("outlet", "outlet", "网点编号（在 culture.yml 的 outlets 中声明）", outlet_required,
              "qianmen"),
        Field("photos", "photos", "照片列表：每张写 file、caption（说明）、alt（替代文字）",
              example="[{file: 1.jpg, caption: 说明, alt: 描述}]"),
        Field("cover", "photo", "封面照片文件名，默认为第一张照片", example="1.jpg"),
    )


SECTIONS: dict[str, Section] = {
    s.folder: s
    for s in (
        Section(
            "culture-wall", "服务文化墙",
            _common() + (
                Field("kind", "choice", "类别：idea 核心理念、rule 规章制度、exemplar 服务榜样案例",
                      True, "idea", KINDS),
                Field("date", "date", "日期", example="2024-05-01"),
                Field("order", "int", "排列顺序，小的在前（默认 100）", example="10"),
                Field("summary", "text", "一句话摘要", example="客户为尊，服务如意"),
            ),
            model.CultureItem,
            "核心理念、规章制度与服务榜样案例",
        ),
        Section(
            "pioneer-posts", "党员先锋服务岗",
            _common(title_required=False, outlet_required=True) + (
                Field("member", "text", "党员姓名", True, "张明"),
                Field("post", "text", "岗位", True, "大堂经理"),
                Field("portrait", "photo", "本人照片文件名", True, "portrait.jpg"),
                Field("pledge", "text", "服务承诺", True, "首问负责，一次办好"),
                Field("motto", "text", "座右铭", example="把客户的事当自己的事"),
                Field("member_since", "int", "入党年份", True, "2008"),
                Field("date", "date", "设岗日期", example="2024-05-01"),
            ),
            model.PioneerPost,
            "党员亮身份、亮承诺、亮服务",
        ),
        Section(
            "moments", "服务精彩瞬间",
            _common(outlet_required=True) + (
                Field("date", "date", "日期", True, "2024-05-01"),
                Field("summary", "text", "一句话摘要", example="大堂经理上门为卧床老人办理业务"),
            ),
            model.Moment,
            "发生在网点的好服务",
        ),
        Section(
            "talk", "服务文化大家谈",
            _common() + (
                Field("author", "text", "作者", True, "李华（前门支行）"),
                Field("date", "date", "日期", True, "2024-05-01"),
                Field("summary", "text", "摘要", True, "谈谈我对首问负责制的理解"),
            ),
            model.TalkArticle,
            "员工谈服务文化",
        ),
        Section(
            "morning", "晨会学习",
            # No audience field: morning material is internal by construction (see E421).
            tuple(f for f in _common() if f.name != "audience") + (
                Field("kind", "choice", "类别：rule 规章制度摘录、case 案例剖析", True, "rule",
                      MORNING_KINDS),
                Field("date", "date", "晨会日期", True, "2024-05-06"),
                Field("reference", "text", "出处（制度名称、条款或案例来源）",
                      example="《营业网点服务规范》第三章"),
                Field("summary", "text", "要点（一句话）", example="首问负责，一次办好"),
            ),
            model.MorningItem,
            "每天 15 分钟：学习规章制度，剖析通报案例（仅内网）",
        ),
    )
}

# Sections whose stories may be public (the others, like the morning meeting, never are).
PUBLIC_SECTIONS = tuple(name for name, s in SECTIONS.items() if s.field("audience"))


def reference_markdown() -> str:
    """The field reference of every section as Markdown tables (for docs/content-model.md)."""
    out: list[str] = []
    for section in SECTIONS.values():
        out += [f"### `{section.folder}/` {section.title}", "",
                "| 字段 | 必填 | 类型 | 说明 | 示例 |", "|---|---|---|---|---|"]
        for f in section.fields:
            need = "是" if f.required else ""
            out.append(f"| `{f.name}` | {need} | {f.kind} | {f.label} | `{f.example}` |")
        out.append("")
    return "\n".join(out)
