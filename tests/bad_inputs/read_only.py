"""A folder where writing really fails, for the tests of ``--out`` (also when they run as root).

``chmod 555`` stops an ordinary user but not root (root passes permission bits), and for root
``os.access`` says every folder is writable. So, as root, the folder is made immutable
(``chattr +i``, which the kernel enforces against root too: creating a file in it fails with
EPERM); the context checks that a file really cannot be created before it yields, and makes
the folder mutable again afterwards so it can be removed. Only where neither works (root
without the ``CAP_LINUX_IMMUTABLE`` capability, a file system without the flag) is the
failure simulated, by making the probe's ``tempfile.mkstemp`` fail as a read-only file system
would; the yielded string says which of the three happened.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock


def writing_fails(folder: Path) -> bool:
    """Try to create a file in ``folder``: True if the system refuses."""
    try:
        handle, path = tempfile.mkstemp(dir=folder)
    except OSError:
        return True
    os.close(handle)
    os.unlink(path)
    return False


@contextmanager
def read_only_folder(folder: Path) -> Iterator[str]:
    """Create ``folder`` and make writing into it fail for the duration; yields how."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            assert writing_fails(folder), "chmod 555 did not stop writing"
            yield "chmod 555"
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0:
        try:
            assert writing_fails(folder), "chattr +i did not stop writing"
            yield "chattr +i"
        finally:
            subprocess.run([chattr, "-i", str(folder)], check=True)
        return
    refusal = OSError(errno.EROFS, os.strerror(errno.EROFS))
    with mock.patch("viz_transformer.commands.destinations.tempfile.mkstemp", side_effect=refusal):
        yield "simulated read-only file system"
