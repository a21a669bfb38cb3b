"""Where Børnetal keeps what it can always recompute — compiled SQL, compiled templates, drawn
charts — so that a second run is quick: ``~/.cache/boernetal`` (``$XDG_CACHE_HOME/boernetal``), or
``$BOERNETAL_CACHE_DIR``. Nothing in it is about children; deleting it only costs time."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BOERNETAL_CACHE_DIR"


def default_folder() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "boernetal"
