"""The dashboard's users — brugere: who may log in, with which role, for which team or
municipality. They live in the workspace (``users.json``, mode 0600), passwords as Argon2 hashes.

Roles (``ROLES``): ``leder`` (a leader: their municipality, or all of the workspace's),
``raadgiver`` (an adviser: their own team's lists and records), ``analytiker`` (an analyst: all
figures, records only where the workspace allows it) and ``admin`` (users and the audit log).
What each may do is decided in one place: :func:`boernetal.dashboard.permissions.allowed`.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import BoernetalError

USERS_FILE = "users.json"
ROLES = {
    "leder": "Leder",
    "raadgiver": "Rådgiver",
    "analytiker": "Analytiker",
    "admin": "Administrator",
}
#: a user name: letters, digits and . _ - (it is shown on pages and written to the audit log)
NAME = re.compile(r"^[\w.\-]{1,64}$")
MIN_PASSWORD = 10
HASHER = PasswordHasher()


class UserError(BoernetalError):
    """A user that can't be added, changed or found."""


@dataclass(frozen=True)
class User:
    """A dashboard user (bruger); ``team`` and ``municipality`` narrow what the role sees."""

    name: str
    role: str
    team: str | None = None
    municipality: str | None = None

    @property
    def role_name(self) -> str:
        return ROLES[self.role]


class Users:
    """The workspace's users file: read on every call, so a change from the command line takes
    effect in a running dashboard at the next log-in."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / USERS_FILE

    def _read(self) -> dict[str, dict[str, str | None]]:
        if not self.path.exists():
            return {}
        try:
            data = orjson.loads(self.path.read_bytes())
        except orjson.JSONDecodeError:
            raise UserError(
                f"Brugerfilen {self.path} kan ikke læses.", "Gendan den fra jeres sikkerhedskopi."
            ) from None
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, dict[str, str | None]]) -> None:
        """Written beside and moved into place, so a reader never sees half a file."""
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
        partial.replace(self.path)

    def all(self) -> list[User]:
        return [user_of(name, entry) for name, entry in sorted(self._read().items())]

    def get(self, name: str) -> User | None:
        entry = self._read().get(name)
        return user_of(name, entry) if entry else None

    def add(self, user: User, password: str) -> None:
        check_user(user)
        data = self._read()
        if user.name in data:
            raise UserError(
                f"Brugeren {user.name} findes allerede.",
                f"Skift adgangskoden med 'boernetal users password {user.name}', eller vælg et andet navn.",
            )
        data[user.name] = {**asdict(user), "hash": HASHER.hash(checked_password(password))}
        del data[user.name]["name"]
        self._write(data)

    def remove(self, name: str) -> None:
        data = self._read()
        if data.pop(name, None) is None:
            raise missing(name)
        self._write(data)

    def set_password(self, name: str, password: str) -> None:
        data = self._read()
        if name not in data:
            raise missing(name)
        data[name]["hash"] = HASHER.hash(checked_password(password))
        self._write(data)

    def verify(self, name: str, password: str) -> User | None:
        """The user, if the password is theirs. An unknown name costs as long as a wrong password,
        so the time taken does not tell which names exist."""
        entry = self._read().get(name)
        stored = str(entry.get("hash") or "") if entry else ""
        try:
            HASHER.verify(stored or DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return user_of(name, entry) if entry else None


DUMMY_HASH = HASHER.hash("ingen bruger har denne adgangskode")


def user_of(name: str, entry: dict[str, str | None]) -> User:
    return User(name, str(entry.get("role")), entry.get("team"), entry.get("municipality"))


def check_user(user: User) -> None:
    if not NAME.match(user.name):
        raise UserError(
            f"Brugernavnet {user.name!r} kan ikke bruges.",
            "Brug bogstaver, tal, punktum, bindestreg og understreg (højst 64 tegn).",
        )
    if user.role not in ROLES:
        raise UserError(f"Rollen {user.role!r} findes ikke.", f"Vælg en af: {', '.join(ROLES)}.")
    if user.role == "raadgiver" and not user.team:
        raise UserError(
            f"En rådgiver skal have et team: {user.name} har intet.",
            "Angiv teamet med --team, fx --team StraXen.",
        )


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(
            f"Adgangskoden er for kort ({len(password)} tegn).",
            f"Vælg en adgangskode på mindst {MIN_PASSWORD} tegn.",
        )
    return password


def missing(name: str) -> UserError:
    return UserError(f"Brugeren {name} findes ikke.", "Se brugerne med 'boernetal users list'.")
