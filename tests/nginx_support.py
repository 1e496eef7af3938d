"""A real nginx (Debian's package) serving a published site with the configuration we ship,
run as a child process in a temporary prefix: its own port, pid file, logs and temp folders.
Used by tests/test_nginx.py and benchmarks/lighthouse.py."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gallery.publish import nginx

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULE = MODULES / "ngx_http_brotli_static_module.so"

MAIN = """\
{modules}
daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
{user}
events {{ worker_connections 64; }}
http {{
    include {mime};
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/culture.conf;
}}
"""


def missing() -> str | None:
    """Why nginx cannot run here (None when it can)."""
    if not Path(NGINX).exists():
        return "nginx is not installed (apt-get install nginx; .ci/run does)"
    if not MIME_TYPES.exists():
        return f"{MIME_TYPES} is missing (Debian's nginx-common)"
    return None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Nginx:
    """A running nginx: its port, prefix folder (logs) and process."""

    port: int
    prefix: Path
    process: subprocess.Popen[bytes]
    site: nginx.Site
    redirect_port: int | None = None  # plain HTTP, when serving HTTPS

    @property
    def heartbeat_log(self) -> Path:
        return self.site.heartbeat_log

    def url(self, path: str = "") -> str:
        scheme = "https" if self.site.tls else "http"
        host = "localhost" if self.site.tls else "127.0.0.1"  # the certificate names localhost
        return f"{scheme}://{host}:{self.port}{self.site.prefix}{path}"


def write_config(prefix: Path, site: Path, sub_path: str, port: int,
                 tls: nginx.Tls | None = None, redirect_port: int = 0) -> nginx.Site:
    """The main nginx.conf and our culture.conf (as `culture server nginx` makes it)."""
    prefix.mkdir(parents=True, exist_ok=True)
    brotli = BROTLI_MODULE.exists()
    served = nginx.Site(site, sub_path, "localhost", f"127.0.0.1:{port}",
                        prefix / "culture-heartbeat.log", brotli, tls,
                        f"127.0.0.1:{redirect_port}")
    (prefix / "culture.conf").write_text(nginx.render(served), "utf-8")
    # As root, workers would run as `nobody` and could not read pytest's private tmp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    modules = f"load_module {BROTLI_MODULE};" if brotli else ""
    (prefix / "nginx.conf").write_text(MAIN.format(modules=modules, prefix=prefix, user=user,
                                                   mime=MIME_TYPES), "utf-8")
    return served


@contextlib.contextmanager
def running(site: Path, prefix: Path, sub_path: str = "/culture/",
            tls: nginx.Tls | None = None) -> Iterator[Nginx]:
    """Serve the published `site` (a link or folder) under `sub_path` for the block (HTTPS
    with `tls`, plain HTTP then redirecting from a second port)."""
    port, redirect = free_port(), free_port() if tls else None
    served = write_config(prefix, site, sub_path, port, tls, redirect or 0)
    command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
               "-e", str(prefix / "error.log")]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(port, process, prefix)
        yield Nginx(port, prefix, process, served, redirect)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_listening(port: int, process: subprocess.Popen[bytes], prefix: Path) -> None:
    """Return once nginx accepts connections; fail with its error log if it died."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (prefix / "error.log").read_text("utf-8", "replace")
            raise AssertionError(f"nginx exited {process.returncode}: {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise AssertionError("nginx did not start listening within 15 s")
