"""Site settings from culture.yml: one typed schema, checked like content."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gallery.content.engine import Check, Checker, Hook, describe
from gallery.content.model import Outlet
from gallery.content.read import Lines, read_yaml_file
from gallery.content.schema import Key, Spec, entry, keys, record
from gallery.paths import is_slug, slugify
from gallery.problems import Problem, problem

SETTINGS_FILE = "culture.yml"
IMAGE_FORMATS = ("webp", "jpeg")
# Allowed ranges of the numeric image settings, with the hint shown when a value is outside.
IMAGE_RANGES = {
    "quality": (1, 100, "压缩质量写 1 到 100 之间的整数，照片一般用 75 到 85"),
    "workers": (0, 256, "并行进程数写 0（自动，等于 CPU 核数）或一个正整数"),
    "max_pixels": (1_000_000, 10_000_000_000, "像素上限写 1000000 以上的整数，默认 120000000"),
    "max_file_mb": (1, 2000, "照片大小上限写 1 到 2000 之间的整数（MB），默认 20"),
    "cache_mb": (100, 10_000_000, "照片缓存的磁盘预算写 100 到 10000000 之间的整数（MB），默认 20000"),
    "jpeg_width": (0, 8192, "写 0（每个尺寸都做 JPEG）或 16 到 8192 之间的整数，默认 960"),
}
# Keys of culture.yml that another subsystem checks: gallery.screens.config owns `screens:`
# (screens may import content, never the reverse). Known here, so they are no unknown key.
CHECKED_ELSEWHERE = ("screens",)


@record
class Channel:
    """A complaint channel shown in every outlet: name, phone number and hours."""

    name: str = entry("name", "渠道名称", "客户服务热线", True)
    phone: str = entry("phone", "电话", "'95588'", True)
    hours: str = entry("text", "服务时间", "7×24 小时", max_len=40, default="")


@record
class Campaign:
    """A time-boxed campaign: shown from `start` to `end` (both inclusive)."""

    id: str = entry("id", "活动编号", "xi-ying-shi-jiu-da", True)
    name: str = entry("name", "活动名称", "服务口碑新变化", True)
    slogan: str = entry("text", "口号", "服务口碑新变化 喜迎党的十九大", True, max_len=60)
    start: dt.date = entry("date", "开始日期", "2024-09-01", True)
    end: dt.date = entry("date", "结束日期（含当天）", "2024-10-31", True)
    tag: str = entry("name", "活动标签：带此标签的故事列入活动页", "十九大", default="")

    def active_on(self, day: dt.date) -> bool:
        """Whether the campaign runs on `day`."""
        return self.start <= day <= self.end

    @property
    def topic(self) -> str:
        """The tag whose stories the campaign page lists: `tag`, or the name when unset."""
        return self.tag or self.name


@record
class ImageSettings:
    """How photo derivatives are made."""

    widths: tuple[int, ...] = entry(
        "list", "输出尺寸列表（像素，指长边：横图为宽，竖图为高）", "[480, 960, 1600]",
        hook="widths", default=(480, 960, 1600))
    formats: tuple[str, ...] = entry("list", "输出格式：webp 和 jpeg（jpeg 必须保留）", "[webp, jpeg]",
                                     hook="formats", default=("webp", "jpeg"))
    jpeg_width: int = entry("int", "JPEG 只做这一个尺寸（给不支持 WebP 的旧浏览器）；0 为每个尺寸都做",
                            "960", default=960)
    quality: int = entry("int", "压缩质量 1-100", "82", default=82)
    workers: int = entry("int", "并行进程数，0 为 CPU 核数", "0", default=0)
    max_pixels: int = entry("int", "单张照片像素上限（防解压炸弹）", "120000000", default=120_000_000)
    skip_broken: bool = entry("bool", "跳过损坏的照片而不中止生成", "false", default=False)
    max_file_mb: int = entry("int", "提交时单张照片文件的大小上限（MB，提交前检查）", "20", default=20)
    cache_mb: int = entry("int", "服务器上照片缓存 .cache/photos 的磁盘预算（MB，culture cache prune）",
                          "20000", default=20000)


# The banking service domain's starter thesaurus: the default when culture.yml has no
# `search: synonyms:` (docs/settings.md). A page that says one word of a group is found by all.
STARTER_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("诈骗", "骗局", "反诈", "电信诈骗", "防骗"),
    ("老人", "老年客户", "适老", "老年人", "银发"),
    ("党员", "先锋岗", "党员先锋岗"),
    ("投诉", "意见", "客户不满"),
    ("等候", "排队", "等待"),
    ("大堂经理", "大堂协理", "引导员"),
    ("挂失", "补卡", "丢卡"),
    ("上门服务", "上门办理", "上门"),
    ("手机银行", "网上银行", "扫码付款"),
    ("外币兑换", "换汇", "外卡支付"),
    ("志愿服务", "志愿者", "学雷锋"),
    ("培训", "授课", "课堂"),
)
MAX_WIDTHS = 8  # photo sizes: each is one more derivative per photo (the default has three)
SYNONYM_GROUPS = 500  # at most this many groups …
SYNONYM_WORDS = 20  # … of at most this many words …
SYNONYM_LEN = 20  # … of at most this many characters


@record
class SearchSettings:
    """Site search: the domain thesaurus applied when the index is written."""

    synonyms: tuple[tuple[str, ...], ...] = entry(
        "list", "同义词组：每组写几个意思相同的词，搜其中一个词也能找到写了其他词的故事",
        "[[诈骗, 骗局, 反诈]]", hook="synonyms", default=STARTER_SYNONYMS)


@record
class Settings:
    """Everything in culture.yml, validated."""

    name: str = entry("name", "支行全称", "中国工商银行北京珠市口支行", True,
                      default="中国工商银行北京珠市口支行")
    short_name: str = entry("name", "简称", "珠市口支行", default="珠市口支行")
    outlets: tuple[Outlet, ...] = entry("list", "网点列表", "[{id: qianmen, name: 前门支行}]", True,
                                        record=Outlet, default=())
    channels: tuple[Channel, ...] = entry(
        "list", "投诉处理渠道", "[{name: 客服热线, phone: '95588'}]", key="complaint_channels",
        record=Channel, default=())
    campaigns: tuple[Campaign, ...] = entry("list", "宣传活动", "[{id: ..., name: ...}]",
                                            record=Campaign, default=())
    images: ImageSettings = entry("mapping", "照片处理设置", "{widths: [480, 960]}",
                                  record=ImageSettings, default_factory=ImageSettings)
    search: SearchSettings = entry("mapping", "站内搜索设置", "{synonyms: [[诈骗, 骗局, 反诈]]}",
                                   record=SearchSettings, default_factory=SearchSettings)
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def outlet_names(self) -> dict[str, str]:
        """Outlet id to Chinese name."""
        return {o.id: o.name for o in self.outlets}


# Every top-level key of culture.yml, in the order messages list them.
TOP = (*keys(Settings), *CHECKED_ELSEWHERE)


def build_date() -> dt.date:
    """The day the build is for: today, or CULTURE_TODAY (YYYY-MM-DD) for tests and previews."""
    value = os.environ.get("CULTURE_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


@dataclass(frozen=True)
class SettingsFile:
    """culture.yml as read: its mapping and the line of every value. Other subsystems check
    their own parts of it (the lobby screens read `screens:`)."""

    data: dict[str, Any]
    lines: Lines


def read_settings(root: Path) -> tuple[SettingsFile | None, list[Problem]]:
    """Read culture.yml under `root`; None when it is missing or unreadable."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return None, [problem(SETTINGS_FILE, 1, "E217")]
    data, lines, problems = read_yaml_file(path, SETTINGS_FILE)
    return (None, problems) if problems else (SettingsFile(data, lines), [])


