"""Text from staff and settings is text: an injection list put into every text field.

Every text field of culture.yml, notice.yml, the board CSV and each section's front matter gets
one payload (script tags, event handlers, attr_list, javascript: links, off-site images,
template syntax); the site is built with a real `mkdocs build --strict`, and every generated
page is parsed: no element or attribute was made from a payload, and the payload shows as
text. In Chromium, no dialog opens and no request leaves the host on any page.

The field list comes from the record declarations (`gallery.project.text_fields`), so a new
text field is poisoned without touching this test (the base project must hold its record).
Ids, times, numbers and choices are not free text: they refuse anything but their pattern; the
board CSV, not a declared record, lists its free columns here and must refuse a payload in the
others with a code.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from intranet_site import jpeg
from selectolax.lexbor import LexborHTMLParser
from support import mkdocs_build

from gallery.content.records import SECTIONS
from gallery.intranet import board as board_schema
from gallery.project import load_project
from gallery.project import text_fields as project_text_fields

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


def text_fields() -> list[tuple[str, tuple[str | int, ...]]]:
    """Every free-text field: the declared records' (gallery.project.text_fields) and the
    board CSV's free columns, as (file, key path); "*" in a path is every item of a list."""
    board = [(BOARD, (key,)) for key in board_schema.COLUMNS if key not in BOARD_PATTERNED]
    return [*(f for f in project_text_fields() if f not in PATTERNED), *board]


# Declared text fields that must follow a pattern (issue 9): a payload is refused with the code.
PATTERNED = {("culture.yml", ("complaint_channels", "*", "phone")): "E232"}


BOARD = "site_src/board/2024-05.csv"
# Board columns whose value must follow a pattern: a payload is refused by `culture check`.
BOARD_PATTERNED = ("outlet", "value", "list")


def test_the_field_list_covers_every_file():
    fields = text_fields()
    assert {f for f, _ in fields} == {"culture.yml", "notice.yml", BOARD} | {
        f"site_src/{folder}/*/index.md" for folder in SECTIONS}
    assert ("culture.yml", ("campaigns", "*", "name")) in fields
    assert ("culture.yml", ("outlets", "*", "name")) in fields


# The project: valid data of every record, then the payload in every free text field ------

PHOTO = {"file": "1.jpg", "caption": "说明", "alt": "描述"}
APPROVAL = {"by": "周敏", "date": "2024-05-07", "customers": True, "consent": "同意书 2024-031"}


def base_files() -> dict[str, object]:
    """A valid project that has every record and every optional text field (file -> data)."""
    always = {"days": "mon-sun", "time": "00:00-23:59"}
    settings = {
        "name": "中国工商银行北京珠市口支行", "short_name": "珠市口支行",
        "outlets": [{"id": "qianmen", "name": "前门支行", "address": "前门大街 1 号"}],
        "complaint_channels": [{"name": "客户服务热线", "phone": "95588", "hours": "7×24 小时"}],
        "campaigns": [{"id": "kou-bei", "name": "服务口碑", "slogan": "口号", "start": "2024-05-01",
                       "end": "2024-05-31", "tag": "口碑"}],
        "screens": [{"name": "lobby", "outlet": "qianmen", "hours": [dict(always)],
                     "playlist": [{"section": "moments", "newest": 5, "tags": ["口碑"]},
                                  {"slogan": "客户为尊", "duration": 10,
                                   "schedule": dict(always)}]}],
    }
    notice = {"title": "通知", "text": "暂停办理", "start": "2020-01-01 00:00",
              "end": "2099-12-31 23:00", "screens": ["lobby"]}
    common = {"title": "标题", "tags": ["口碑"], "outlet": "qianmen", "photos": [dict(PHOTO)],
              "cover": dict(PHOTO), "date": "2024-05-06"}
    stories = {
        "culture-wall": {**common, "kind": "exemplar", "summary": "摘要", "author": "王芳",
                         "approval": dict(APPROVAL)},
        "pioneer-posts": {**common, "member": "张明", "post": "大堂经理", "pledge": "承诺",
                          "motto": "座右铭", "member_since": 2008,
                          "portrait": {**PHOTO, "file": "portrait.jpg"},
                          "approval": dict(APPROVAL)},
        "moments": {**common, "summary": "摘要", "author": "王芳", "approval": dict(APPROVAL)},
        "talk": {**common, "author": "李华", "summary": "摘要", "approval": dict(APPROVAL)},
        "morning": {**common, "kind": "case", "reference": "出处", "summary": "要点"},
    }
    board = {"outlet": "qianmen", "person": "张强", "metric": "客户表扬", "value": "5",
             "list": "红榜", "remark": "备注"}
    return {"culture.yml": settings, "notice.yml": notice, BOARD: board,
            **{f"site_src/{folder}/*/index.md": meta for folder, meta in stories.items()}}


