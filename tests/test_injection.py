"""Text from staff and settings is text: an injection list put into every text field.

Every text field of culture.yml, notice.yml, the board CSV and each section's front matter gets
one payload (script tags, event handlers, attr_list, javascript: links, off-site images,
template syntax); the site is built with a real `mkdocs build --strict`, and every generated
page is parsed: no element or attribute was made from a payload, and the payload shows as
text. In Chromium, no dialog opens and no request leaves the host on any page.

The field list comes from the schema declarations (`declared_text_fields`), so a new text
field is poisoned without touching this test. Fields whose text must follow a pattern (ids
that become URLs, times, numbers) refuse every payload: `culture check` says so, with a code.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from conftest import site_config
from intranet_site import jpeg
from selectolax.lexbor import LexborHTMLParser

from gallery.content import settings as settings_schema
from gallery.content.records import SECTIONS, Field
from gallery.intranet import board as board_schema
from gallery.project import load_project
from gallery.screens import config as screen_schema
from gallery.screens import notice as notice_schema

pytestmark = pytest.mark.slow
TODAY = "2024-05-08"
PAYLOADS = {
    "script": '<script>alert("s")</script>',
    "handler": "<img src=x onerror=alert(1)>",
    "attr-list": "x {: autofocus onfocus=alert(1) }",
    "heading-attr": "y\n{: #z onclick=alert(1) }",
    "js-link": "[点我](javascript:alert(1))",
    "md-image": "![x](http://evil.example/p.png)",
    "html-image": "<img src=//evil.example/x>",
    "attribute": '" onmouseover="alert(1)" x="',
    "template": "{{ 7*7 }} {% raw %}r{% endraw %}",
}
# Text fields whose value must follow a pattern: a payload is refused by `culture check`.
PATTERNED = {
    "culture.yml:outlets.id", "culture.yml:campaigns.id", "culture.yml:screens.name",
    "culture.yml:screens.hours.days", "culture.yml:screens.hours.time",
    "culture.yml:screens.playlist.schedule.days", "culture.yml:screens.playlist.schedule.time",
    "notice.yml:start", "notice.yml:end",
    "board:outlet", "board:value", "board:list",
}


@dataclass(frozen=True)
class TextField:
    """One text field: the file (or record list) it lives in and its dotted name."""

    where: str  # "culture.yml", "notice.yml", "board" or a section folder
    name: str  # dotted inside the file, e.g. "campaigns.name", "photos.caption"

    @property
    def key(self) -> str:
        return f"{self.where}:{self.name}"


def _text(fields: tuple[Field, ...], where: str, prefix: str = "") -> list[TextField]:
    return [TextField(where, prefix + f.name) for f in fields if f.kind in ("text", "tags")]


def declared_text_fields() -> list[TextField]:
    """Every text field of every record, from the schema declarations.

    # TODO(records): switch to gallery.content.records' enumerator of text fields once merged.
    """
    found = []
    for folder, section in SECTIONS.items():
        found += _text(section.fields, folder)
        if section.field("photos"):
            found += [TextField(folder, "photos.caption"), TextField(folder, "photos.alt")]
    found += _text(tuple(settings_schema.TOP.values()), "culture.yml")
    for name, fields in (("outlets", settings_schema.OUTLET),
                         ("complaint_channels", settings_schema.CHANNEL),
                         ("campaigns", settings_schema.CAMPAIGN), ("screens", screen_schema.SCREEN),
                         ("screens.hours", screen_schema.RULE),
                         ("screens.playlist", screen_schema.ENTRY),
                         ("screens.playlist.schedule", screen_schema.RULE)):
        found += _text(fields, "culture.yml", name + ".")
    found += _text(notice_schema.FIELDS, "notice.yml")
    found += [TextField("board", key) for key in board_schema.COLUMNS]
    return found


def test_the_field_list_covers_every_declared_record():
    keys = {f.key for f in declared_text_fields()}
    assert {"culture.yml:campaigns.name", "culture.yml:outlets.name", "notice.yml:text",
            "board:remark", "moments:title", "pioneer-posts:member", "talk:author",
            "morning:reference", "moments:photos.caption", "culture.yml:screens.playlist.slogan",
            "moments:tags"} <= keys
    assert PATTERNED <= keys  # a renamed field must not silently leave the list


# The project: a valid value for every field, then the payload in every free text field -----

def _example(field: Field) -> object:
    """The field's documented example, as YAML reads it (a valid value)."""
    return yaml.safe_load(field.example)


