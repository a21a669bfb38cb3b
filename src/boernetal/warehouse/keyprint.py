"""The key's fingerprint, kept in ``meta``: which ``secret.key`` the warehouse's pseudonyms were
made with.

secret.key is the only link between imports: with another key every child would silently become
two. So the warehouse keeps a fingerprint of its key (a keyed hash that tells keys apart and gives
nothing of the key away), written at ``init`` or by the first import, and an import with a key
whose fingerprint differs is refused before anything is read.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Any

from ..errors import WorkspaceError

#: the key of its row in ``meta``
KEY = "key_fingerprint"


def fingerprint(key: bytes) -> str:
    return hmac.new(key, b"boernetal: the key of the pseudonyms", hashlib.sha256).hexdigest()[:32]


def check(con: Any, key: bytes, key_path: Path) -> None:
    """Refuse a key that is not the warehouse's; keep its fingerprint if the warehouse has none
    (a warehouse made before fingerprints were kept) or has nothing imported yet. Call inside the
    import's transaction, with DuckDB's connection or the server's."""
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [KEY]).fetchall()
    if rows and rows[0][0] == fingerprint(key):
        return
    if not rows or not con.execute("SELECT count(*) FROM import_log").fetchall()[0][0]:
        # no fingerprint yet, or nothing imported with the key it names (a new workspace given
        # the key of an old one from the backup): this key is the warehouse's from now on
        con.execute("DELETE FROM meta WHERE key = ?", [KEY])
        con.execute("INSERT INTO meta VALUES (?, ?)", [KEY, fingerprint(key)])
        return
    raise WorkspaceError(
        f"Nøglefilen {key_path} er ikke den nøgle, lagerets pseudonymer er lavet med.",
        "Læg den rigtige secret.key tilbage fra jeres sikkerhedskopi. Med en anden nøgle ville "
        "hvert barn i nye indlæsninger blive et nyt barn; intet er indlæst.",
    )
