"""Site settings from culture.yml: one typed schema, checked like content."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gallery.content.model import Outlet
from gallery.content.read import Lines, read_yaml_file
from gallery.content.records import Field
from gallery.content.validate import Checker, describe
from gallery.paths import is_slug, slugify
from gallery.problems import Problem, problem

SETTINGS_FILE = "culture.yml"


@dataclass(frozen=True)
class Channel:
    """A complaint channel shown in every outlet: name, phone number and hours."""

    name: str
    phone: str
    hours: str = ""


@dataclass(frozen=True)
class Campaign:
    """A time-boxed campaign: shown from `start` to `end` (both inclusive)."""

    id: str
    name: str
    slogan: str
    start: dt.date
    end: dt.date
    tag: str = ""

    def active_on(self, day: dt.date) -> bool:
        """Whether the campaign runs on `day`."""
        return self.start <= day <= self.end

    @property
    def topic(self) -> str:
        """The tag whose stories the campaign page lists: `tag`, or the name when unset."""
        return self.tag or self.name


@dataclass(frozen=True)
class ImageSettings:
    """How photo derivatives are made."""

    widths: tuple[int, ...] = (480, 960, 1600, 2560)
    formats: tuple[str, ...] = ("webp", "jpeg")
    quality: int = 82
    workers: int = 0
    max_pixels: int = 120_000_000
    skip_broken: bool = False


@dataclass(frozen=True)
class Settings:
    """Everything in culture.yml, validated."""

    name: str = "中国工商银行北京珠市口支行"
    short_name: str = "珠市口支行"
    outlets: tuple[Outlet, ...] = ()
    channels: tuple[Channel, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    images: ImageSettings = field(default_factory=ImageSettings)
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def outlet_names(self) -> dict[str, str]:
        """Outlet id to Chinese name."""
        return {o.id: o.name for o in self.outlets}


TOP = {
    "name": Field("name", "text", "支行全称", True, "中国工商银行北京珠市口支行"),
    "short_name": Field("short_name", "text", "简称", example="珠市口支行"),
    "outlets": Field("outlets", "list", "网点列表", True, "[{id: qianmen, name: 前门支行}]"),
    "complaint_channels": Field("complaint_channels", "list", "投诉处理渠道",
                                example="[{name: 客服热线, phone: '95588'}]"),
    "campaigns": Field("campaigns", "list", "宣传活动", example="[{id: ..., name: ...}]"),
    "images": Field("images", "mapping", "照片处理设置", example="{widths: [480, 960]}"),
    # Checked by gallery.screens.config; declared here so it is a known key of the file.
    "screens": Field("screens", "list", "大堂屏", example="[{name: qianmen-1, ...}]"),
}
OUTLET = (Field("id", "text", "网点编号", True, "qianmen"),
          Field("name", "text", "网点名称", True, "前门支行"),
          Field("address", "text", "地址", example="前门大街 1 号"))
CHANNEL = (Field("name", "text", "渠道名称", True, "客户服务热线"),
           Field("phone", "text", "电话", True, "'95588'"),
           Field("hours", "text", "服务时间", example="7×24 小时"))
CAMPAIGN = (Field("id", "text", "活动编号", True, "xi-ying-shi-jiu-da"),
            Field("name", "text", "活动名称", True, "服务口碑新变化"),
            Field("slogan", "text", "口号", True, "服务口碑新变化 喜迎党的十九大"),
            Field("start", "date", "开始日期", True, "2024-09-01"),
            Field("end", "date", "结束日期（含当天）", True, "2024-10-31"),
            Field("tag", "text", "活动标签：带此标签的故事列入活动页", example="十九大"))
IMAGES = (Field("widths", "list", "输出尺寸列表（像素，指长边：横图为宽，竖图为高）",
                example="[480, 960, 1600, 2560]"),
          Field("formats", "list", "输出格式：webp 和 jpeg（jpeg 必须保留）", example="[webp, jpeg]"),
          Field("quality", "int", "压缩质量 1-100", example="82"),
          Field("workers", "int", "并行进程数，0 为 CPU 核数", example="0"),
          Field("max_pixels", "int", "单张照片像素上限（防解压炸弹）", example="120000000"),
          Field("skip_broken", "bool", "跳过损坏的照片而不中止生成", example="false"))


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
    check = Checker(SETTINGS_FILE, file.lines)
    settings = _settings(check, file.data)
    return settings, sorted(check.problems)


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """Read and check culture.yml under `root`; defaults stand in for what is wrong."""
    file, problems = read_settings(root)
    settings, more = check_settings(file)
    return settings, problems + more


def _settings(check: Checker, data: dict[str, Any]) -> Settings:
    """Coerce the top-level settings mapping."""
    check.unknown_keys(data, tuple(TOP))
    for name, f in TOP.items():
        if f.required and data.get(name) is None:
            check.add((), "E202", key=name, label=f.label, example=f.example)
    texts = {k: check.scalar(TOP[k], data[k], (k,)) for k in ("name", "short_name") if k in data}
    outlets = tuple(Outlet(**v) for v in _records(check, data, "outlets", OUTLET))
    _unique_ids(check, "outlets", [o.id for o in outlets])
    _check_outlet_ids(check, outlets)
    channels = tuple(Channel(**v) for v in _records(check, data, "complaint_channels", CHANNEL))
    campaigns = tuple(Campaign(**v) for v in _records(check, data, "campaigns", CAMPAIGN))
    _unique_ids(check, "campaigns", [c.id for c in campaigns])
    campaigns = _check_campaigns(check, campaigns)
    return Settings(**{k: v for k, v in texts.items() if v}, outlets=outlets, channels=channels,
                    campaigns=campaigns, images=_images(check, data.get("images")),
                    today=build_date())


def _records(check: Checker, data: dict, name: str, fields: tuple[Field, ...]) -> list[dict]:
    """Coerce a list of mappings whose values are scalars; drop the broken ones."""
    items = data.get(name) or []
    if not isinstance(items, list):
        check.wrong_type((name,), TOP[name], items)
        return []
    good = []
    for index, item in enumerate(items):
        key = (name, index)
        if not isinstance(item, dict):
            check.add(key, "E203", key=name, expected="“字段: 值”组", actual=describe(item),
                      example=TOP[name].example)
            continue
        record = _record(check, item, fields, key)
        if record is not None:
            good.append(record)
    return good


def _record(check: Checker, item: dict, fields: tuple[Field, ...], key: tuple) -> dict | None:
    """Coerce one mapping of scalar fields; None when any field is wrong."""
    before = len(check.problems)
    check.unknown_keys(item, tuple(f.name for f in fields), key)
    record = {}
    for f in fields:
        if item.get(f.name) is None:
            if f.required:
                check.add(key, "E202", key=f.name, label=f.label, example=f.example)
            continue
        record[f.name] = check.scalar(f, item[f.name], key + (f.name,))
    return record if len(check.problems) == before else None


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


IMAGE_FORMATS = ("webp", "jpeg")
# Allowed ranges of the numeric image settings, with the hint shown when a value is outside.
IMAGE_RANGES = {
    "quality": (1, 100, "压缩质量写 1 到 100 之间的整数，照片一般用 75 到 85"),
    "workers": (0, 256, "并行进程数写 0（自动，等于 CPU 核数）或一个正整数"),
    "max_pixels": (1_000_000, 10_000_000_000, "像素上限写 1000000 以上的整数，默认 120000000"),
}


def _images(check: Checker, value: Any) -> ImageSettings:
    """Coerce the images mapping."""
    if value is None:
        return ImageSettings()
    if not isinstance(value, dict):
        check.wrong_type(("images",), TOP["images"], value)
        return ImageSettings()
    lists = ("widths", "formats")
    record = _record(check, {k: v for k, v in value.items() if k not in lists},
                     tuple(f for f in IMAGES if f.name not in lists), ("images",))
    for name, (low, high, hint) in IMAGE_RANGES.items():
        number = value.get(name)
        if isinstance(number, int) and not isinstance(number, bool) and not low <= number <= high:
            check.add(("images", name), "E212", key=name, value=number, hint=hint)
            record = None
    widths = _image_list(check, value, "widths", _good_widths,
                         "写成 16 到 8192 之间的整数列表，例如 widths: [480, 960, 1600, 2560]")
    formats = _image_list(check, value, "formats", _good_formats,
                          "写成 [webp, jpeg] 或 [jpeg]：jpeg 必须保留（旧浏览器和灯箱要用）")
    if record is None:
        return ImageSettings()
    return ImageSettings(widths=tuple(sorted(set(widths))),
                         formats=tuple(f for f in IMAGE_FORMATS if f in formats), **record)


def _image_list(check: Checker, value: dict, name: str, good, hint: str) -> tuple:
    """A list-valued image setting; the default (and an E212) when it is not good."""
    default = getattr(ImageSettings, name)
    if name not in value:
        return default
    items = value[name]
    if isinstance(items, list) and items and good(items):
        return tuple(items)
    shown = _shown_list(items) if isinstance(items, list) else describe(items)
    check.add(("images", name), "E212", key=name, value=shown, hint=hint)
    return default


def _shown_list(items: list) -> str:
    """A YAML list as staff wrote it: [480, 960]; nested lists and mappings described."""
    return "[" + ", ".join(describe(i) if isinstance(i, (list, dict)) else str(i)
                           for i in items) + "]"


def _good_widths(items: list) -> bool:
    return all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in items)


def _good_formats(items: list) -> bool:
    return all(f in IMAGE_FORMATS for f in items) and "jpeg" in items
