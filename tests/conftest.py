from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from boernetal import Workspace, init_workspace

# Compiled SQL is cached per test session, never in the user's own cache folder.
os.environ.setdefault("BOERNETAL_CACHE_DIR", tempfile.mkdtemp(prefix="boernetal-sql-"))

# Tests check outcomes, not speed (benchmarks/ measure that): no per-example deadline.
settings.register_profile("boernetal", deadline=None)
settings.load_profile("boernetal")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A fresh workspace for Ishøj (183) and Vallensbæk (187)."""
    return init_workspace(tmp_path / "ws", organisation="Familiecentret", municipalities=["183", "187"])


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "input"
    folder.mkdir()
    return folder
