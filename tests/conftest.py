from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from boernetal import Workspace, init_workspace

# Compiled SQL is cached per test session, never in the user's own cache folder, and Spark's
# scratch files go beside it; both are removed with the session: the tests leave nothing behind
# in the system's temporary folder.
_SESSION = tempfile.mkdtemp(prefix="boernetal-tests-")
atexit.register(shutil.rmtree, _SESSION, ignore_errors=True)
os.environ.setdefault("BOERNETAL_CACHE_DIR", os.path.join(_SESSION, "sql"))
os.environ.setdefault("SPARK_LOCAL_DIRS", os.path.join(_SESSION, "spark"))

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


@pytest.fixture(scope="session")
def workspaces(tmp_path_factory) -> list[Workspace]:
    """The example extracts, and hand-made records of every kind about children in two
    municipalities, complaints without one, an investigation completed on 31 December."""
    from test_indicators_notifications import NOTIFICATIONS
    from test_indicators_other import RECORDS
    from test_indicators_placements import INVESTIGATIONS, MEASURES, PLACEMENTS

    from helpers import example_workspace, load_records

    folder = tmp_path_factory.mktemp("workspaces")
    crossing = init_workspace(folder / "crossing", municipalities=["183", "187"])
    records = {
        "notifications": NOTIFICATIONS,
        "placements": PLACEMENTS,
        "measures": MEASURES,
        "investigations": INVESTIGATIONS,
        **RECORDS,
    }
    load_records(crossing, folder / "in", records)
    return [Workspace.open(example_workspace(folder)), crossing]
