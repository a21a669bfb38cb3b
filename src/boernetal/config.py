"""The workspace configuration, ``boernetal.toml``: read, checked, and explained when wrong."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .contract.categories import categories
from .contract.municipalities import resolve
from .errors import ConfigError

MIN_CELL_FLOOR = 3
#: the cut-offs when boernetal.toml gives none: EPDS 11 and 13 (as many Danish municipalities use),
#: the Gotland scale 13 and 20
SCREENING: dict[str, tuple[int, int]] = {"epds": (11, 13), "gotland": (13, 20)}


@dataclass(frozen=True)
class WorkspaceConfig:
    organisation: str = "Familiecentret"
    municipalities: tuple[str, ...] = ()
    min_cell: int = MIN_CELL_FLOOR
    peer_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: category -> the case system's label -> category code
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    #: ``[warehouse] url``: a PostgreSQL server instead of the workspace's DuckDB file
    warehouse_url: str | None = None
    #: ``[dashboard]``: what ``boernetal serve`` shows and to whom
    dashboard: DashboardConfig = field(default_factory=lambda: DashboardConfig())
    #: ``[screening]``: instrument -> (moderate, severe): the scores from which a postnatal
    #: reaction counts as moderate and as severe
    screening: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(SCREENING))


@dataclass(frozen=True)
class DashboardConfig:
    """``[dashboard]`` in boernetal.toml (Børnetal's defaults where the file is silent)."""

    #: open cases per full-time adviser above which an adviser stands out on Sagstal
    caseload_threshold: float = 40.0
    #: minutes without activity after which a user must log in again
    session_minutes: int = 30
    #: may an analyst open the records behind a count (the leaders' and advisers' may)
    analysts_see_records: bool = False


def screening_config(raw: object, file: str) -> dict[str, tuple[int, int]]:
    """``[screening]``: per instrument, the moderate and severe cut-offs (others keep the defaults)."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: [screening] skal være en tabel.")
    found = dict(SCREENING)
    for instrument, cut in raw.items():
        example = f"{instrument} = {{ moderate = 11, severe = 13 }}"
        if instrument not in SCREENING:
            raise ConfigError(
                f"{file}: [screening] {instrument} er ikke en skala.",
                f"Skalaerne er: {', '.join(SCREENING)}.",
            )
        moderate, severe = (cut.get("moderate"), cut.get("severe")) if isinstance(cut, dict) else (None, None)
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (moderate, severe)):
            raise ConfigError(
                f"{file}: [screening] {instrument} skal have moderate og severe som hele tal.",
                f"Fx {example}.",
            )
        if severe < moderate:  # type: ignore[operator]
            raise ConfigError(
                f"{file}: [screening] {instrument}: severe ({severe}) er mindre end moderate ({moderate}).",
                f"En svær reaktion har den højeste score, fx {example}.",
            )
        found[instrument] = (moderate, severe)  # type: ignore[assignment]
    return found


def dashboard_config(raw: object, file: str) -> DashboardConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: [dashboard] skal være en tabel.")
    threshold = raw.get("caseload_threshold", DashboardConfig.caseload_threshold)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or threshold <= 0:
        raise ConfigError(
            f"{file}: [dashboard] caseload_threshold er {threshold!r}, men skal være et tal over 0.",
            "Fx caseload_threshold = 40 (sager pr. fuldtidsrådgiver).",
        )
    minutes = raw.get("session_minutes", DashboardConfig.session_minutes)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 24 * 60:
        raise ConfigError(
            f"{file}: [dashboard] session_minutes er {minutes!r}, men skal være et helt antal minutter "
            "mellem 1 og 1440.",
            "Fx session_minutes = 30.",
        )
    records = raw.get("analysts_see_records", DashboardConfig.analysts_see_records)
    if not isinstance(records, bool):
        raise ConfigError(f"{file}: [dashboard] analysts_see_records skal være true eller false.")
    return DashboardConfig(float(threshold), minutes, records)


def load_config(path: Path) -> WorkspaceConfig:
    """Read and check ``boernetal.toml``; every mistake is reported with the key it concerns."""
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path.name} kan ikke læses: {exc}.",
            'Ret linjen; tekst skal stå i anførselstegn, fx organisation = "Familiecentret".',
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name} er ikke gemt som UTF-8.", "Gem filen som UTF-8.") from None

    def municipality_codes(values: object, key: str) -> tuple[str, ...]:
        if not isinstance(values, list):
            raise ConfigError(f'{path.name}: {key} skal være en liste, fx ["183", "187"].')
        codes = []
        for value in values:
            code = resolve(value) if isinstance(value, str | int) else None
            if code is None:
                raise ConfigError(
                    f"{path.name}: {key} indeholder '{value}', som ikke er en dansk kommune.",
                    'Brug den 3-cifrede kommunekode (fx "183") eller kommunens navn.',
                )
            codes.append(code)
        return tuple(dict.fromkeys(codes))

    organisation = raw.get("organisation", WorkspaceConfig.organisation)
    if not isinstance(organisation, str) or not organisation.strip():
        raise ConfigError(f'{path.name}: organisation skal være en tekst, fx "Familiecentret".')
    min_cell = raw.get("min_cell", MIN_CELL_FLOOR)
    if not isinstance(min_cell, int) or isinstance(min_cell, bool) or min_cell < MIN_CELL_FLOOR:
        raise ConfigError(
            f"{path.name}: min_cell er {min_cell!r}, men skal være et helt tal på mindst {MIN_CELL_FLOOR}.",
            "Danmarks Statistiks regel er mindst 3 personer pr. celle.",
        )
    peers = raw.get("peer_groups", {})
    if not isinstance(peers, dict):
        raise ConfigError(f"{path.name}: [peer_groups] skal være en tabel af lister.")
    mappings: dict[str, dict[str, str]] = {}
    for name, table in raw.get("mapping", {}).items():
        if name not in categories():
            raise ConfigError(
                f"{path.name}: [mapping.{name}] er ikke en kategori.",
                f"Kategorier: {', '.join(categories())}.",
            )
        codes = categories()[name].codes
        for label, code in table.items():
            if code not in codes:
                raise ConfigError(
                    f'{path.name}: [mapping.{name}] "{label}" = "{code}": '
                    f"'{code}' er ikke en kode i {name}.",
                    f"Gyldige koder: {', '.join(codes)}.",
                )
        mappings[name] = dict(table)
    warehouse = raw.get("warehouse", {})
    url = warehouse.get("url") if isinstance(warehouse, dict) else None
    if not isinstance(warehouse, dict) or (url is not None and not isinstance(url, str)):
        raise ConfigError(
            f"{path.name}: [warehouse] skal være en tabel med url som tekst.",
            '[warehouse]\nurl = "postgresql://bruger@server:5432/database"',
        )
    if url is not None:
        from .warehouse.postgres import check_url

        check_url(url, path.name)
    return WorkspaceConfig(
        organisation=organisation.strip(),
        municipalities=municipality_codes(raw.get("municipalities", []), "municipalities"),
        min_cell=min_cell,
        peer_groups={
            name: municipality_codes(members, f"peer_groups.{name}") for name, members in peers.items()
        },
        mappings=mappings,
        warehouse_url=url,
        dashboard=dashboard_config(raw.get("dashboard", {}), path.name),
        screening=screening_config(raw.get("screening", {}), path.name),
    )
