"""What `culture new` writes, and the warnings for what it wrote that is still unchanged.

A new story's required fields are filled with the examples of its declaration so that it reads
at once; the examples it filled are named in one comment under the fields (`# 示例字段：…`), and
only those keys warn (E265) while their value still equals the example. A legitimate value that
happens to equal an example (a real `post: 大堂经理`) never warns unless that note still names
it, and deleting the note line says "these are real". The body's placeholder sentence is never
real text, so it always warns (E266). Drafts are not published: they do not warn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import frontmatter
import yaml

from gallery.content.read import PLACEHOLDER_NOTE, Document
from gallery.content.records import SECTIONS, Section
from gallery.content.schema import Spec
from gallery.problems import Problem, problem

BODY = "在这里写正文。"
NOTE_TAIL = "（culture new 填的示例：改成真实内容后删除这一行）"
# Kinds whose example is a stand-in for what staff must write. Not: photo files (E210 tells a
# missing one), outlets and choices (a real value of the declared set either way).
PLACEHOLDER_KINDS = ("text", "name", "int")


def example_value(spec: Spec) -> Any:
    """A field's example as YAML reads it (typed like the real value: 2008 is a number)."""
    return yaml.safe_load(spec.example)


def scaffold(section: str, title: str, day: dt.date, outlets: list[str]) -> str:
    """The ready front matter of a new story: required fields filled with examples, and the
    note that names those examples."""
    meta: dict[str, object] = {}
    examples: list[str] = []
    main_field = "member" if section == "pioneer-posts" else "title"
    for f in SECTIONS[section].fields:
        if f.name == main_field:
            meta[f.name] = title
        elif f.name == "outlet" and f.required and outlets:
            meta["outlet"] = outlets[0]
        elif f.name == "date":
            meta["date"] = day
        elif f.name == "audience":
            meta["audience"] = "internal"
        elif f.required:
            meta[f.name] = example_value(f)
            examples += [f.name] if f.kind in PLACEHOLDER_KINDS else []
    post = frontmatter.Post(BODY + "\n")
    post.metadata.update(meta)  # not as **meta: a field could collide with Post's own arguments
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"
    note = f"{PLACEHOLDER_NOTE}{'、'.join(examples)}{NOTE_TAIL}\n" if examples else ""
    hint = APPROVAL_HINT if SECTIONS[section].field("approval") is not None else ""
    end = text.index("\n---\n", 3) + 1  # the closing fence: comments go just above it
    return f"{text[:end]}{note}{hint}{text[end:]}"


# What a new story says about going public: an internal story needs no record (docs:
# content-model.md, 上屏审批记录); YAML comments, so the story checks clean as it is.
APPROVAL_HINT = """\
# 要上大堂屏：请作者以外的人审批，把 audience 改为 public，再去掉下面各行开头的 # 并照实填写
# approval:
#   by: 周敏（支行办公室）
#   date: 2024-05-02
#   customers: true
#   consent: 客户书面同意书 2024-031
"""


def placeholders(doc: Document, section: Section, shown: str) -> list[Problem]:
    """E265 for each field the note names whose value is still the example, E266 for each
    body line that is still the placeholder sentence; none for a draft."""
    if doc.meta.get("draft") is True:
        return []
    problems = []
    for key in doc.placeholders:
        spec = section.field(key)
        value = doc.meta.get(key)
        if spec is not None and value is not None and value == example_value(spec):
            problems.append(problem(shown, doc.line(key), "E265", key=key, value=value,
                                    note=PLACEHOLDER_NOTE))
    for index, row in enumerate(doc.body.split("\n")):
        if row.strip() == BODY:
            problems.append(problem(shown, doc.body_line + index, "E266", text=BODY))
    return problems
