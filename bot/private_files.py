"""Files that hold personal data are created readable by their owner only.

The case database (and SQLite's ``-wal``/``-shm``, which copy its mode), the
spool, the sink relay's ``.eml`` files: 0600 for files, 0700 for the
directories that hold them, whatever the process's umask.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FILE_MODE", "DIR_MODE", "private_dir", "create_private", "write_private"]

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """``path`` and missing parents created 0700 (existing directories are left as they are)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)  # mkdir's mode is masked by the umask and not applied to parents
    return path


def create_private(path: Path) -> None:
    """An empty file at ``path`` with mode 0600 unless it exists (then untouched)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """``data`` in a new 0600 file at ``path`` (fails if it exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
