"""Chinese search: require jieba (Material falls back silently without it) and give it the
domain's words, so that terms, outlet names and people's names are found whole."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from gallery.content import model
from gallery.content.settings import Settings
from gallery.problems import Problem, problem

HAN = re.compile(r"[\u4e00-\u9fff]+")
# Domain terms jieba does not know (it cuts 珠市口 into 珠/市口, 服务文化墙 into 服务/文化/墙).
# Never add a term that swallows a shorter word people search for (e.g. 电信网络诈骗 would hide
# 诈骗): the browser matches the start of words only.
DOMAIN_TERMS = (
    "珠市口", "珠市口支行", "工商银行", "服务文化", "服务文化墙", "服务效能", "红黑榜",
    "服务效能红黑榜", "党员先锋岗", "党员先锋服务岗", "先锋岗", "服务精彩瞬间", "服务文化大家谈",
    "大家谈", "晨会", "案例剖析", "首问负责制", "大堂经理", "大堂协理", "引导分流",
    "二线服务一线", "全行服务客户", "服务驻点培训", "客户为尊", "服务如意", "员工为本", "诚信如一",
    "规章制度", "核心理念", "服务榜样", "投诉处理", "网点规范化",
)


def jieba_problem(config_file: str = "mkdocs.yml") -> Problem | None:
    """A problem when jieba cannot be imported (search would silently skip Chinese words)."""
    try:
        importlib.import_module("jieba")
    except ImportError:
        return problem(config_file, _search_line(config_file), "E441")
    return None


def _search_line(config_file: str) -> int:
    """The line of the search plugin in mkdocs.yml, for the message (1 when not found)."""
    try:
        lines = Path(config_file).read_text("utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, row in enumerate(lines, 1) if row.strip().startswith("- search")), 1)


def terms(settings: Settings, site: model.Site) -> list[str]:
    """Words to keep whole: domain terms, the branch and outlet names, people in the content.

    Tags and campaign names are left out on purpose: a long tag such as 防范电信网络诈骗 would
    become one word and hide 诈骗 inside every sentence that contains it.
    """
    found = list(DOMAIN_TERMS) + [settings.name, settings.short_name]
    found += [o.name for o in settings.outlets]
    for story in site.stories:
        found += [getattr(story, "member", ""), getattr(story, "author", "")]
    # jieba only ever matches runs of Han characters against its dictionary, so an author such
    # as 李华（前门支行） is given as its runs 李华 and 前门支行.
    words = [w for value in found if value for w in HAN.findall(str(value))]
    return list(dict.fromkeys(w for w in words if len(w) > 1))


def write_user_dict(words: list[str], path: Path, extra: Path | None = None) -> Path:
    """Write a jieba user dictionary (one word a line), adding the lines of `extra` if given."""
    lines = list(words)
    if extra is not None and extra.is_file():
        lines = extra.read_text("utf-8-sig").splitlines() + lines
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(line.strip() for line in lines if line.strip()) + "\n"
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path
