"""The warehouse as Parquet files, for Spark: one folder per record kind, partitioned by year
(``notifications/year=2013/…``), with the workspace's boernetal.toml beside them.

Only what the indicators read leaves the workspace: the records as stored (children as pseudonyms,
never a CPR number), the kept municipalities (``meta``) and how many rows of each kind lie in
quarantine (not the rows themselves). Spark has no time-of-day type: a time is written as that time
on 1 January 1970, which the definitions read the same way (hour, minute, second).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from ibis.backends import BaseBackend

from ..contract import KINDS
from ..errors import WorkspaceError
from . import municipalities

CONFIG_FILE = "boernetal.toml"
#: the partition column every kind's folder is split by
PARTITION = "year"
#: the tables written besides the record kinds'
EXTRA = ("meta", "quarantine")
TABLES = (*(kind.table for kind in KINDS.values()), *EXTRA)


def columns_of(table: str) -> list[str]:
    """The columns a table has in the warehouse (those Spark must see)."""
    for kind in KINDS.values():
        if kind.table == table:
            return [*(name for name, _ in kind.stored()), "record_key", "import_id"]
    return {"meta": ["key", "value"], "quarantine": ["kind", "rows"]}[table]


def export(backend: BaseBackend, config_text: str, folder: Path, progress=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Write the warehouse behind ``backend`` to ``folder`` (which must not exist or be empty), all
    or nothing: written beside it first and moved into place when complete. The rows per table."""
    folder = folder.expanduser().resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkspaceError(
            f"{folder} findes allerede og er ikke en tom mappe.",
            "Vælg en ny mappe til eksporten, eller slet den gamle først.",
        )
    partial = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    counts: dict[str, int] = {}
    try:
        for name in TABLES:
            if progress:
                progress(name)
            rows = table_rows(backend, name)
            counts[name] = rows.num_rows
            write(rows, partial / name, partitioned=name not in EXTRA)
        (partial / CONFIG_FILE).write_text(config_text, encoding="utf-8")
        if folder.exists():
            folder.rmdir()
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return counts


def table_rows(backend: BaseBackend, name: str) -> pa.Table:
    """One table's rows as Spark can read them, with the year to partition by."""
    if name == "quarantine":
        q = backend.table("quarantine")
        return backend.to_pyarrow(q.group_by("kind").aggregate(rows=q.count()))
    table = backend.table(name)
    if name == "meta":  # the kept municipalities (not the key's fingerprint: it stays home)
        return backend.to_pyarrow(table.filter(table.key == municipalities.KEY).select("key", "value"))
    kind = next(k for k in KINDS.values() if k.table == name)
    table = table.select(*columns_of(name))
    if not kind.yearly:  # a date: its year
        table = table.mutate(**{PARTITION: table[kind.period].year().cast("int32")})
    rows = backend.to_pyarrow(table)
    for i, field in enumerate(rows.schema):
        if pa.types.is_time(field.type):  # Spark has no time of day: a time on 1 January 1970
            micros = pc.cast(pc.cast(rows.column(i), pa.time64("us")), pa.int64())
            rows = rows.set_column(i, field.name, pc.cast(micros, pa.timestamp("us")))
    return rows


def write(rows: pa.Table, folder: Path, partitioned: bool) -> None:
    """Parquet files in ``folder``, by year when ``partitioned`` (an empty table: one empty file,
    so that Spark still knows its columns)."""
    folder.mkdir()
    if not partitioned or rows.num_rows == 0:
        if PARTITION in rows.column_names and PARTITION not in columns_of(folder.name):
            rows = rows.drop_columns([PARTITION])
        pq.write_table(rows, folder / "part-0.parquet")
        return
    ds.write_dataset(
        rows,
        folder,
        format="parquet",
        partitioning=ds.partitioning(
            pa.schema([(PARTITION, rows.schema.field(PARTITION).type)]), flavor="hive"
        ),
        existing_data_behavior="overwrite_or_ignore",
    )


def check_folder(folder: Path) -> Path:
    """``folder`` if it holds an export; else a plain error naming what is missing."""
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise WorkspaceError(
            f"Mappen {folder} findes ikke.",
            "Lav en eksport med 'boernetal export parquet MAPPE' og peg --data på den.",
        )
    missing = [name for name in (*TABLES, CONFIG_FILE) if not (folder / name).exists()]
    if missing:
        raise WorkspaceError(
            f"{folder} er ikke en Børnetal-eksport: {', '.join(missing)} mangler.",
            "Lav eksporten igen med 'boernetal export parquet MAPPE'.",
        )
    return folder
