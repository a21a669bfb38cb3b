"""The audit log — logning af opslag: every look at the records behind a count, written before the
records are shown: who, when, which list and which filter. One JSON line per look in the
workspace's ``audit.jsonl`` (mode 0600), appended and never rewritten; an admin reads it in the
dashboard and exports it as CSV.
"""

from __future__ import annotations

import csv
import io
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from ..engine.export import safe_text

AUDIT_FILE = "audit.jsonl"
_lock = threading.Lock()


@dataclass(frozen=True)
class Entry:
    at: str  # ISO time, local, to the second
    user: str
    role: str
    list: str
    filter: dict[str, str]


class AuditLog:
    def __init__(self, folder: Path) -> None:
        self.path = folder / AUDIT_FILE

    def write(self, user: str, role: str, list_name: str, filter: dict[str, str]) -> None:
        line = orjson.dumps(
            {
                "at": datetime.now().isoformat(timespec="seconds"),
                "user": user,
                "role": role,
                "list": list_name,
                "filter": filter,
            }
        )
        with _lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "ab") as file:
                file.write(line + b"\n")
                file.flush()
                os.fsync(file.fileno())

    def entries(self) -> list[Entry]:
        """Newest first."""
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_bytes().splitlines():
            try:
                raw = orjson.loads(line)
                found.append(Entry(raw["at"], raw["user"], raw["role"], raw["list"], dict(raw["filter"])))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                continue  # a line cut short by a crash: the rest still count
        return found[::-1]

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["tidspunkt", "bruger", "rolle", "liste", "filter"])
        for entry in self.entries():
            shown = ", ".join(f"{k}={v}" for k, v in sorted(entry.filter.items()))
            writer.writerow([safe_text(v) for v in (entry.at, entry.user, entry.role, entry.list, shown)])
        return out.getvalue()
