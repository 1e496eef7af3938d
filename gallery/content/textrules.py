"""What a text staff write may contain: no control or direction characters, phones that look
like phones, and lengths that keep every later stage (pages, search, screens) fast.

The rules are kept here once and applied by the schema engine (by field kind), by the board
reader (to each CSV cell) and by the body guard (to story bodies and hand-written pages). The
limits and why each was chosen are listed in docs/errors.md (for staff) and
docs/content-model.md (for developers).
"""

from __future__ import annotations

import re

# Invisible characters that change what a reader sees without showing themselves: C0 controls
# (tab and newline are text), DEL, C1 controls, zero-width characters, direction marks,
# embeddings, overrides and isolates ("\u202e88559" shows as "95588"), line/paragraph
# separators and the word joiner / stray BOM. U+200D (zero-width joiner) builds emoji such as
# 👨‍👩‍👧 and may stay in free text; names, ids, phones and tags refuse it (see JOINER).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff]")
JOINER = "\u200d"

# Chinese names of the characters above (C0 and C1 controls without a name of their own are
# named by their group).
CHAR_NAMES = {
    0x00: "空字符 NUL", 0x07: "响铃符 BEL", 0x08: "退格符 BS", 0x0B: "垂直制表符 VT",
    0x0C: "换页符 FF", 0x0D: "回车符 CR", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL",
    0x85: "下一行符 NEL", 0x061C: "阿拉伯字母标记 ALM",
    0x200B: "零宽空格 ZWSP", 0x200C: "零宽不连字 ZWNJ", 0x200D: "零宽连字 ZWJ",
    0x200E: "从左到右标记 LRM", 0x200F: "从右到左标记 RLM",
    0x2028: "行分隔符 LS", 0x2029: "段分隔符 PS",
    0x202A: "从左到右嵌入符 LRE", 0x202B: "从右到左嵌入符 RLE", 0x202C: "方向格式结束符 PDF",
    0x202D: "从左到右强制符 LRO", 0x202E: "从右到左强制符 RLO",
    0x2060: "字连接符 WJ", 0x2066: "从左到右隔离符 LRI", 0x2067: "从右到左隔离符 RLI",
    0x2068: "第一强字符隔离符 FSI", 0x2069: "方向隔离结束符 PDI", 0xFEFF: "零宽不换行空格 BOM",
}

# Phones: digits, spaces, hyphens, parentheses (ASCII or full-width), a leading + and an
# extension written 转 123. At least three digits, so "-" or "()" alone is no phone.
PHONE = re.compile(r"^\+?[0-9 ()（）-]+(?:转[ ]*[0-9]{1,6})?$")
PHONE_DIGITS = 3

# Longest value of each field kind, in characters; a field declares its own with
# entry(..., max_len=...) where it differs (titles, slogans, captions, the notice text).
MAX_LEN = {"text": 200, "name": 60, "phone": 40, "id": 64, "tags": 60}
# A story body or hand-written page: about ten times the longest article on the site. Every
# stage after it (Markdown, search segmentation, pages) is then bounded, whatever it costs.
MAX_BODY = 100_000
# A run of Han characters with no punctuation, space or letter between them. The search index
# (Material's search plugin with jieba) segments each run with an HMM whose cost grows with the
# square of the run: 16,000 repeated characters take 2.5 s, 100,000 take minutes. Real Chinese
# sentences have a comma every few dozen characters.
MAX_HAN_RUN = 500
HAN_RUN = re.compile(
    "[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f]{" + str(MAX_HAN_RUN + 1) + ",}")


def char_label(char: str) -> str:
    """A character as staff can look it up: U+202E（从右到左强制符 RLO）."""
    point = ord(char)
    name = CHAR_NAMES.get(point)
    if name is None:
        name = "控制字符" if point < 0x80 else "C1 控制字符" if point < 0xA0 else "不可见字符"
    return f"U+{point:04X}（{name}）"


def forbidden(text: str, joiner: bool) -> tuple[int, str] | None:
    """The first character `text` may not contain, with its position (from 1); a zero-width
    joiner counts only when `joiner` is False (names, ids, phones, tags)."""
    found = FORBIDDEN.search(text)
    at = found.start() if found else -1
    if not joiner:
        join = text.find(JOINER)
        if join != -1 and (at == -1 or join < at):
            at = join
    return (at + 1, text[at]) if at != -1 else None


def is_phone(text: str) -> bool:
    """Whether `text` is written like a phone number (95588, 010-6303 1234 转 123)."""
    digits = sum(c.isascii() and c.isdigit() for c in text)
    return digits >= PHONE_DIGITS and PHONE.match(text) is not None


def long_han_run(line: str) -> int:
    """The length of the first run of Han characters over MAX_HAN_RUN in `line`, else 0."""
    found = HAN_RUN.search(line)
    return len(found.group()) if found else 0
