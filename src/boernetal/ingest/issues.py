"""Problems found in input files, said in plain Danish, and the error files that list them all."""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..contract.categories import category
from ..contract.columns import column_names
from ..contract.values import mask

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Issue:
    """One problem: where (file, spreadsheet row, column), the masked value, and its code."""

    file: str
    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    detail: str | None = None
    severity: str = ERROR

    def __post_init__(self) -> None:
        # the one way text from a file reaches a person: masked and shortened (see ``shown``)
        for name in ("column", "value", "detail"):
            text = getattr(self, name)
            if text and (len(text) > LONGEST or _MAY_HOLD_CPR.search(text)):
                object.__setattr__(self, name, shown(text))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def title(self) -> str:
        return _render(_messages().get(self.code, {}).get("title", self.code), self)

    @property
    def names_its_column(self) -> bool:
        """The title says the column ('Kolonnen 'received' mangler'): a summary need not add it."""
        return "{column}" in _messages().get(self.code, {}).get("title", "")

    @property
    def message(self) -> str:
        return _render(_messages().get(self.code, {}).get("message", self.code), self)

    @property
    def fix(self) -> str:
        return _render(_messages().get(self.code, {}).get("fix", ""), self)


#: the most characters of one value shown in a message or an error file
LONGEST = 200
_MAY_HOLD_CPR = re.compile(r"\d{6}-?\d{4}")


def shown(text: str, limit: int = LONGEST) -> str:
    """Text from an input file as a person may see it: CPR numbers masked, at most ``limit``
    characters (a value of a megabyte is not printed whole)."""
    if _MAY_HOLD_CPR.search(text):
        text = mask(text)
    return text if len(text) <= limit else f"{text[: limit - 20]}… ({len(text):,} tegn)".replace(",", ".")


class HasIssues:
    """Errors and warnings of something that has a list of ``issues``."""

    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]


@cache
def _messages() -> dict[str, dict[str, str]]:
    text = resources.files("boernetal.contract").joinpath("data/messages.toml").read_text("utf-8")
    return tomllib.loads(text)


def _render(template: str, issue: Issue) -> str:
    fields = {
        "column": issue.column or "",
        "value": issue.value or "",
        "detail": issue.detail or "",
        "valid": "",
        "example": "",
        "meant": "",
        "heading": column_names().get(issue.column or "", issue.column or ""),
    }
    if issue.code == "unknown_code" and issue.detail:
        found = category(issue.detail)
        codes = list(found.codes)
        fields["valid"] = ", ".join(codes)
        close = found.closest(issue.value or "")
        fields["example"] = close[0] if close else "kode"
        if close:
            meant = " eller ".join(f"'{c}' ({found.codes[c].label})" for c in close)
            fields["meant"] = f" Mente du {meant}?"
    elif issue.code == "unknown_column" and issue.detail:
        fields["meant"] = f" Mente du '{issue.detail}' ({column_names().get(issue.detail, issue.detail)})?"
    elif issue.code == "missing_column" and issue.value:
        fields["meant"] = f" Filen har kolonnen '{issue.value}': er det den? Så ret overskriften."
    return template.format(**fields)


def summarise(issues: list[Issue], limit: int = 20) -> list[tuple[str, int, list[Issue]]]:
    """Issues grouped by kind of problem and column, largest first: (title, count, examples).

    Every kind of problem gets one example, then the rest of ``limit`` examples in all is shared
    out so each gets a second before any gets a third (a file with more kinds of problem than
    ``limit``, such as many unknown columns, still shows each once).
    """
    by_code: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        by_code.setdefault((issue.code, issue.column or ""), []).append(issue)
    order = sorted(by_code, key=lambda key: (-len(by_code[key]), key))
    examples: dict[tuple[str, str], list[Issue]] = {code: [] for code in order}
    for depth in range(limit):
        for code in order:
            if depth > 0 and sum(map(len, examples.values())) >= limit:
                break
            if depth < len(by_code[code]):
                examples[code].append(by_code[code][depth])
    return [
        (
            by_code[key][0].title
            if by_code[key][0].names_its_column
            else f"{by_code[key][0].title}{' i ' + key[1] if key[1] else ''}",
            len(by_code[key]),
            examples[key],
        )
        for key in order
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str | None) -> str:
    """Text from input as a CSV cell that a spreadsheet will not run as a formula."""
    if text is None:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_error_file(path: Path, issues: list[Issue]) -> Path:
    """All issues as a CSV file that opens directly in Danish Excel (UTF-8 with BOM, semicolons)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["fil", "række", "kolonne", "værdi", "alvor", "kode", "fejl", "sådan rettes det"])
        for i in sorted(issues, key=lambda i: (i.file, i.row or 0, i.column or "")):
            out.writerow(
                [
                    safe_cell(i.file),
                    i.row or "",
                    i.column or "",
                    safe_cell(i.value),
                    "fejl" if i.is_error else "advarsel",
                    i.code,
                    safe_cell(i.message),
                    safe_cell(i.fix),
                ]
            )
    return path
