"""The nginx site configuration we ship: `culture server nginx` fills in nginx.conf.j2.

One template for every installation, tested in CI with Debian's nginx (tests/test_nginx.py):
pre-compressed files (gzip_static, brotli_static when its module is loaded), a year of
`immutable` caching for content-named files and `no-cache` for everything else, the site under
any sub-path, and the lobby screens' heartbeats in their own access log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from gallery import paths
from gallery.screens.files import HEARTBEAT
from gallery.screens.status import HEARTBEAT_LOG

MODULES_ENABLED = Path("/etc/nginx/modules-enabled")
BROTLI_STATIC = "ngx_http_brotli_static_module"
# Values go into the configuration as they are: no spaces, quotes, braces or semicolons.
SAFE = re.compile(r"^[A-Za-z0-9_./:\[\]*~-]+$")
PREFIX = re.compile(r"^/(?:[A-Za-z0-9_.-]+/)*$")
TEMPLATES = Environment(loader=PackageLoader("gallery.publish", "."), autoescape=False,
                        undefined=StrictUndefined, keep_trailing_newline=True,
                        trim_blocks=True, lstrip_blocks=True)


class BadValue(ValueError):
    """A value that cannot go into the configuration; the message is Chinese."""


@dataclass(frozen=True)
class Tls:
    """The certificate and key of an HTTPS server (PEM files)."""

    cert: Path
    key: Path


@dataclass(frozen=True)
class Site:
    """Where and how the site is served."""

    site: Path  # the served link `culture publish` swaps (absolute)
    prefix: str = "/"  # the sub-path, "/" or e.g. "/culture/"
    server_name: str = "_"
    listen: str = "80"
    heartbeat_log: Path = HEARTBEAT_LOG
    brotli: bool = False
    tls: Tls | None = None
    redirect_listen: str = "80"  # with tls: where plain HTTP is sent on to https://


def brotli_loaded(modules: Path = MODULES_ENABLED) -> bool:
    """Whether Debian's nginx loads the brotli_static module (a file in modules-enabled/)."""
    try:
        return any(BROTLI_STATIC in p.read_text("utf-8", "replace") for p in modules.glob("*"))
    except OSError:
        return False


def check(site: Site) -> None:
    """Raise BadValue for a value that would break (or inject into) the configuration."""
    if not PREFIX.match(site.prefix):
        raise BadValue(f"子路径“{site.prefix}”无效：请写成 / 或 /culture/ 这样以 / 开头和结尾的路径")
    values = [("网站目录", str(site.site)), ("服务器名", site.server_name),
              ("监听端口", site.listen), ("监听端口", site.redirect_listen),
              ("心跳日志", str(site.heartbeat_log))]
    if site.tls:
        values += [("证书", str(site.tls.cert)), ("私钥", str(site.tls.key))]
    for label, value in values:
        if not SAFE.match(value):
            raise BadValue(f"{label}“{value}”里有空格、引号、分号或括号：nginx 配置里不能用，请换一个")
    if not site.site.is_absolute():
        raise BadValue(f"网站目录“{site.site}”必须是绝对路径")


def render(site: Site) -> str:
    """The site configuration for `site` (checked first: raises BadValue)."""
    check(site)
    return TEMPLATES.get_template("nginx.conf.j2").render(
        site=str(site.site).rstrip("/"), prefix=site.prefix,
        prefix_re=re.escape(site.prefix), server_name=site.server_name,
        listen=site.listen, http_listen=site.redirect_listen, heartbeat_log=site.heartbeat_log,
        brotli=site.brotli, tls=site.tls, photos=paths.PHOTOS_DIR,
        heartbeat=f"{paths.SCREEN_ROOT}/{HEARTBEAT}")