def _record(fields: tuple[Field, ...], where: str, prefix: str, payload: str,
            **given: object) -> dict:
    """A record with every field filled: free text poisoned, the rest its example."""
    out: dict = {}
    for f in fields:
        key = f"{where}:{prefix}{f.name}"
        if f.name in given:
            out[f.name] = given[f.name]
        elif f.kind == "text" and key not in PATTERNED:
            out[f.name] = payload
        elif f.kind == "tags":
            out[f.name] = [payload]
        elif f.kind in ("text", "int", "date", "choice", "bool", "outlet", "photo"):
            out[f.name] = _example(f)
    return out


def _story(folder: str, payload: str) -> dict:
    section = SECTIONS[folder]
    photos = [{"file": "1.jpg", "caption": payload, "alt": payload}]
    meta = _record(section.fields, folder, "", payload, photos=photos, cover="1.jpg",
                   outlet="qianmen", portrait="portrait.jpg", draft=False)
    if "date" in meta:
        meta["date"] = "2024-05-06"  # the fixture week: morning items show in full
    meta.pop("expire", None)
    meta.pop("publish", None)
    return meta


def _settings(payload: str) -> dict:
    s = settings_schema
    data = _record(tuple(s.TOP.values()), "culture.yml", "", payload)
    data["outlets"] = [_record(s.OUTLET, "culture.yml", "outlets.", payload, id="qianmen")]
    data["complaint_channels"] = [_record(s.CHANNEL, "culture.yml", "complaint_channels.",
                                          payload)]
    data["campaigns"] = [_record(s.CAMPAIGN, "culture.yml", "campaigns.", payload, id="kou-bei",
                                 start="2024-05-01", end="2024-05-31")]
    entries = [{"section": "moments", "newest": 5},
               _record(screen_schema.ENTRY, "culture.yml", "screens.playlist.", payload,
                       section=None, outlet=None, newest=None, duration=10, tags=None)]
    always = {"days": "mon-sun", "time": "00:00-23:59"}
    entries[1]["schedule"] = dict(always)
    data["screens"] = [{"name": "lobby", "outlet": "qianmen", "hours": [dict(always)],
                        "playlist": [{k: v for k, v in e.items() if v is not None}
                                     for e in entries]}]
    return data


def _notice(payload: str) -> dict:
    return _record(notice_schema.FIELDS, "notice.yml", "", payload, screens=["lobby"],
                   start="2020-01-01 00:00", end="2099-12-31 23:00")


def _board(payload: str) -> str:
    values = {"outlet": "qianmen", "value": "98.5", "list": "红榜"}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([chinese for chinese, _, _ in board_schema.COLUMNS.values()])
    writer.writerow([values.get(key, payload) for key in board_schema.COLUMNS])
    return out.getvalue()


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def poisoned_project(root: Path, payload: str) -> Path:
    """A project with `payload` in every free text field."""
    docs = root / "site_src"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 珠市口支行服务文化展\n", "utf-8")
    (root / "culture.yml").write_text(dump(_settings(payload)), "utf-8")
    (root / "notice.yml").write_text(dump(_notice(payload)), "utf-8")
    (docs / "board").mkdir()
    (docs / "board" / "2024-05.csv").write_text(_board(payload), "utf-8")
    for folder in SECTIONS:
        story = docs / folder / f"2024-05-06-{folder}"
        story.mkdir(parents=True)
        (story / "index.md").write_text(f"---\n{dump(_story(folder, payload))}---\n正文。\n", "utf-8")
        (story / "1.jpg").write_bytes(jpeg((200, 30, 30)))
        (story / "portrait.jpg").write_bytes(jpeg((90, 90, 90), (48, 64)))
    return root


def test_every_free_text_field_is_accepted_and_every_patterned_one_refused(tmp_path):
    for name, payload in PAYLOADS.items():
        loaded = load_project(poisoned_project(tmp_path / name, payload))
        assert [str(p) for p in loaded.problems] == [], name
    for field in sorted(PATTERNED):
        root = poisoned_project(tmp_path / field.replace(":", "-"), "正常文字")
        assert _poison_one(root, field, PAYLOADS["script"])
        problems = [str(p) for p in load_project(root).problems]
        assert problems, f"{field} accepted a payload"
        assert all(re.match(r"^\S+:\d+: [EW]\d{3} .+ — .+", p) for p in problems), problems


def _poison_one(root: Path, field: str, payload: str) -> bool:
    """Put `payload` into one patterned field of an otherwise clean project."""
    where, name = field.split(":")
    if where == "board":
        path = root / "site_src" / "board" / "2024-05.csv"
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
        rows[1][list(board_schema.COLUMNS).index(name)] = payload
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        path.write_text(out.getvalue(), "utf-8")
        return True
    path = root / where
    data = yaml.safe_load(path.read_text("utf-8"))
    *parents, last = name.split(".")
    node = data
    for part in parents:
        node = node[part]
        if isinstance(node, list):
            node = node[-1]
    node[last] = payload
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return True


