"""Log-in sessions — sessioner: who is logged in, kept in the server's memory (a restart logs
everyone out), each with its own CSRF token; and the brake on guessing passwords.

A session ends after ``idle`` of inactivity or at log-out. Failed log-ins for a user name slow the
next attempt down (``SLOWDOWN`` seconds per failure, up to ``LOCK_AFTER``), then lock the name for
``LOCK_FOR``; a successful log-in clears the count.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

from .users import User

COOKIE = "boernetal_session"
SLOWDOWN = 0.5
LOCK_AFTER = 5
LOCK_FOR = 15 * 60


@dataclass
class Session:
    user: User
    csrf: str
    seen: float


@dataclass
class Sessions:
    """The open sessions, by their random token (the cookie's value)."""

    idle: float = 30 * 60
    clock: object = time.monotonic
    _open: dict[str, Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return self.clock()  # type: ignore[operator]

    def start(self, user: User) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._open[token] = Session(user, secrets.token_urlsafe(32), self.now())
        return token

    def get(self, token: str | None) -> Session | None:
        """The live session of the token, its clock reset; None when unknown or expired."""
        if not token:
            return None
        with self._lock:
            session = self._open.get(token)
            if session is None:
                return None
            if self.now() - session.seen > self.idle:
                del self._open[token]
                return None
            session.seen = self.now()
            return session

    def end(self, token: str | None) -> None:
        with self._lock:
            self._open.pop(token or "", None)


@dataclass
class Throttle:
    """Failed log-ins per user name: slower after each, locked for a while after ``LOCK_AFTER``."""

    clock: object = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return self.clock()  # type: ignore[operator]

    def locked_for(self, name: str) -> float:
        """Seconds the name stays locked (0: not locked)."""
        with self._lock:
            failures, last = self._failures.get(name, (0, 0.0))
        if failures < LOCK_AFTER:
            return 0.0
        return max(0.0, last + LOCK_FOR - self.now())

    def delay(self, name: str) -> float:
        """Seconds to wait before checking this attempt's password."""
        with self._lock:
            failures, _ = self._failures.get(name, (0, 0.0))
        return SLOWDOWN * min(failures, LOCK_AFTER)

    def failed(self, name: str) -> None:
        with self._lock:
            failures, last = self._failures.get(name, (0, 0.0))
            if failures >= LOCK_AFTER and self.now() - last > LOCK_FOR:
                failures = 0  # the lock has run out: count afresh
            self._failures[name] = (failures + 1, self.now())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)
