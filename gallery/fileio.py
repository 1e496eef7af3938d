"""Writing files that others read while we write: whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

MODE = 0o644  # mkstemp makes files private; web servers and the screens must read them


def write_atomic(target: Path, data: str | bytes) -> None:
    """Replace `target` with `data` (text is written as UTF-8) in one rename.

    Readers (a web server, a lobby screen, a parallel build) see the old file or the new one,
    never half of one. The temporary file is unique (mkstemp), so processes and threads writing
    the same target cannot mix their bytes, and it is removed if writing fails.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temp, MODE)
        os.replace(temp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, OSError) and err.errno and err.filename is None:  # write() names none
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise
