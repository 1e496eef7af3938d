"""The domain's words and Chinese line breaking: text cut into units a line may never split.

Browsers break Chinese between any two characters (业务讲|技能, 敬请谅|解), and old engines have
no `text-wrap: balance`. So big text (slogans, titles, notices, captions) is cut at build time
with jieba, knowing our terms and names, into units; a page puts a break opportunity (`<wbr>`)
only between units and forbids breaks inside them (`word-break: keep-all`). Closing punctuation
is glued to the unit before it and opening punctuation to the unit after it, so no line starts
with ，。；：」） and none ends with （「.

The intranet (the page filter) and the screens (playlist and notice data) both use this
module: they may not import each other.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gallery.content.model import Site
    from gallery.content.settings import Settings

# Domain terms jieba does not know (it cuts 珠市口 into 珠/市口, 服务文化墙 into 服务/文化/墙):
# a line never splits one.
DOMAIN_TERMS = (
    "珠市口", "珠市口支行", "工商银行", "服务文化", "服务文化墙", "服务效能", "红黑榜",
    "服务效能红黑榜", "党员先锋岗", "党员先锋服务岗", "先锋岗", "服务精彩瞬间", "服务文化大家谈",
    "大家谈", "晨会", "案例剖析", "首问负责制", "大堂经理", "大堂协理", "引导分流",
    "二线服务一线", "全行服务客户", "服务驻点培训", "客户为尊", "服务如意", "员工为本", "诚信如一",
    "规章制度", "核心理念", "服务榜样", "投诉处理", "网点规范化",
)
# Set phrases of slogans and notices that a line may not split.
PHRASES = (
    "敬请谅解", "外汇业务", "业务讲技能", "窗口塑形象", "服务重质量", "一次办好", "首问负责",
    "服务口碑新变化", "喜迎党的十九大", "温暖人心", "暖心服务",
)
HAN = re.compile(r"[\u4e00-\u9fff]+")
# Han characters, CJK symbols and full-width forms count as "Chinese" for the rules below.
_CJK = re.compile(r"[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff"
                  r"\uf900-\ufaff\U00020000-\U0003134f]")
# May not start a line (GB/T 15834 and the CSS line-break rules): closing punctuation,
# pause and stop marks, the ellipsis and dash, iteration marks and small kana.
CLOSING = frozenset(
    "、，。．；：？！）］｝〕〉》」』】〗〙〛”’…‥—～·・゛゜ヽヾゝゞ々〻"
    ",.;:?!)]}%‰℃°'\"")
# May not end a line: opening punctuation.
OPENING = frozenset("（［｛〔〈《「『【〖〘〚“‘([{")
# A short run of Han characters between punctuation or spaces is a phrase of a slogan
# (诚信如一, 窗口塑形象): kept whole, whatever jieba says of its inside.
PHRASE_MAX = 5
# Single characters that belong to the word before them (业务的, 他们).
SUFFIXES = frozenset("的了着过们地得吗呢吧啊么")
# Runs longer than this are cut without jieba's HMM (its cost grows fast with a run's length).
HMM_MAX = 200

Segment = Callable[[str], list[str]]


def terms(settings: Settings, site: Site) -> list[str]:
    """Words to keep whole: domain terms, the branch and outlet names, people in the content.

    Tags and campaign names are left out on purpose: a long tag such as 防范电信网络诈骗 would
    become one unit that no line may break, wherever it stands in a sentence.
    """
    found = list(DOMAIN_TERMS) + [settings.name, settings.short_name]
    found += [o.name for o in settings.outlets]
    return _han_words(found + people(site))


def settings_terms(settings: Settings) -> tuple[str, ...]:
    """The words culture.yml alone gives (the branch and outlet names): for the notice, which
    is published without reading any story."""
    return tuple(_han_words([settings.name, settings.short_name]
                            + [o.name for o in settings.outlets]))


def site_terms(site: Site) -> list[str]:
    """The words of `terms` that a site alone knows (its outlets and people)."""
    return _han_words(list(DOMAIN_TERMS) + [o.name for o in site.outlets] + people(site))


def people(site: Site) -> list[str]:
    """Every pioneer's and author's name in the site's stories."""
    return [str(getattr(s, name, "") or "") for s in site.stories for name in ("member", "author")]


def _han_words(found: Iterable[object]) -> list[str]:
    """Distinct Han runs of two or more characters: jieba only ever matches runs of Han
    characters against its dictionary, so 李华（前门支行） is given as 李华 and 前门支行."""
    words = [w for value in found if value for w in HAN.findall(str(value))]
    return list(dict.fromkeys(w for w in words if len(w) > 1))


