"""Errors a user can cause. The CLI prints them without a traceback and exits non-zero."""

from __future__ import annotations


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
