"""Publishing from `git push`: the hooks `culture server init` installs in a bare repository.

- pre-receive exports the pushed commit (not the work tree) into a temporary folder and runs
  `culture check --photos` on it, the same check a publish runs, with the work tree's photo
  cache linked in so photos already seen are not made again. Its Chinese lines reach the
  staffer's `git push` output as "remote: …"; a non-zero exit refuses the push.
- pre-receive also refuses a push that changes anything but the staff's content (site_src/,
  culture.yml, notice.yml): the program, hooks/, overrides/ and mkdocs.yml run on the server
  when it publishes, so only the administrator may change them (E611, `program_changes`).
- post-receive publishes the pushed branch: a push that changes only notice.yml goes out at
  once through `culture notice` (no build, no waiting behind one); anything else starts
  `culture publish --pull` in the background and returns, saying 已排队发布.
- The server keeps one persistent work tree (a clone of the bare repository): `--pull` moves
  it to the newest pushed commit under the publish lock, so unchanged files keep their
  inodes and mtimes and the photo cache stays valid.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gallery import paths
from gallery.content.load import DOCS_DIR
from gallery.content.settings import check_settings, read_settings
from gallery.photos.sizes import is_photo, too_large
from gallery.problems import Problem, problem
from gallery.publish.queue import queue_dir
from gallery.screens.notice import NOTICE_FILE

ZERO = "0" * 40
MARK = "# culture server init"  # first comment line of the hooks we install
LOG = "publish.log"
HOOKS = ("pre-receive", "post-receive")
# What a staffer's push may change; everything else is the administrator's (E611).
CONTENT_DIRS = (DOCS_DIR + "/",)
CONTENT_FILES = frozenset({"culture.yml", NOTICE_FILE, ".gitignore"})
# Set (to 1) only in the administrator's own pushes: a forced command in the administrator's
# SSH key (docs/publishing.md), or a push made on the server itself.
ADMIN_ENV = "CULTURE_ADMIN_PUSH"


class ServerError(Exception):
    """A setup problem, said in one Chinese line."""


@dataclass(frozen=True)
class Server:
    """The pieces of one installation: where pushes land, the work tree, the served site."""

    bare: Path
    work: Path
    site: Path
    culture: Path  # the absolute `culture` of the installation's virtual environment
    branch: str = "main"

    def log(self) -> Path:
        """Where background publishes write their output."""
        return queue_dir(self.site) / LOG


def git(*args: str, cwd: Path | None = None, keep_env: bool = False,
        **kwargs: object) -> subprocess.CompletedProcess:
    """Run git; without `keep_env` the hook's GIT_* variables (GIT_DIR='.') are dropped so the
    command acts on `cwd` and not on the repository that runs the hook."""
    env = dict(os.environ) if keep_env else clean_env()
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True,
                          check=False, **kwargs)  # type: ignore[call-overload]


def clean_env() -> dict[str, str]:
    """The environment without the GIT_* variables a hook is started with."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def init(server: Server) -> list[str]:
    """Create the bare repository and the work tree if missing and install both hooks;
    return what was done, one Chinese line each. Raises ServerError."""
    done = []
    if not server.bare.exists():
        run_ok(git("init", "-q", "--bare", "-b", server.branch, str(server.bare)))
        done.append(f"已新建裸仓库 {server.bare}")
    elif git("rev-parse", "--is-bare-repository", cwd=server.bare).stdout.strip() != b"true":
        raise ServerError(f"{server.bare} 不是裸仓库（git init --bare 建立的仓库），没有改动")
    if not (server.work / ".git").exists():
        run_ok(git("init", "-q", "-b", server.branch, str(server.work)))
        run_ok(git("remote", "add", "origin", str(server.bare), cwd=server.work))
        done.append(f"已新建工作目录 {server.work}（服务器上唯一的一份内容，发布时更新）")
    for name in HOOKS:
        hook = server.bare / "hooks" / name
        if hook.exists() and MARK not in hook.read_text("utf-8", errors="replace"):
            raise ServerError(f"{hook} 已有别的钩子，没有覆盖：请先把它改名或合并后重试")
        hook.parent.mkdir(parents=True, exist_ok=True)
        hook.write_text(hook_script(server, name), "utf-8")
        hook.chmod(0o755)
        done.append(f"已安装钩子 {hook}")
    return done