def poison(node: object, path: tuple[str | int, ...], payload: str) -> int:
    """Set `payload` at `path` in `node` ("*": in every item of a list); how many were set.
    A key the base project does not write is left alone (in one item of a list of records it
    may be optional; poisoned_project makes sure some item has it)."""
    head, rest = path[0], path[1:]
    if head == "*":
        assert isinstance(node, list)
        if not rest:
            node[:] = [payload] * len(node)
            return len(node)
        return sum(poison(item, rest, payload) for item in node)
    assert isinstance(node, dict)
    if head not in node:
        return 0
    if rest:
        return poison(node[head], rest, payload)
    node[head] = payload
    return 1


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_project(root: Path, files: dict[str, object]) -> Path:
    """Write the project's files (stories in a folder of their own, with their photos)."""
    docs = root / "site_src"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 珠市口支行服务文化展\n", "utf-8")
    for name, data in files.items():
        if name == BOARD:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow([chinese for chinese, _, _ in board_schema.COLUMNS.values()])
            writer.writerow([data[key] for key in board_schema.COLUMNS])  # type: ignore[index]
            (root / BOARD).parent.mkdir(parents=True, exist_ok=True)
            (root / BOARD).write_text(out.getvalue(), "utf-8")
        elif name.endswith("index.md"):
            folder = name.split("/")[1]
            story = docs / folder / f"2024-05-06-{folder}"
            story.mkdir(parents=True)
            (story / "index.md").write_text(f"---\n{dump(data)}---\n正文。\n", "utf-8")
            (story / "1.jpg").write_bytes(jpeg((200, 30, 30)))
            (story / "portrait.jpg").write_bytes(jpeg((90, 90, 90), (48, 64)))
        else:
            (root / name).write_text(dump(data), "utf-8")
    return root


def poisoned_project(root: Path, payload: str) -> Path:
    """A project with `payload` in every free text field."""
    files = base_files()
    for name, path in text_fields():
        where = f"{name} {'.'.join(map(str, path))}"
        assert poison(files[name], path, payload), f"{where}: give the base project this field"
    return write_project(root, files)


def test_every_free_text_field_is_accepted_and_a_patterned_board_cell_refused(tmp_path):
    assert load_project(write_project(tmp_path / "base", base_files())).problems == ()
    for name, payload in PAYLOADS.items():
        loaded = load_project(poisoned_project(tmp_path / name, payload))
        assert [str(p) for p in loaded.problems] == [], name
    for (name, path), code in PATTERNED.items():
        files = base_files()
        assert poison(files[name], path, PAYLOADS["script"])
        problems = [str(p) for p in load_project(write_project(tmp_path / code, files)).problems]
        assert len(problems) == 1 and problems[0].startswith(f"{name}:"), problems
        assert re.match(rf"^\S+:\d+: {code} .+ — .+", problems[0]), problems
    for column in BOARD_PATTERNED:
        files = base_files()
        files[BOARD][column] = PAYLOADS["script"]  # type: ignore[index]
        problems = [str(p) for p in load_project(write_project(tmp_path / column, files)).problems]
        assert len(problems) == 1 and problems[0].startswith(f"{BOARD}:2: E"), problems
        assert re.match(r"^\S+:\d+: E\d{3} .+ — .+", problems[0]), problems


# The built site ----------------------------------------------------------------------------

@pytest.fixture(scope="module", params=list(PAYLOADS))
def built(request, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(payload, site/) of a poisoned project built with a real `mkdocs build --strict`."""
    payload = PAYLOADS[request.param]
    root = poisoned_project(tmp_path_factory.mktemp(request.param), payload)
    run = mkdocs_build(root, today=TODAY)
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

# Fire whatever a payload could have hooked: handlers of every element, javascript: links.
PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['focus', 'mouseover', 'error', 'load']) el.dispatchEvent(new Event(type));
  }
  for (const a of document.querySelectorAll('a[href^="javascript:" i]')) a.click();
}"""


def provoke_every_page(browser, site: Path) -> tuple[list[str], list[str]]:
    """Serve `site` under /culture/ and visit every page in `browser`, firing every handler and
    javascript: link and searching for "alert"; the dialogs that opened and the off-host
    requests made (aborted)."""
    from test_intranet_browser import serve

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
        context = browser.new_context()
        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages(site):
            page.goto(base + path.relative_to(site).as_posix(), wait_until="load")
            page.evaluate(PROVOKE)
            page.wait_for_timeout(50)
        page.goto(base)  # search: results are drawn as HTML from the index
        page.keyboard.press("s")
        page.fill("input.md-search__input", "alert")
        page.wait_for_timeout(1500)
        context.close()
    finally:
        server.shutdown()
    return dialogs, off_host


@pytest.mark.browser
def test_no_dialog_and_no_off_host_request_in_chromium(browser, built):
    _payload, site = built
    dialogs, off_host = provoke_every_page(browser, site)
    assert dialogs == [] and off_host == [], (dialogs, off_host)
