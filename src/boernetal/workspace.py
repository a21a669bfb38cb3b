"""A workspace: one folder with ``boernetal.toml``, the warehouse and the pseudonymisation key."""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from .config import WorkspaceConfig, load_config
from .contract.municipalities import resolve
from .errors import WorkspaceError
from .warehouse import Warehouse, keyprint
from .warehouse.postgres import ServerWarehouse, check_url

CONFIG_FILE = "boernetal.toml"
WAREHOUSE_FILE = "warehouse.duckdb"
KEY_FILE = "secret.key"
ERRORS_DIR = "errors"
ENV_VAR = "BOERNETAL_WORKSPACE"
KEY_BYTES = 32


@dataclass(frozen=True)
class Workspace:
    path: Path
    config: WorkspaceConfig

    @property
    def warehouse_path(self) -> Path:
        return self.path / WAREHOUSE_FILE

    @property
    def key_path(self) -> Path:
        return self.path / KEY_FILE

    @property
    def errors_dir(self) -> Path:
        return self.path / ERRORS_DIR

    def key(self) -> bytes:
        """The secret key of the pseudonyms. Without it, new imports get different pseudonyms.

        Only a regular file of exactly 32 bytes is read: never a device, a pipe or a folder put
        in its place (reading one could hang, or take any bytes for the key)."""
        try:
            info = self.key_path.stat()
        except FileNotFoundError:
            raise WorkspaceError(
                f"Nøglefilen {self.key_path} mangler.",
                "Hent secret.key fra jeres sikkerhedskopi og læg den i arbejdsområdet. Uden den "
                "samme nøgle får børn i nye indlæsninger andre pseudonymer end i lageret.",
            ) from None
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES:
            what = "ikke en almindelig fil" if not stat.S_ISREG(info.st_mode) else f"{info.st_size} bytes"
            raise WorkspaceError(
                f"Nøglefilen {self.key_path} er beskadiget ({what}, ikke en fil på {KEY_BYTES} bytes).",
                "Hent secret.key fra jeres sikkerhedskopi.",
            )
        key = self.key_path.read_bytes()
        if len(key) != KEY_BYTES:  # changed since it was looked at
            raise WorkspaceError(
                f"Nøglefilen {self.key_path} er beskadiget ({len(key)} bytes, ikke {KEY_BYTES}).",
                "Hent secret.key fra jeres sikkerhedskopi.",
            )
        return key

    def key_warning(self) -> str | None:
        """A warning when others on the machine may read ``secret.key`` (with it and the warehouse,
        anyone can test a CPR number for a match); None when only its owner can."""
        try:
            mode = stat.S_IMODE(self.key_path.stat().st_mode)
        except OSError:
            return None  # said by key()
        if os.name != "posix" or not mode & (stat.S_IRWXG | stat.S_IRWXO):
            return None
        return (
            f"Nøglefilen {self.key_path} kan læses af andre brugere på maskinen (rettigheder "
            f"{mode:04o}). Begræns den til dig selv: chmod 600 {self.key_path}"
        )

    def warehouse(self, read_only: bool = False) -> Warehouse | ServerWarehouse:
        """The warehouse: the DuckDB file, or the PostgreSQL server boernetal.toml names."""
        if self.config.warehouse_url:
            return ServerWarehouse(self.config.warehouse_url, read_only=read_only)
        return Warehouse(self.warehouse_path, read_only=read_only)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Workspace:
        """The workspace in ``path``, else in $BOERNETAL_WORKSPACE, else in the current folder."""
        folder = Path(path or os.environ.get(ENV_VAR) or ".").expanduser().resolve()
        if not (folder / CONFIG_FILE).is_file():
            raise WorkspaceError(
                f"{folder} er ikke et Børnetal-arbejdsområde (der er ingen {CONFIG_FILE}).",
                f"Opret et med 'boernetal init {folder}', eller peg på et eksisterende med "
                f"-w MAPPE eller miljøvariablen {ENV_VAR}.",
            )
        return cls(folder, load_config(folder / CONFIG_FILE))


def init_workspace(
    path: str | Path,
    organisation: str = "Familiecentret",
    municipalities: list[str] | tuple[str, ...] = (),
    peer_groups: dict[str, list[str]] | None = None,
    warehouse_url: str | None = None,
) -> Workspace:
    """Create a workspace: configuration, an empty warehouse (the DuckDB file, or the tables on the
    PostgreSQL server at ``warehouse_url``) and a new secret key (mode 0600)."""
    folder = Path(path).expanduser().resolve()
    present = [name for name in (CONFIG_FILE, WAREHOUSE_FILE, KEY_FILE) if (folder / name).exists()]
    if present:
        raise WorkspaceError(
            f"{folder} er allerede et arbejdsområde ({', '.join(present)} findes).",
            "init overskriver aldrig et arbejdsområde. Vælg en anden mappe.",
        )
    codes = []
    for value in municipalities:
        code = resolve(value)
        if code is None:
            raise WorkspaceError(
                f"'{value}' er ikke en dansk kommune.",
                "Brug den 3-cifrede kommunekode (fx 183) eller kommunens navn.",
            )
        codes.append(code)
    if warehouse_url:  # the server's tables first: a server that can't be used leaves no workspace
        with ServerWarehouse(check_url(warehouse_url, "--warehouse-url")):
            pass
    folder.mkdir(parents=True, exist_ok=True)
    template = jinja2.Template(
        resources.files("boernetal").joinpath("data/boernetal.toml.j2").read_text("utf-8"),
        keep_trailing_newline=True,
    )
    (folder / CONFIG_FILE).write_text(
        template.render(
            organisation=organisation,
            municipalities=codes,
            peer_groups=peer_groups or {},
            warehouse_url=warehouse_url,
        ),
        encoding="utf-8",
    )
    fd = os.open(folder / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(KEY_BYTES))
    workspace = Workspace.open(folder)
    with workspace.warehouse() as warehouse:  # creates the file (or the server's tables)
        keyprint.check(warehouse.con, workspace.key(), workspace.key_path)  # the key's fingerprint
    if not warehouse_url:  # readable by its owner only, like the key
        workspace.warehouse_path.chmod(0o600)
    return workspace