# The built site ----------------------------------------------------------------------------

@pytest.fixture(scope="module", params=list(PAYLOADS))
def built(request, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(payload, site/) of a poisoned project built with a real `mkdocs build --strict`."""
    payload = PAYLOADS[request.param]
    root = poisoned_project(tmp_path_factory.mktemp(request.param), payload)
    site_config(root)
    env = {**os.environ, "CULTURE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    yield payload, root / "site"


URL_ATTRIBUTES = ("src", "srcset", "action", "formaction", "poster", "data", "style")


def _active_link(href: str) -> bool:
    """Whether a link runs script or leaves the host (a tel: link of any text does neither)."""
    url = urlparse(href.strip())
    return url.scheme.lower() in ("javascript", "vbscript") or (
        url.scheme.lower() in ("http", "https", "") and "evil.example" in url.netloc)


def injected(html: str) -> list[str]:
    """What a payload made on a page: elements, handlers, active links, off-site loads."""
    tree = LexborHTMLParser(html)
    found = []
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            if name.startswith("on") or name == "autofocus":
                found.append(f"<{node.tag} {name}>")
            elif name == "href" and _active_link(value or ""):
                found.append(f"<{node.tag} href={value}>")
            elif name in URL_ATTRIBUTES and "evil.example" in (value or ""):
                found.append(f"<{node.tag} {name}={value}>")
        if node.tag == "script" and "alert(" in (node.text() or ""):
            found.append("<script>alert")
        if node.tag == "img" and node.attributes.get("src") == "x":
            found.append("<img src=x>")
    return found


def shown_text(html: str) -> str:
    """The text a person sees on a page (scripts and styles left out)."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style"])
    return tree.body.text() if tree.body else ""


def pages(site: Path) -> list[Path]:
    """Every generated page (the theme's 404 page included) and the lobby screens' pages."""
    return sorted(site.rglob("*.html"))


def test_no_payload_makes_markup_on_any_page(built):
    payload, site = built
    seen_as_text = 0
    for page in pages(site):
        html = page.read_text("utf-8")
        assert injected(html) == [], page.relative_to(site)
        text = shown_text(html)
        if "7*7" in payload:
            assert "49" not in text, page.relative_to(site)
        seen_as_text += flat(payload) in flat(text)
    assert seen_as_text >= 10  # story pages, hubs, board, morning: the payload is shown as text


def flat(text: str) -> str:
    """Text without whitespace: a line break in a value is shown as <br> or as a space."""
    return "".join(text.split())


def test_the_story_title_and_the_campaign_banner_are_text(built):
    payload, site = built
    story = LexborHTMLParser((site / "moments/2024-05-06-moments/index.html").read_text("utf-8"))
    assert flat(story.css_first("article h1").text()) == flat(payload)
    assert flat(story.css_first("title").text()).startswith(flat(payload))
    assert flat(story.css_first(".culture-banner strong").text()) == flat(payload)
    outlet = LexborHTMLParser((site / "outlets/qianmen/index.html").read_text("utf-8"))
    assert flat(outlet.css_first("article h1").text()) == flat(payload)
    campaign = LexborHTMLParser((site / "campaigns/kou-bei/index.html").read_text("utf-8"))
    assert flat(campaign.css_first("article h1").text()) == flat(payload)


# In Chromium --------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# Fire whatever a payload could have hooked: handlers of every element, javascript: links.
PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['focus', 'mouseover', 'error', 'load']) el.dispatchEvent(new Event(type));
  }
  for (const a of document.querySelectorAll('a[href^="javascript:" i]')) a.click();
}"""


@pytest.mark.browser
def test_no_dialog_and_no_off_host_request_in_chromium(built):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright
    from test_intranet_browser import ARGS, serve

    _payload, site = built
    www = site.parent / "www"
    shutil.copytree(site, www / "culture", dirs_exist_ok=True)
    server = serve(www)
    base = f"http://127.0.0.1:{server.server_address[1]}/culture/"
    dialogs: list[str] = []
    off_host: list[str] = []

    def route(r) -> None:
        if urlparse(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            off_host.append(r.request.url)
            r.abort()

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            context = browser.new_context()
            context.route("**/*", route)
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in pages(site):
                url = base + path.relative_to(site).as_posix()
                page.goto(url, wait_until="load")
                page.evaluate(PROVOKE)
                page.wait_for_timeout(50)
            page.goto(base)  # search: results are drawn as HTML from the index
            page.keyboard.press("s")
            page.fill("input.md-search__input", "alert")
            page.wait_for_timeout(1500)
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == [] and off_host == [], (dialogs, off_host)
