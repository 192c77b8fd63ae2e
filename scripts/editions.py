"""Build the English and the Chinese edition of every lesson from its one bilingual source.

A source notebook in ``lessons/`` holds each text cell twice, one after the other: the English
cell (cell metadata ``"lang": "en"``) and its Chinese counterpart (``"lang": "zh"``). Code
cells carry no language and belong to both editions, so the two cannot drift apart:

    python scripts/editions.py            # write notebooks/en/*.ipynb and notebooks/zh/*.ipynb
    python scripts/editions.py --check    # exit 1 if an edition is not what its source makes
    python scripts/editions.py lessons/04_masks.ipynb   # only the editions of the lessons named

An edition file records its source in its metadata; a file without that record is never
overwritten (it is someone's work, not this script's).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "lessons"
EDITIONS = ROOT / "notebooks"
LANGUAGES = ("en", "zh")


class SourceError(ValueError):
    """A source notebook breaks the pairing rule; the message names the cell."""


def check_pairs(source: dict, name: str) -> None:
    """Every text cell has a language, and each English cell is followed by its Chinese one."""
    cells = source["cells"]
    for index, cell in enumerate(cells):
        lang = cell.get("metadata", {}).get("lang")
        if cell["cell_type"] == "code":
            if lang is not None:
                raise SourceError(f"{name}: code cell {index} has a language; code is shared.")
            continue
        if lang not in LANGUAGES:
            raise SourceError(f"{name}: text cell {index} needs metadata lang 'en' or 'zh'.")
        if lang == "en":
            following = cells[index + 1] if index + 1 < len(cells) else None
            if not following or following.get("metadata", {}).get("lang") != "zh":
                raise SourceError(
                    f"{name}: English cell {index} is not followed by its Chinese cell."
                )
        elif index == 0 or cells[index - 1].get("metadata", {}).get("lang") != "en":
            raise SourceError(f"{name}: Chinese cell {index} does not follow an English cell.")


def edition(source: dict, lang: str, name: str) -> dict:
    """The notebook of one language: shared code cells and that language's text cells."""
    check_pairs(source, name)
    notebook = copy.deepcopy(source)
    notebook["cells"] = [
        _without_lang(cell)
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" or cell["metadata"].get("lang") == lang
    ]
    notebook["metadata"]["viz_transformer"] = {"edition": lang, "source": f"lessons/{name}"}
    return notebook


def _without_lang(cell: dict) -> dict:
    cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k != "lang"}
    return cell


def dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def planned(sources: list[Path] | None = None) -> dict[Path, str]:
    """Every edition file of ``sources`` (default: every lesson) and the text its source makes."""
    files = {}
    for path in sources or sorted(SOURCES.glob("*.ipynb")):
        source = json.loads(path.read_text(encoding="utf-8"))
        for lang in LANGUAGES:
            files[EDITIONS / lang / path.name] = dumps(edition(source, lang, path.name))
    return files


def ours(path: Path) -> bool:
    """True if ``path`` is absent or an edition this script wrote."""
    if not path.exists():
        return True
    metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return "source" in metadata.get("viz_transformer", {})


def lesson_path(name: Path) -> Path | None:
    """The lesson ``name`` names: a path, or a name in lessons/ with or without .ipynb."""
    for path in (name, SOURCES / name, SOURCES / f"{name}.ipynb"):
        if path.is_file():
            return path.resolve()
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale editions")
    parser.add_argument("sources", nargs="*", type=Path, help="lessons to build (default: all)")
    args = parser.parse_args(argv)
    sources = [lesson_path(name) for name in args.sources]
    if None in sources:
        missing = [
            str(name) for name, path in zip(args.sources, sources, strict=True) if path is None
        ]
        parser.error(f"no such lesson: {', '.join(missing)} (give a file in lessons/ or its name)")
    files = planned(sources)
    stale = [
        p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    orphans = [
        p for lang in LANGUAGES for p in sorted((EDITIONS / lang).glob("*.ipynb"))
        if p not in files and ours(p) and not args.sources
    ]  # fmt: skip
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run python scripts/editions.py)")
        for path in orphans:
            print(f"no source: {path.relative_to(ROOT)} (its lesson was removed or renamed)")
        return 1 if stale or orphans else 0
    refused = [p for p in stale if not ours(p)]
    if refused:
        for path in refused:
            print(
                f"refusing to overwrite {path.relative_to(ROOT)}: it was not written by this script"
            )
        return 1
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for path in orphans:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)} (no source)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
