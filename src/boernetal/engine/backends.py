"""The backends the catalogue runs on, each opened as an executor: the workspace's DuckDB file
(embedded, the default), a PostgreSQL server (``[warehouse] url``), or a Parquet export on Spark.
Everything that differs between them is here and in the executors; the definitions are the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ibis

from ..config import WorkspaceConfig, load_config
from ..errors import WorkspaceError
from ..warehouse import postgres
from ..warehouse.connect import on_server, reading
from ..warehouse.parquet import CONFIG_FILE, TABLES, check_folder, columns_of
from ..workspace import Workspace
from .executor import Executor, Plain
from .fast import Fast
from .server import Server


@contextmanager
def executor_for(workspace: Workspace, plain: bool = False) -> Iterator[Executor]:
    """The workspace's warehouse as an executor: on its PostgreSQL server if boernetal.toml names
    one, else its DuckDB file; each with its own executor, unless ``plain``."""
    with reading(workspace) as backend:
        executor: Executor
        if on_server(backend):
            url = postgres.check_url(workspace.config.warehouse_url or "")
            executor = Plain(backend) if plain else Server(backend, lambda: postgres.connect(url))
        else:
            executor = Plain(backend) if plain else Fast(backend.con)  # type: ignore[attr-defined]
        try:
            yield executor
        finally:
            executor.close()  # its connections closed, what it learnt kept, also after an error


@contextmanager
def spark_executor(data: Path, master: str | None = None) -> Iterator[tuple[Executor, WorkspaceConfig]]:
    """A Parquet export (``boernetal export parquet``) on Spark, with the configuration it was
    exported with: ``master`` is a cluster's URL, or ``local[*]`` (this machine's cores)."""
    data = check_folder(data)
    config = load_config(data / CONFIG_FILE)
    session = spark_session(master or os.environ.get("BOERNETAL_SPARK_MASTER") or "local[*]")
    backend = ibis.pyspark.connect(session)
    try:
        for name in TABLES:
            files = backend.read_parquet(str(data / name), table_name=f"{name}_files")
            missing = [c for c in columns_of(name) if c not in files.columns]
            if missing:
                raise WorkspaceError(
                    f"{data / name} mangler kolonnerne {', '.join(missing)}.",
                    "Lav eksporten igen med 'boernetal export parquet MAPPE' fra samme version af Børnetal.",
                )
            # the year a folder is partitioned by is a column of the files, not always of the table
            backend.create_view(name, files.select(*columns_of(name)), overwrite=True)
        yield Plain(backend), config
    finally:
        for name in TABLES:
            session.catalog.dropTempView(name)
            session.catalog.dropTempView(f"{name}_files")


def spark_session(master: str):  # type: ignore[no-untyped-def]
    """A Spark session on ``master``; a plain error when Spark or Java is missing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WorkspaceError(
            "Spark er ikke installeret.", "Installér det med: pip install 'boernetal[spark]'."
        ) from None
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("boernetal")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            # the indicator queries' results are small: few partitions after a shuffle
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
    except Exception as exc:  # Java missing, a master that can't be reached: pyspark's own errors
        raise WorkspaceError(
            f"Spark kunne ikke startes på '{master}': {str(exc).strip().splitlines()[0]}",
            "Spark kræver Java 17 (Debian: openjdk-17-jre-headless); tjek --master-adressen.",
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return session


__all__ = ["executor_for", "spark_executor"]
