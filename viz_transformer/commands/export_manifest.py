"""What the ``export`` command wrote into a folder, so that it never replaces anything else.

The folder keeps a small ``.viz-transformer-export.json``: each file export wrote there, with
its SHA-256 as written. A later export may replace a file only if the manifest lists it and
its bytes are still those (nobody edited it since); any other existing file in the way (a
project's ``README.md``, a hand-made ``index.html``, an export edited by hand) is foreign,
and export refuses unless told ``--force``. The manifest is rewritten after every figure,
so an interrupted export still knows what it wrote.

    manifest = ExportManifest.load(out)
    manifest.foreign([out / "README.md", ...])  # -> the paths in the way
    manifest.record([paths written])             # hashes them and saves the manifest
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import VizTransformerError

MANIFEST_NAME = ".viz-transformer-export.json"
FORMAT = "viz-transformer export"
VERSION = 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class ExportManifest:
    """The files (by name, inside ``folder``) export wrote, with their SHA-256."""

    folder: Path
    files: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_NAME

    @classmethod
    def load(cls, folder: Path, force: bool = False) -> ExportManifest:
        """The folder's manifest, empty if there is none. One that is not a manifest of this
        package is refused (it may be someone's file), unless ``force``: then it is replaced."""
        manifest = cls(Path(folder))
        path = manifest.path
        if not path.exists() and not path.is_symlink():
            return manifest
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ok = (
                isinstance(data, dict)
                and data.get("format") == FORMAT
                and isinstance(data.get("files"), dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in data["files"].items())
            )
        except (OSError, UnicodeDecodeError, ValueError):
            ok = False
        if not ok or path.is_symlink():
            if force:
                return manifest
            raise VizTransformerError(
                f"{path} is not a manifest this package wrote (it is where export records "
                "what it wrote); move it away, or pass --force to replace it."
            )
        manifest.files = dict(data["files"])
        return manifest

    def is_ours(self, path: Path) -> bool:
        """True if export wrote ``path`` and it is unchanged since (a link never is ours)."""
        expected = self.files.get(path.name)
        if expected is None or path.is_symlink() or not path.is_file():
            return False
        return sha256_file(path) == expected

    def foreign(self, paths: Iterable[Path]) -> list[Path]:
        """Those of ``paths`` that exist and are not export's own unchanged files."""
        return [
            path
            for path in paths
            if (path.exists() or path.is_symlink()) and not self.is_ours(path)
        ]

    def record(self, paths: Iterable[Path]) -> None:
        """Note ``paths`` as written by export (with their current bytes) and save the
        manifest; entries whose file has gone are dropped."""
        for path in paths:
            self.files[Path(path).name] = sha256_file(Path(path))
        self.files = {
            name: digest for name, digest in self.files.items() if (self.folder / name).is_file()
        }
        data = {"format": FORMAT, "version": VERSION, "files": dict(sorted(self.files.items()))}
        text = json.dumps(data, indent=1) + "\n"
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as error:
            raise VizTransformerError(
                f"cannot write the export manifest {self.path} ({error.strerror}); the files "
                "written so far stay."
            ) from None


def make_room(paths: Iterable[Path]) -> None:
    """With ``--force``: remove links among ``paths``, so writing replaces the link and never
    writes through it into the file it points to."""
    for path in paths:
        if path.is_symlink():
            path.unlink()
