"""Børnetal: figures for Danish children and family services, from the municipality's own records.

The command line (``boernetal``) is a thin layer over this library::

    import boernetal
    ws = boernetal.init_workspace("ishoej", organisation="Familiecentret", municipalities=["183", "187"])
    boernetal.ingest_directory(ws, "udtraek/")
    boernetal.status(ws)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import BoernetalError
from .ingest import IngestResult, ingest_directory, ingest_files
from .warehouse.status import status
from .workspace import Workspace, init_workspace

try:
    __version__ = version("boernetal")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "BoernetalError",
    "IngestResult",
    "Workspace",
    "__version__",
    "ingest_directory",
    "ingest_files",
    "init_workspace",
    "status",
]
