"""Name the real cause of a front-matter mistake that YAML would report elsewhere or vaguely.

Staff type with a Chinese input method: a full-width colon `title：…` makes YAML fail on the
*next* line ("could not find expected ':'"), Chinese quotes “…” are no quotes to YAML, and
【…】 is no list. A front-matter block without its closing `---` takes the body as fields up to
the first `---` rule in the body. And dates come as 2024/5/1 or 2024年5月1日. Each function here
looks at the text as written and returns the one problem that says what to change, or None,
so the generic message (E104, E105, E203, E204) stays for everything else.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# A key as staff write it (ASCII, as every record declares), maybe as a list item `- key`.
_KEY = r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)"
FULL_COLON = re.compile(_KEY + r"[ \t]*：[ \t]*(?P<value>.*)$")
KEY_LINE = re.compile(_KEY + r"[ \t]*:(?:[ \t]+(?P<value>.*))?$")
# `title:暖心服务` or `title:\u3000暖心服务`: YAML reads the whole row as one text, no field.
NO_SPACE = re.compile(_KEY + r":\u3000*(?P<value>\S.*)$")
CHINESE_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "”": "”"}
FULL_BRACKETS = "【】［］｛｝"
# Full-width list and mapping punctuation, said the way YAML reads it.
_FLOW = str.maketrans({"【": "[", "［": "[", "】": "]", "］": "]", "｛": "{", "｝": "}"})
_SEPARATORS = (("，", ", "), ("、", ", "), ("：", ": "))
# 2024/5/1, 2024.5.1, 2024-5-1, 2024年5月1日 (and full-width digits, read by NFKC).
# How a YAML line may start that Markdown prose does not (indent, comment, item, key, flow…).
YAML_STARTS = " \t#-?:[{&|>%@'\"`"
_DATE = re.compile(r"^(\d{4})\s*(?:[/.\-]|年)\s*(\d{1,2})\s*(?:[/.\-]|月)\s*(\d{1,2})\s*日?$")


def full_width_colon(rows: list[str], last: int) -> tuple[int, dict[str, str]] | None:
    """The first of rows[:last + 1] whose key ends with a full-width colon (E260)."""
    for index, row in enumerate(rows[: last + 1]):
        found = FULL_COLON.match(row)
        if found:
            return index, {"key": found["key"], "value": found["value"].strip() or "…"}
    return None


def missing_space(rows: list[str], last: int) -> tuple[int, dict[str, str]] | None:
    """The first of rows[:last + 1] with no space between a key's colon and its value (E271)."""
    for index, row in enumerate(rows[: last + 1]):
        found = NO_SPACE.match(row)
        if found and not row.lstrip().startswith("#"):
            return index, {"key": found["key"], "value": found["value"].strip()}
    return None


def chinese_quotes(row: str) -> dict[str, str] | None:
    """The E261 values when a row's value starts with a Chinese quote mark."""
    found = KEY_LINE.match(row)
    value = (found["value"] or "").strip() if found else ""
    if not found or not value or value[0] not in CHINESE_QUOTES:
        return None
    close = CHINESE_QUOTES[value[0]]
    inner = value[1:-1] if value.endswith((close, "”", "’")) else value[1:]
    shown = value[0] + (close if value.endswith(close) else "")
    quote = "'" if '"' in inner else '"'
    return {"key": found["key"], "quotes": shown, "value": f"{quote}{inner}{quote}"}


def full_width_brackets(key: str, value: str) -> dict[str, str] | None:
    """The E262 values when a value written as a list or group uses full-width brackets."""
    used = "".join(dict.fromkeys(c for c in value if c in FULL_BRACKETS))
    if not used:
        return None
    fixed = value.strip().translate(_FLOW)
    for wide, narrow in _SEPARATORS:
        fixed = fixed.replace(wide, narrow)
    fixed = re.sub(r" {2,}", " ", fixed)
    return {"key": key, "brackets": used, "value": fixed}


def bracket_row(row: str) -> dict[str, str] | None:
    """The E262 values for a `key: value` row whose value uses full-width brackets."""
    found = KEY_LINE.match(row)
    if not found or not found["value"]:
        return None
    return full_width_brackets(found["key"], found["value"])


def row_problem(rows: list[str], index: int) -> tuple[str, dict[str, str]] | None:
    """E261 or E262 for the row YAML stopped at, when Chinese punctuation is the cause."""
    if not 0 <= index < len(rows):
        return None
    quotes = chinese_quotes(rows[index])
    if quotes is not None:
        return "E261", quotes
    brackets = bracket_row(rows[index])
    return ("E262", brackets) if brackets is not None else None


def body_start(rows: list[str]) -> int | None:
    """The first row that reads as Markdown prose rather than a front-matter field: not
    blank, not indented, no `key:`, no list item or comment. None when every row is YAML."""
    for index, row in enumerate(rows):
        if index == 0 or not row.strip() or row[0] in YAML_STARTS:
            continue
        if row[0] in "!*" and row[:2] not in ("![", "**"):  # a tag or an alias, not an image
            continue
        if row.startswith("<<"):  # a merge key (refused as such), not prose
            continue
        if KEY_LINE.match(row) or FULL_COLON.match(row) or NO_SPACE.match(row):
            continue
        return index
    return None


def block_end(rows: list[str], start: int) -> int:
    """The row where a block that should end before `start` should have ended: just after its
    last field (a blank row, if any, is where the closing `---` belongs)."""
    last = max((i for i in range(start) if rows[i].strip() and not rows[i].startswith("#")),
               default=-1)
    return last + 1


def suggested_date(value: object) -> str | None:
    """The ISO date staff meant by 2024/5/1, 2024.5.1, 2024-5-1 or 2024年5月1日 (None when
    the text is no such date, or no real day: 2024/13/1 stays a plain invalid date).

    >>> suggested_date("2024年5月1日"), suggested_date("2024/13/1")
    ('2024-05-01', None)
    """
    text = unicodedata.normalize("NFKC", str(value)).strip().strip("“”‘’\"'")
    found = _DATE.match(text)
    if not found:
        return None
    try:
        return dt.date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return None
