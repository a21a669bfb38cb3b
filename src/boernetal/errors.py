"""Errors a user can cause. The CLI prints them without a traceback and exits non-zero."""

from __future__ import annotations

import errno


class BoernetalError(Exception):
    """A problem the user can fix: says what is wrong, where, and how to fix it."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class WorkspaceError(BoernetalError):
    """No workspace, a broken configuration, or a workspace that already exists."""


class ConfigError(WorkspaceError):
    """A key in boernetal.toml is wrong or missing."""


class WarehouseLockedError(BoernetalError):
    """Another program has the warehouse open."""


class IngestError(BoernetalError):
    """Input files were rejected; the warehouse is as it was before."""

    def __init__(self, message: str, hint: str | None = None, result: object = None) -> None:
        super().__init__(message, hint)
        self.result = result


class Interrupted(BoernetalError):
    """The user pressed Ctrl-C; nothing was changed."""

    exit_code = 130


class DiskFull(BoernetalError):
    """The disk filled up (or a file reached the largest size allowed) while writing."""

    exit_code = 1


#: what a full disk is called by the operating system, DuckDB and PostgreSQL (SQLSTATE 53100)
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_FULL_WORDS = ("no space left on device", "file too large", "disk quota exceeded", "disk full")


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error from any layer means that the disk is full."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if getattr(exc, "sqlstate", None) == "53100":
        return True
    return any(words in str(exc).lower() for words in _FULL_WORDS)


def disk_full(where: str, unchanged: str) -> DiskFull:
    """The message for a full disk: what could not be written, and that nothing was changed."""
    return DiskFull(
        f"Disken er fuld: {where} kunne ikke skrives færdig. {unchanged}",
        "Frigør plads på disken (eller bed IT om mere), og kør kommandoen igen.",
    )
