"""Disk and permission failures: the server's problem, not the content's, told in one line.

A full disk, a read-only mount or a folder the publishing account may not write are neither
content problems (no `Problem` code: staff cannot fix them) nor bugs of ours (no internal-error
log: there may be no room to write one). Each is one Chinese line naming the path and what the
administrator does about it, wherever in a build it happens.
"""

from __future__ import annotations

import errno

FULL = {errno.ENOSPC, errno.EDQUOT}
READ_ONLY = {errno.EROFS}
DENIED = {errno.EACCES, errno.EPERM}
EXIT = 3  # the exit status of a command stopped by the disk (1 is content or a bug, 2 usage)


def is_disk_error(err: BaseException) -> bool:
    """Whether `err` is a full disk, a read-only folder or a permission error."""
    return isinstance(err, OSError) and err.errno in FULL | READ_ONLY | DENIED


def message(err: OSError, where: str | None = None) -> str:
    """The line for a disk error: what happened at which path, and what to do. `where` names
    the folder being written when the error names no file (a failed write() does not)."""
    # A copy or a rename names its source first and the file it writes second (filename2).
    written = err.filename2 if err.filename2 is not None else err.filename
    path = written if written is not None else where or "（未知路径）"
    if err.errno in FULL:
        return (f"磁盘已满：无法写入 {path} — 请清理这块磁盘（df -h 查看剩余空间；"
                ".cache/ 可以整个删除，下次生成时会重新建立）后重试")
    if err.errno in READ_ONLY:
        return (f"{path} 所在的磁盘是只读的，无法写入 — 请把它重新挂载为可写"
                "（mount -o remount,rw 挂载点），或用 --site-dir 换一个可写的目录后重试")
    return (f"没有权限写入 {path} — 请用对这个目录有写权限的账户运行，"
            "或修改它的所有者（chown -R 运行发布的账户 目录）后重试")


def describe(err: BaseException) -> str | None:
    """The line for `err` when it is a disk error, else None."""
    return message(err) if is_disk_error(err) and isinstance(err, OSError) else None