def hook_script(server: Server, name: str) -> str:
    """The shell script of one hook: it calls the installation's own `culture` by absolute
    path (a hook runs with a bare PATH and no virtual environment)."""
    q = shlex.quote
    return (f"#!/bin/sh\n{MARK}: 重新运行它会覆盖本文件\n"
            f"exec {q(str(server.culture))} server {name} --work-tree {q(str(server.work))}"
            f" --site {q(str(server.site))} --branch {q(server.branch)}\n")


def run_ok(done: subprocess.CompletedProcess) -> None:
    """Raise ServerError with git's own message when it failed."""
    if done.returncode != 0:
        raise ServerError(done.stderr.decode("utf-8", "replace").strip() or "git 失败")


def updates(lines: Iterable[str], branch: str) -> tuple[str, str] | None:
    """(old, new) of the push to `branch` from a hook's standard input, if it was pushed."""
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[2] == f"refs/heads/{branch}":
            return parts[0], parts[1]
    return None


def export(commit: str, into: Path, repository: Path | None = None) -> None:
    """Write the files of `commit` into `into` (the hook's environment is kept: during
    pre-receive the pushed objects are only visible through its quarantine variables)."""
    with subprocess.Popen(["git", "archive", "--format=tar", commit], cwd=repository,
                          stdout=subprocess.PIPE) as archive:
        assert archive.stdout is not None
        with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
            tar.extractall(into, filter="data")
        # tarfile stops at the end-of-archive blocks; read git's padding after them, or
        # closing the pipe early kills git archive with SIGPIPE.
        while archive.stdout.read(1 << 16):
            pass
    if archive.returncode != 0:
        raise ServerError(f"无法读出提交 {commit[:10]}（git archive 失败）")


def pushed_photos(commit: str) -> list[tuple[str, int]]:
    """(path, bytes) of every photo blob the push brings into the repository: reachable from
    `commit` and from no branch or tag yet, in any pushed commit (a photo added and removed
    again in the same push stays in the history forever). Runs inside the bare repository."""
    listed = git("rev-list", "--objects", commit, "--not", "--all", keep_env=True)
    run_ok(listed)
    wanted = [line for line in listed.stdout.decode("utf-8", "surrogateescape").splitlines()
              if " " in line and is_photo(line.split(" ", 1)[1])]
    if not wanted:
        return []
    query = "".join(f"{line}\n" for line in wanted).encode("utf-8", "surrogateescape")
    sized = git("cat-file", "--batch-check=%(objecttype) %(objectsize) %(rest)", input=query,
                keep_env=True)
    run_ok(sized)
    found: dict[str, int] = {}
    for line in sized.stdout.decode("utf-8", "surrogateescape").splitlines():
        kind, size, path = line.split(" ", 2)
        if kind == "blob":
            found[path] = max(found.get(path, 0), int(size))
    return sorted(found.items())


def size_limit(root: Path) -> int:
    """`images: max_file_mb` of the project at `root` (the default when culture.yml is wrong:
    the check reports that)."""
    file, _ = read_settings(root)
    settings, _ = check_settings(file)
    return settings.images.max_file_mb


def check_commit(server: Server, commit: str, echo: Callable[[str], None]) -> int:
    """Run `culture check --photos` on `commit` exported aside, and refuse photos the push
    brings in over the size limit (E269, as the local pre-commit hook); return the exit code."""
    cache = server.work / paths.PHOTO_CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="culture-push-") as temp:
        root = Path(temp) / "project"
        root.mkdir()
        export(commit, root)
        photos = root / paths.PHOTO_CACHE_DIR
        photos.parent.mkdir(parents=True, exist_ok=True)
        if not photos.exists():
            photos.symlink_to(cache, target_is_directory=True)
        done = subprocess.run([str(server.culture), "check", "--photos", "--root", str(root)],
                              cwd=root, env=clean_env(), capture_output=True, text=True,
                              check=False)
        large = too_large(pushed_photos(commit), size_limit(root))
    for line in done.stderr.splitlines():
        if not line.startswith("照片处理"):  # the progress lines mean nothing to the pusher
            echo(line.replace(f"{root}/", ""))
    for found in large:
        echo(str(found))
    return done.returncode or (1 if large else 0)