def segmenter(words: Iterable[str] = ()) -> Segment:
    """A function cutting text into line-break units, knowing the domain terms, the set
    phrases and `words` (names of outlets and people)."""
    known = tuple(sorted(set(DOMAIN_TERMS) | set(PHRASES) | set(words)))
    return functools.partial(units, known=_pattern(known))


@functools.lru_cache(maxsize=8)
def _pattern(known: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching the known words, the longest first where several start together."""
    ordered = sorted(known, key=lambda w: (-len(w), w))
    return re.compile("(" + "|".join(re.escape(w) for w in ordered) + ")")


_BY_SITE: dict[int, tuple[Any, Segment]] = {}


def site_segmenter(site: Site) -> Segment:
    """The segmenter of a site's words (`site_terms`), made once per site object."""
    held = _BY_SITE.get(id(site))
    if held is None or held[0] is not site:
        _BY_SITE.clear()  # one site a build: keep only the newest
        held = _BY_SITE[id(site)] = (site, segmenter(site_terms(site)))
    return held[1]


def segment(text: str) -> list[str]:
    """`text` cut into line-break units with the domain terms and set phrases only."""
    return segmenter()(text)


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """jieba's global tokenizer (its dictionary takes about a second to load, once a process).
    Known words are never added to it: `units` cuts them out of the text before jieba sees it,
    so the same text gives the same units in any process."""
    import jieba  # imported late: only text with long Han runs needs it

    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict…" is noise in a staffer's terminal
    jieba.initialize()
    return jieba.dt


def units(text: str, known: re.Pattern[str]) -> list[str]:
    """`text` as line-break units whose concatenation is `text`."""
    tokens: list[str] = []
    for piece in re.split(r"(\s+)", text):
        if not piece:
            continue
        if piece.isspace():
            tokens.append(piece)
            continue
        tokens += _cut(piece, known)
    return _glue(tokens)


def _cut(piece: str, known: re.Pattern[str]) -> list[str]:
    """One space-free piece cut into words; a short Han run between punctuation stays whole."""
    out: list[str] = []
    for run in re.split(r"([\u4e00-\u9fff]+)", piece):
        if not run:
            continue
        if HAN.fullmatch(run) and len(run) <= PHRASE_MAX:
            out.append(run)
        elif HAN.fullmatch(run):
            out += _join_singles(_han_words_of(run, known))
        else:
            out += list(run)  # punctuation and letters: sorted out by _glue
    return out


def _han_words_of(run: str, known: re.Pattern[str]) -> list[str]:
    """A long Han run as words: the known ones as they are, jieba's words in between."""
    found: list[str] = []
    for index, part in enumerate(known.split(run)):
        if index % 2:
            found.append(part)
        elif part:
            found += _tokenizer().cut(part, HMM=len(part) <= HMM_MAX)
    return found


def _join_singles(words: list[str]) -> list[str]:
    """Lone characters joined to a neighbour: a suffix (的, 们) or a run's last one to the word
    before it, any other (为, 讲) to the word after it."""
    out: list[str] = []
    carry = ""
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if len(word) == 1 and out and (word in SUFFIXES or (last and not carry)):
            out[-1] += carry + word
            carry = ""
        elif len(word) == 1 and not last:
            carry += word
        else:
            out.append(carry + word)
            carry = ""
    if carry:
        out.append(carry)
    return out


def _kind(token: str) -> str:
    """"space", "close", "open", "cjk" or "other" (letters, digits, other symbols)."""
    if token.isspace():
        return "space"
    if all(c in CLOSING for c in token):
        return "close"
    if all(c in OPENING for c in token):
        return "open"
    return "cjk" if _CJK.match(token) else "other"


def _glue(tokens: Sequence[str]) -> list[str]:
    """Tokens merged into units: closing punctuation and spaces to the unit before them,
    opening punctuation to the unit after it, letters and digits to each other (7×24, ICBC)."""
    out: list[str] = []
    pending = ""  # opening punctuation waiting for its word
    previous = ""
    for token in tokens:
        kind = _kind(token)
        if kind in ("close", "space") and out and not pending:
            out[-1] += token
        elif kind == "open":
            pending += token
        elif kind == "other" and previous == "other" and out and not pending:
            out[-1] += token
        else:
            out.append(pending + token)
            pending = ""
        previous = kind if kind != "close" else previous
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    return out
