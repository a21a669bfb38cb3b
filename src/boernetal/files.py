"""Writing an output file safely: never over a workspace's own files, never half a file.

Every command that writes what a user asked for (``--out``) writes through ``written``: the file
is written beside its final name and renamed into place when complete, so an interrupted write
leaves the old file (or none), and a target that is one of a workspace's own files (its key, its
warehouse, its configuration) is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .errors import BoernetalError
from .workspace import CONFIG_FILE, KEY_FILE, WAREHOUSE_FILE

#: the files a workspace consists of, which no output may replace
OWN_FILES = (CONFIG_FILE, KEY_FILE, WAREHOUSE_FILE, f"{WAREHOUSE_FILE}.wal")

T = TypeVar("T")


def check_target(path: Path) -> None:
    """Refuse a target that is one of a workspace's own files, or a folder."""
    if path.name in OWN_FILES:
        raise BoernetalError(
            f"{path} er en af arbejdsområdets egne filer og overskrives aldrig.",
            "Vælg et andet filnavn med --out, fx noegletal-2013.xlsx.",
        )
    if path.is_dir():
        raise BoernetalError(f"{path} er en mappe.", "Angiv et filnavn med --out.")


@contextmanager
def written(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed to ``path`` when the block completes
    (removed if it fails)."""
    check_target(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def write_with(write: Callable[[Path], T], path: Path) -> Path:
    """``write(path)`` done safely (see written)."""
    with written(path) as partial:
        write(partial)
    return path