def check_settings(file: SettingsFile | None) -> tuple[Settings, list[Problem]]:
    """Check the settings of a read culture.yml; defaults stand in for what is wrong."""
    if file is None:
        return Settings(today=build_date()), []
    check = Checker(SETTINGS_FILE, file.lines, HOOKS, CHECKS)
    settings = _settings(check, file.data)
    return settings, sorted(check.problems)


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """Read and check culture.yml under `root`; defaults stand in for what is wrong."""
    file, problems = read_settings(root)
    settings, more = check_settings(file)
    return settings, problems + more


def _settings(check: Checker, data: dict[str, Any]) -> Settings:
    """Coerce the top-level settings mapping."""
    values = check.values(Settings, data, extra=CHECKED_ELSEWHERE)
    outlets = values.get("outlets", ())
    if data.get("outlets") == []:  # `outlets: []`: every story's outlet would be unknown
        check.add(("outlets",), "E216", key="outlets")
    _unique_ids(check, "outlets", [o.id for o in outlets])
    _check_outlet_ids(check, outlets)
    campaigns = values.get("campaigns", ())
    _unique_ids(check, "campaigns", [c.id for c in campaigns])
    values["campaigns"] = _check_campaigns(check, campaigns)
    return Settings(**values, today=build_date())


def _unique_ids(check: Checker, name: str, ids: list[str]) -> None:
    """Report ids declared twice in a settings list."""
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            check.add((name, index, "id"), "E218", value=value)
        seen.add(value)


def _check_outlet_ids(check: Checker, outlets: tuple[Outlet, ...]) -> None:
    """Report outlet ids that cannot be URLs (outlets/<id>/); the outlets stay, so stories
    naming them are not reported a second time."""
    for index, o in enumerate(outlets):
        if not is_slug(o.id):
            check.add(("outlets", index, "id"), "E433", value=o.id,
                      example=slugify(o.name) or "qianmen")


