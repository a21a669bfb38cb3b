"""The workspace's warehouse opened for reading as an Ibis backend: its DuckDB file, or the
PostgreSQL server boernetal.toml names (``[warehouse] url``). What reads the warehouse (the
indicators' executors, status, the report's line order) opens it here, so it runs on either."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import ibis
from ibis.backends import BaseBackend

from . import postgres

if TYPE_CHECKING:
    from ..workspace import Workspace


@contextmanager
def reading(workspace: Workspace) -> Iterator[BaseBackend]:
    """The warehouse as an Ibis backend, closed after use."""
    url = workspace.config.warehouse_url
    if url:
        with postgres.opened(url) as con:
            yield ibis.postgres.from_connection(con)
        return
    with workspace.warehouse(read_only=True) as warehouse:
        yield ibis.duckdb.from_connection(warehouse.con)


def on_server(backend: BaseBackend) -> bool:
    """The backend is a PostgreSQL server (not the workspace's DuckDB file)."""
    return backend.name == "postgres"
