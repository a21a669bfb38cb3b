"""Ingest: input files checked against the data contract and loaded into the warehouse.

One call is one transaction: either every file is loaded, or (when any file has an error and
``allow_invalid`` is off, or a file cannot be used at all) nothing is, and the warehouse is exactly
as before. Ctrl-C or a crash in the middle leaves it as before too.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from ..contract import KINDS, RecordKind
from ..errors import IngestError, Interrupted, disk_full, is_disk_full
from ..warehouse import keyprint, municipalities, running
from ..workspace import Workspace
from .issues import HasIssues, Issue, write_error_file
from .load import LoadCounts, load, next_import_id
from .stage import MEMORY_LIMIT, StagedFile, StageSettings, stage_file

STEPS = ("læser", "validerer", "pseudonymiserer", "kontrollerer", "gemmer")


class Progress(Protocol):
    """Told about each step, so a front end can show progress."""

    def start(self, total_steps: int) -> None: ...

    def step(self, file: str, name: str) -> None: ...


@dataclass
class FileResult(HasIssues):
    kind: str
    path: Path
    rows_read: int
    rejected: int
    counts: LoadCounts
    issues: list[Issue]
    duplicates: int = 0
    error_file: Path | None = None


@dataclass
class IngestResult:
    files: list[FileResult] = field(default_factory=list)
    loaded: bool = False
    allow_invalid: bool = False
    ignored: list[Path] = field(default_factory=list)
    outside: list[Path] = field(default_factory=list)  # links out of an ingested folder, not read
    notes: list[str] = field(default_factory=list)  # about the workspace, not a file (the key's mode)

    @property
    def errors(self) -> list[Issue]:
        return [i for f in self.files for i in f.errors]

    @property
    def quarantined(self) -> int:
        return sum(f.rejected for f in self.files) if self.loaded else 0


def plan_directory(folder: Path) -> tuple[list[tuple[RecordKind, Path]], list[Path], list[Path]]:
    """The files ``<kind>.csv`` / ``<kind>.xlsx`` (or the kind's Danish name) in a folder, in the
    contract's order; the other
    files; and the symbolic links that lead out of the folder, which are not followed (a link
    named ``notifications.csv`` must not make an import read, and print, another folder's file)."""
    if not folder.is_dir():
        raise IngestError(f"{folder} er ikke en mappe.")
    inside = folder.resolve()
    files, outside = [], []
    for p in sorted(folder.iterdir()):
        if p.name.startswith((".", "~$")):
            continue
        if p.is_symlink() and not p.resolve().is_relative_to(inside):
            outside.append(p)
        elif p.is_file():
            files.append(p)
    plan = []
    for kind in KINDS.values():
        plan += [(kind, p) for p in files if kind.names_file(p)]
    planned = {p for _, p in plan}
    ignored = [p for p in files if p not in planned]
    if not plan:
        links = ", ".join(p.name for p in outside)
        raise IngestError(
            f"Der er ingen filer at indlæse i {folder}."
            + (f" ({links}: genveje til filer uden for mappen læses ikke.)" if outside else ""),
            "Filerne skal hedde som deres type, på engelsk eller dansk, fx notifications.csv, "
            "underretninger.csv eller anbringelser.xlsx. Typerne: "
            + ", ".join(f"{k.name} ({k.danish})" for k in KINDS.values())
            + ".",
        )
    return plan, ignored, outside


def ingest_files(
    workspace: Workspace,
    kind: str,
    paths: Iterable[str | Path],
    *,
    allow_invalid: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Load files of one kind (``notifications``, …) into the workspace's warehouse."""
    if kind not in KINDS:
        raise IngestError(f"'{kind}' er ikke en type af data.", "Typerne er: " + ", ".join(KINDS) + ".")
    plan = [(KINDS[kind], Path(p)) for p in paths]
    return run(workspace, plan, allow_invalid=allow_invalid, progress=progress, today=today)


def ingest_directory(
    workspace: Workspace,
    folder: str | Path,
    *,
    allow_invalid: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Load every ``<kind>.csv`` or ``<kind>.xlsx`` in a folder."""
    plan, ignored, outside = plan_directory(Path(folder))
    result = run(workspace, plan, allow_invalid=allow_invalid, progress=progress, today=today)
    result.ignored, result.outside = ignored, outside
    return result


def run(
    workspace: Workspace,
    plan: list[tuple[RecordKind, Path]],
    *,
    allow_invalid: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    config = workspace.config
    settings = StageSettings(
        key=workspace.key(), mappings=config.mappings, municipalities=config.municipalities, today=today
    )
    if progress:
        progress.start(len(plan) * len(STEPS))
    result = IngestResult(allow_invalid=allow_invalid)
    if warning := workspace.key_warning():
        result.notes.append(warning)
    staged_files: list[StagedFile] = []
    now = dt.datetime.now().replace(microsecond=0)
    scratches = Scratches(workspace.path)
    with workspace.warehouse() as wh, scratches:
        con = wh.con
        if isinstance(con, duckdb.DuckDBPyConnection):  # the staged records spill beyond this
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("BEGIN TRANSACTION")
        try:
            keyprint.check(con, settings.key, workspace.key_path)
            import_id = next_import_id(con)
            for kind, path in plan:

                def step(name: str, file: str = path.name) -> None:
                    if progress:
                        progress.step(file, name)

                staged = stage_file(
                    path, kind, settings, lambda sql: con.sql(sql).to_arrow_table(), scratches.new(), step
                )
                staged_files.append(staged)
                step("gemmer")
                counts = LoadCounts()
                if staged.loadable and (allow_invalid or not staged.errors):
                    counts = load(con, staged, import_id, _user(), now)
                    import_id += 1
                kept = staged.kept if staged.loadable else 0
                result.files.append(
                    FileResult(
                        kind.name,
                        path,
                        staged.rows_read,
                        staged.rejected,
                        counts,
                        staged.issues,
                        duplicates=max(0, staged.rows_read - staged.rejected - kept)
                        if staged.loadable
                        else 0,
                    )
                )
            refused = any(not s.loadable for s in staged_files) or (
                not allow_invalid and any(s.errors for s in staged_files)
            )
            if not refused:
                municipalities.remember(con)
            con.execute("ROLLBACK" if refused else "COMMIT")
            result.loaded = not refused
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except Exception:
                if not is_disk_full(exc):  # after a failed write, DuckDB refuses the connection
                    raise
            if _interrupted(exc):
                raise Interrupted("Indlæsningen blev afbrudt. Lageret er uændret.") from None
            if is_disk_full(exc):
                raise disk_full("lageret", "Intet er indlæst; lageret er uændret.") from None
            raise
    try:
        _write_error_files(workspace, result, now)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        done = "Indlæsningen er gemt i lageret." if result.loaded else "Intet er indlæst; lageret er uændret."
        raise disk_full(f"fejlfilen i {workspace.errors_dir}", done) from None
    return result


def _write_error_files(workspace: Workspace, result: IngestResult, now: dt.datetime) -> None:
    """Every problem of each file with errors, in ``errors/``, named by time and file."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for file in result.files:
        if file.errors:
            target = workspace.errors_dir / f"{stamp}-{file.path.stem}.csv"
            n = 2
            while target.exists():
                target = workspace.errors_dir / f"{stamp}-{file.path.stem}-{n}.csv"
                n += 1
            file.error_file = write_error_file(target, file.issues)


class Scratches:
    """The scratch folders of one import (``stage.py``): pseudonyms and masked text only, in a
    folder of the workspace that only its owner can open, removed when the import ends (and, left
    by an import that was killed, when the next one starts)."""

    PREFIX = ".staging-"

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.folder = workspace / f"{self.PREFIX}{os.getpid()}"
        self.made = 0

    def new(self) -> Path:
        """A folder for one file's scratch, not yet there."""
        if not self.made:
            self.folder.mkdir(mode=0o700)
        self.made += 1
        return self.folder / str(self.made)

    def __enter__(self) -> Scratches:
        for folder in self.workspace.glob(f"{self.PREFIX}*"):
            pid = folder.name.removeprefix(self.PREFIX)
            if folder == self.folder or (pid.isdigit() and not running(int(pid))):
                shutil.rmtree(folder, ignore_errors=True)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _interrupted(exc: BaseException) -> bool:
    """Ctrl-C: Python's KeyboardInterrupt, DuckDB's error when the signal arrives mid-query, or
    DuckDB's error wrapping the KeyboardInterrupt raised while it read a registered Arrow table."""
    said = str(exc).lower()
    return isinstance(exc, KeyboardInterrupt) or (
        isinstance(exc, RuntimeError | duckdb.Error)
        and ("interrupted" in said or "keyboardinterrupt" in said)
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "ukendt"


__all__ = ["FileResult", "IngestResult", "Progress", "ingest_directory", "ingest_files", "plan_directory"]
