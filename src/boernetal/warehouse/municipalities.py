"""The municipalities the case records name, kept in ``meta`` by every import.

A workspace that lists no municipalities in boernetal.toml has those its case records name as its
own, and every indicator run asks for them. Finding them means reading a column of five tables: on
a national warehouse a tenth of what computing the benchmark's five indicators takes. So the
import that changes the records writes them down, in the same transaction: they can't be out of
step with the records. A warehouse written before they were kept has no such rows in ``meta``;
the engine then reads the records (``engine.indicator_set.own_municipalities``) until its next import.
"""

from __future__ import annotations

import duckdb

from ..contract import KINDS
from ..contract.sql import ident

#: the record kinds whose municipalities make the workspace's own
CASE_KINDS = ("notifications", "investigations", "placements", "measures", "cases")
#: the key of their rows in ``meta``, one row per municipality
KEY = "municipality"


def remember(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the kept municipalities from the records (call inside the import's transaction)."""
    named = " UNION ".join(f"SELECT municipality FROM {ident(KINDS[kind].table)}" for kind in CASE_KINDS)
    con.execute("DELETE FROM meta WHERE key = ?", [KEY])
    con.execute(
        f"INSERT INTO meta SELECT ?, municipality FROM ({named}) AS named WHERE municipality IS NOT NULL",
        [KEY],
    )