def _check_campaigns(check: Checker, campaigns: tuple[Campaign, ...]) -> tuple[Campaign, ...]:
    """Report campaigns that end before they start or whose id is no URL; keep the good ones."""
    good = []
    for index, c in enumerate(campaigns):
        ok = True
        if not is_slug(c.id):
            check.add(("campaigns", index, "id"), "E432", value=c.id,
                      example=slugify(c.name) or "xi-ying-shi-jiu-da")
            ok = False
        if c.end < c.start:
            check.add(("campaigns", index, "end"), "E431", name=c.name, start=c.start, end=c.end)
            ok = False
        if ok:
            good.append(c)
    return tuple(good)


def _check_images(check: Checker, values: dict[str, Any], data: Mapping[str, Any],
                  key: Key) -> None:
    """The numeric image settings must lie in their ranges."""
    for name, (low, high, hint) in IMAGE_RANGES.items():
        number = values.get(name)
        if number is not None and (not low <= number <= high
                                   or name == "jpeg_width" and 0 < number < 16):
            check.add((*key, name), "E212", key=name, value=number, hint=hint)


def _image_list(good: Callable[[list[Any]], bool], tidy: Callable[[list[Any]], tuple[Any, ...]],
                hint: str, most: int = 0, too_many: str = "") -> Hook:
    """A coercer for a list-valued image setting: tidied, or an E212 when it is not good or,
    tidied, longer than `most` (every width is one more file per photo to make and serve)."""
    def coerce(check: Checker, spec: Spec, items: Any, key: Key) -> tuple[Any, ...] | None:
        if isinstance(items, list) and items and good(items):
            tidied = tidy(items)
            if not most or len(tidied) <= most:
                return tidied
            hint_now = too_many
        else:
            hint_now = hint
        shown = _shown_list(items) if isinstance(items, list) else describe(items)
        check.add(key, "E212", key=spec.name, value=shown, hint=hint_now)
        return None
    return coerce


def _shown_list(items: list[Any]) -> str:
    """A YAML list as staff wrote it: [480, 960]; nested lists and mappings described."""
    return "[" + ", ".join(describe(i) if isinstance(i, (list, dict)) else str(i)
                           for i in items) + "]"


def _good_widths(items: list[Any]) -> bool:
    return all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in items)


def _good_formats(items: list[Any]) -> bool:
    return all(f in IMAGE_FORMATS for f in items) and "jpeg" in items


def _synonyms(check: Checker, spec: Spec, raw: Any, key: Key) -> tuple[tuple[str, ...], ...]:
    """Coerce the synonym groups: a list of lists of words; the bad groups are reported and
    left out (E451-E455), the good ones kept."""
    if not isinstance(raw, list):
        check.wrong_type(key, spec, raw)
        return ()
    if len(raw) > SYNONYM_GROUPS:
        check.add(key, "E454", count=len(raw), limit=SYNONYM_GROUPS)
        return ()
    groups = (_synonym_group(check, spec, item, (*key, n)) for n, item in enumerate(raw))
    return tuple(g for g in groups if g)


def _synonym_group(check: Checker, spec: Spec, item: Any, key: Key) -> tuple[str, ...]:
    """One group of synonyms, or () once a problem is reported."""
    if not isinstance(item, list):
        check.add(key, "E451", value=_shown(item))
        return ()
    if len(item) > SYNONYM_WORDS:
        check.add(key, "E455", count=len(item), limit=SYNONYM_WORDS)
        return ()
    words: list[str] = []
    for n, word in enumerate(item):
        ok = isinstance(word, (str, int)) and not isinstance(word, bool) and str(word).strip()
        if not ok:
            check.add((*key, n), "E452", value=_shown(word))
            return ()
        text = str(word).strip()
        if not check.text_ok(dataclasses.replace(spec, max_len=SYNONYM_LEN), text, (*key, n),
                             kind="name"):
            return ()
        if any(c.isspace() for c in text):
            check.add((*key, n), "E453", value=text)
            return ()
        words.append(text)
    words = list(dict.fromkeys(words))
    if len(words) < 2:
        check.add(key, "E456", value=_shown(item))
        return ()
    return tuple(words)


def _shown(value: Any) -> str:
    """A YAML value as a short Chinese description for a message (never over 40 characters)."""
    shown = _shown_list(value) if isinstance(value, list) else describe(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


HOOKS: dict[str, Hook] = {
    "synonyms": _synonyms,
    "widths": _image_list(_good_widths, lambda items: tuple(sorted(set(items))),
                          "写成 16 到 8192 之间的整数列表，例如 widths: [480, 960, 1600, 2560]",
                          MAX_WIDTHS, f"最多写 {MAX_WIDTHS} 个尺寸（每个尺寸每张照片都要多做一个文件），"
                          "例如 widths: [480, 960, 1600, 2560]"),
    "formats": _image_list(_good_formats,
                           lambda items: tuple(f for f in IMAGE_FORMATS if f in items),
                           "写成 [webp, jpeg] 或 [jpeg]：jpeg 必须保留（旧浏览器和灯箱要用）"),
}
CHECKS: dict[type, Check] = {ImageSettings: _check_images}
