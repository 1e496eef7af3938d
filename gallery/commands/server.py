"""`culture server nginx`: the nginx site configuration (the Git commands are in gitcli)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gallery import clihelp
from gallery.commands.common import guarded, site_options
from gallery.publish import nginx
from gallery.screens import status


@click.command(name="nginx", cls=clihelp.Command)
@click.option("--prefix", default="/", show_default=True,
              help="网站所在的子路径，例如 /culture/（网址 https://服务器/culture/）。")
@click.option("--server-name", default="_", show_default=True, help="服务器域名，例如 culture.zsk.example。")
@click.option("--listen", default=None, help="监听端口（可带地址），默认 80；有证书时 443。")
@click.option("--heartbeat-log", type=click.Path(path_type=Path), default=status.HEARTBEAT_LOG,
              show_default=True, help="大堂屏心跳日志（culture screens status 读它）。")
@click.option("--brotli/--no-brotli", default=None,
              help="启用 brotli_static（默认：nginx 已加载该模块时启用）。")
@click.option("--cert", type=click.Path(path_type=Path), default=None, help="HTTPS 证书（PEM，含中间证书）。")
@click.option("--key", type=click.Path(path_type=Path), default=None, help="HTTPS 私钥（PEM）。")
@site_options
@guarded
def nginx_command(prefix: str, server_name: str, listen: str | None, heartbeat_log: Path,
                  brotli: bool | None, cert: Path | None, key: Path | None, root: Path,
                  site_dir: Path) -> None:
    """打印 nginx 站点配置（预压缩、缓存、子路径、心跳日志、可选 HTTPS），见 docs/server.md。"""
    if (cert is None) != (key is None):
        click.echo("--cert 和 --key 要一起给出（证书和私钥）。", err=True)
        sys.exit(1)
    root = Path(os.path.abspath(root))  # not resolve(): `site` is a link nginx must follow
    target = site_dir if site_dir.is_absolute() else root / site_dir
    tls = nginx.Tls(Path(os.path.abspath(cert)), Path(os.path.abspath(key))) \
        if cert and key else None
    site = nginx.Site(target, prefix, server_name, listen or ("443" if tls else "80"),
                      heartbeat_log, nginx.brotli_loaded() if brotli is None else brotli, tls)
    try:
        click.echo(nginx.render(site), nl=False)
    except nginx.BadValue as err:
        click.echo(str(err), err=True)
        sys.exit(1)