def program_changes(server: Server, old: str, new: str) -> list[Problem]:
    """E611 for each path outside the staff's content that `new` changes against the branch
    (or, for a new branch, the published commit); none for the administrator's push."""
    if os.environ.get(ADMIN_ENV) == "1":
        return []
    base = old if old != ZERO else published_commit(server)
    if base is None:
        return []  # the first push of all: nothing to compare with (the administrator's)
    done = git("diff", "--name-only", "--no-renames", "-z", base, new, keep_env=True)
    if done.returncode != 0:
        raise ServerError("无法比较推送前后的文件：" + done.stderr.decode("utf-8", "replace").strip())
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [problem(name, 1, "E611", name=name) for name in sorted(filter(None, names))
            if not name.startswith(CONTENT_DIRS) and name not in CONTENT_FILES]


def published_commit(server: Server) -> str | None:
    """The commit the work tree was last moved to (None before the first publish)."""
    done = git("rev-parse", "--verify", "-q", "HEAD^{commit}", cwd=server.work)
    if done.returncode != 0:
        return None
    commit = done.stdout.decode().strip()
    known = git("cat-file", "-e", f"{commit}^{{commit}}", keep_env=True)  # in the bare repository
    return commit if known.returncode == 0 else None


def changed(old: str, new: str) -> set[str] | None:
    """The paths a push changed (None for a new branch: everything). Runs inside the bare
    repository, as the hook does."""
    if old == ZERO:
        return None
    done = git("diff", "--name-only", "--no-renames", old, new, keep_env=True)
    return set(done.stdout.decode("utf-8").splitlines()) if done.returncode == 0 else None


def notice_only(old: str, new: str, site: Path) -> bool:
    """True when the push changed only notice.yml and the site is already published."""
    return changed(old, new) == {NOTICE_FILE} and site.is_symlink()


def take_notice(server: Server, commit: str) -> None:
    """Put the pushed notice.yml into the work tree (the next pull resets it to the same
    content), so `culture notice` and a running build's last step both read the new one."""
    shown = git("show", f"{commit}:{NOTICE_FILE}", keep_env=True)
    path = server.work / NOTICE_FILE
    if shown.returncode != 0:
        path.unlink(missing_ok=True)
        return
    temp = path.with_name(f".{NOTICE_FILE}.push")
    temp.write_bytes(shown.stdout)
    os.replace(temp, path)


def notice_now(server: Server) -> subprocess.CompletedProcess:
    """`culture notice` for the work tree and the site, to its end."""
    return subprocess.run([str(server.culture), "notice", "--root", str(server.work),
                           "--site-dir", str(server.site)], cwd=server.work, env=clean_env(),
                          capture_output=True, text=True, check=False)


def queue_publish(server: Server) -> None:
    """Start `culture publish --pull` in its own session (it outlives the push), its output
    appended to the log."""
    log = server.log()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out, open(os.devnull, "rb") as nothing:
        subprocess.Popen([str(server.culture), "publish", "--pull", "--root", str(server.work),
                          "--site-dir", str(server.site)], cwd=server.work, env=clean_env(),
                         stdin=nothing, stdout=out, stderr=out, start_new_session=True)


def pull(work: Path) -> Callable[[], None]:
    """The step `culture publish --pull` runs under the lock: move the work tree to the newest
    commit of its branch in origin. Only changed files are rewritten; the photo cache and
    other ignored files stay."""

    def run() -> None:
        branch = git("symbolic-ref", "--short", "HEAD", cwd=work).stdout.decode().strip()
        branch = branch or "main"
        run_ok(git("fetch", "-q", "origin", f"+refs/heads/{branch}:refs/remotes/origin/{branch}",
                   cwd=work))
        run_ok(git("checkout", "-q", "-f", "-B", branch, f"origin/{branch}", cwd=work))
        # Ignored files stay; the photo cache and the virtual environment stay even in a
        # repository whose .gitignore does not name them.
        run_ok(git("clean", "-q", "-f", "-d", "-e", "/.cache/", "-e", "/.venv/", cwd=work))

    return run


def culture_command() -> Path:
    """The `culture` of the running installation (its virtual environment), absolute."""
    return Path(os.path.abspath(sys.executable)).with_name("culture")
