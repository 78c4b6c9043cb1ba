"""The gallery folder: write the generated files, or check a folder against them.

Only files with the gallery's suffixes are the gallery's own: others in the
folder are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .examples import gallery_files

__all__ = ["DEFAULT_DIR", "GALLERY_SUFFIXES", "check_gallery", "write_gallery"]

#: Where the gallery lives, relative to the repository root.
DEFAULT_DIR = "derivations"
#: Files in the gallery folder that the gallery owns (others are left alone).
GALLERY_SUFFIXES = (".tex", ".md", ".svg", ".html")


def _owned(directory: str) -> list[str]:
    if not os.path.isdir(directory):
        return []
    return sorted(n for n in os.listdir(directory) if n.endswith(GALLERY_SUFFIXES))


def check_gallery(directory: str = DEFAULT_DIR, files: dict[str, str] | None = None) -> list[str]:
    """Problems with a gallery folder: ``stale: NAME``, ``missing: NAME``, ``extra: NAME``."""
    files = gallery_files() if files is None else files
    problems = []
    for name, content in sorted(files.items()):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            problems.append(f"missing: {name}")
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            if handle.read() != content:
                problems.append(f"stale: {name}")
    problems.extend(f"extra: {n}" for n in _owned(directory) if n not in files)
    return problems


def write_gallery(
    directory: str = DEFAULT_DIR,
    files: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Write the gallery (removing gallery-type files that no example produces).

    Returns:
        The names of the files written or removed because they changed.
    """
    files = gallery_files() if files is None else files
    os.makedirs(directory, exist_ok=True)
    changed = []
    for name in _owned(directory):
        if name not in files:
            os.remove(os.path.join(directory, name))
            changed.append(name)
    for name, content in sorted(files.items()):
        path = os.path.join(directory, name)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8", newline="") as handle:
                old = handle.read()
        if old != content:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
            changed.append(name)
            if progress is not None:
                progress(name)
    return changed
