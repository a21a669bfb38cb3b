"""The Statbank API's two calls Børnetal needs, ``tableinfo`` and ``data``, asked politely.

One request at a time, a User-Agent naming the tool, a time-out, and a bounded number of retries
with growing pauses when the server is down, busy or slow; an answer the API gives as an error
(a table or variable it does not know) is not retried but said in Danish. The base URL is
``BOERNETAL_STATBANK_URL`` when set (the tests point it at a local server).
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

from ..errors import BoernetalError

BASE_URL = "https://api.statbank.dk/v1"
ENVIRONMENT = "BOERNETAL_STATBANK_URL"


class StatbankError(BoernetalError):
    """Statistics Denmark could not be reached, or would not give what was asked for."""


def base_url() -> str:
    return os.environ.get(ENVIRONMENT, BASE_URL).rstrip("/")


@dataclass
class Client:
    """Requests to the Statbank API: POSTed JSON, as its documentation recommends."""

    base: str = field(default_factory=base_url)
    timeout: float = 60.0
    #: attempts in all, and the pause before the second (doubled before each further one)
    attempts: int = 4
    pause: float = 2.0
    #: called before each request with what is asked ("tableinfo FOLK1A")
    on_request: Any = None

    def tableinfo(self, table: str) -> dict[str, Any]:
        """The table's metadata: its variables and their values (ids and Danish texts)."""
        body = self.post("tableinfo", {"table": table, "format": "JSON", "lang": "da"}, table)
        try:
            return dict(json.loads(body))
        except ValueError:
            raise self.unreadable(table, "tableinfo") from None

    def data(self, table: str, variables: dict[str, list[str]]) -> str:
        """The figures as CSV (``;``, decimal comma, codes not texts), one row per combination."""
        query = {
            "table": table,
            "format": "BULK",
            "lang": "da",
            "valuePresentation": "Code",
            "variables": [{"code": code, "values": values} for code, values in variables.items()],
        }
        return self.post("data", query, table)

    # -- one request ----------------------------------------------------------------------------
    def post(self, call: str, query: dict[str, Any], table: str) -> str:
        request = urllib.request.Request(
            f"{self.base}/{call}",
            data=json.dumps(query).encode("utf-8"),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": f"Boernetal/{version('boernetal')} (tal for børne- og familieområdet)",
            },
            method="POST",
        )
        if self.on_request:
            self.on_request(f"{call} {table}")
        waited = f"svarede ikke inden for {self.timeout:g} sekunder".replace(".", ",")
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.pause * 2 ** (attempt - 1))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return str(response.read().decode("utf-8-sig"))
            except urllib.error.HTTPError as exc:
                if exc.code < 500 and exc.code != 429:
                    raise self.refused(table, exc) from None
                problem = f"svarede med fejl {exc.code}"
            except TimeoutError:
                problem = waited
            except urllib.error.URLError as exc:
                problem = (
                    waited if isinstance(exc.reason, TimeoutError | socket.timeout) else "kunne ikke nås"
                )
            except (ConnectionError, OSError):
                problem = "kunne ikke nås"
        raise StatbankError(
            f"Statistikbanken ({self.base}) {problem}, også efter {self.attempts} forsøg "
            f"(tabel {table}). Intet er indlæst.",
            "Kontrollér netværksforbindelsen og prøv igen senere. Bag en firewall: hent på en anden "
            "maskine og indlæs svarfilen her med --fra-fil (se docs/statbank.md).",
        )

    def refused(self, table: str, exc: urllib.error.HTTPError) -> StatbankError:
        """The API's own error answer (a JSON body with a message), in Danish words around it."""
        try:
            said = str(json.loads(exc.read().decode("utf-8")).get("message", "")).strip()
        except (ValueError, AttributeError, OSError):
            said = ""
        return StatbankError(
            f"Statistikbanken afviste forespørgslen på tabel {table} (fejl {exc.code})"
            + (f": {said}" if said else "."),
            "Tabellen eller en af dens variable kan være omdøbt af Danmarks Statistik. Se tabellen "
            f"på statistikbanken.dk/{table} og ret Børnetals opslag (src/boernetal/statbank/data/).",
        )

    def unreadable(self, table: str, call: str) -> StatbankError:
        return StatbankError(
            f"Statistikbanken gav et svar på {call} for tabel {table}, som ikke kan læses.",
            "Prøv igen senere; sker det igen, har Danmarks Statistik ændret sit svar (se docs/statbank.md).",
        )
