"""The report's sentences: Jinja2 templates, one file per section, one block per sentence.

The wording lives in ``data/text/<section>.txt.j2`` (a workspace may override a file by putting its
own copy in ``<workspace>/tekster/``), so an analyst can change it without touching Python. Each
``{% block %}`` is one sentence; a section asks for a paragraph as a list of block names.

A sentence that would state a suppressed number, or (when publishing) a count of children below
the minimum cell size, is dropped: the number filters raise :class:`Hidden` and the sentence goes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import get_month_names
from babel.lists import format_list
from jinja2.sandbox import SandboxedEnvironment

from .. import danish
from ..cache import default_folder
from ..contract.categories import category
from ..contract.municipalities import name as municipality_name
from ..errors import BoernetalError
from .document import Paragraph


class Hidden(Exception):
    """The sentence would state a number that may not be shown."""


def _known(value: float | None) -> float:
    if value is None:
        raise Hidden
    return value


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each file's age itself); none if the
    cache folder can't be made."""
    folder = default_folder() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def month_name(month: int) -> str:
    """1 -> 'januar'."""
    return str(get_month_names("wide", locale=danish.LOCALE)[int(month)])


def and_list(items: Iterable[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b og c'."""
    return format_list(list(items), locale=danish.LOCALE)


def in_years(years: Iterable[int]) -> str:
    """[2012] -> 'i 2012'; [2012, 2013] -> 'i både 2012 og 2013'; [2011, 2012, 2013] -> 'i alle
    årene 2011–2013' (a run of years said once, not year by year)."""
    years = sorted(years)
    if len(years) == 1:
        return f"i {years[0]}"
    if len(years) == 2:
        return f"i både {years[0]} og {years[1]}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"i alle årene {years[0]}–{years[-1]}"
    return f"i {and_list(map(str, years))}"


def same_runs(by_year: dict[Any, Any]) -> list[tuple[list[Any], Any]]:
    """{2011: a, 2012: b, 2013: b} -> [([2011], a), ([2012, 2013], b)]: what stays the same from
    one year to the next, said once."""
    runs: list[tuple[list[Any], Any]] = []
    for year, value in by_year.items():
        if runs and runs[-1][1] == value:
            runs[-1][0].append(year)
        else:
            runs.append(([year], value))
    return runs


def plural(n: float | None, one: str, many: str) -> str:
    """'1 underretning', '2 underretninger' (the number as the count filter says it)."""
    return one if n == 1 else many


def change_pct(now: float | None, before: float | None) -> float:
    """The relative change from ``before`` to ``now`` in %, always positive (the words say which way)."""
    if now is None or before is None or before == 0:
        raise Hidden
    return abs(now - before) / before * 100


class Sentences:
    """Renders the blocks of the section templates with the report's filters and rules."""

    def __init__(self, published: bool, min_cell: int, overrides: Path | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if overrides is not None and overrides.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(overrides)))
        loaders.append(jinja2.PackageLoader("boernetal.report", "data/text"))
        # sandboxed: a workspace's own text (tekster/) can format figures, not reach Python objects
        self.env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(loaders),
            bytecode_cache=bytecode_cache(),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            extensions=["jinja2.ext.do"],
        )
        self.published = published
        self.min_cell = min_cell
        #: every count of children the text has stated (checked by the disclosure tests)
        self.counts_stated: list[float] = []
        self.env.filters.update(
            count=self.count,
            counted=self.counted,
            sayable=self.sayable,
            number=self.number,
            pct=self.pct,
            pp=self.pp,
            kr=self.kr,
            date=lambda d: danish.date(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))),
            month=month_name,
            municipality=municipality_name,
            label=lambda code, cat: category(cat).codes[code].label if code in category(cat).codes else code,
            group_label=lambda code, cat: category(cat).groups.get(code, code),
            and_list=and_list,
            in_years=in_years,
            same_runs=same_runs,
            same_runs_of=lambda pairs: same_runs(dict(pairs)),
            first_of_value=lambda pair: (pair[0], pair[1][0]),
            plural=plural,
            lower_first=lambda s: s[:1].lower() + s[1:],
            upper_first=lambda s: s[:1].upper() + s[1:],
        )
        self.env.globals.update(change_pct=self.change_pct)

    # -- filters ---------------------------------------------------------------------------------
    def count(self, value: float | None) -> str:
        """A count of children or of events about children: hidden when suppressed or too small."""
        value = _known(value)
        if self.published and 0 < value < self.min_cell:
            raise Hidden
        self.counts_stated.append(value)
        return danish.number(value)

    def counted(self, value: float | None, one: str, many: str) -> str:
        """A count with its noun in the right number: '1 underretning', '2 underretninger'."""
        return f"{self.count(value)} {plural(value, one, many)}"

    def sayable(self, value: float | None) -> str:
        """'' when the count could be said; else the sentence goes. For sentences that compare
        with a count without stating it ("uændret", a change in %), which would reveal it."""
        value = _known(value)
        if self.published and 0 < value < self.min_cell:
            raise Hidden
        return ""

    def change_pct(self, now: float | None, before: float | None) -> float:
        """The change from ``before`` to ``now`` in %, positive (the words say which way); only
        between counts that could be said, as the change would reveal them."""
        self.sayable(now), self.sayable(before)
        return change_pct(now, before)

    def number(self, value: float | None, decimals: int = 0) -> str:
        return danish.number(_known(value), decimals)

    def pct(self, value: float | None, decimals: int = 1) -> str:
        return danish.percent(_known(value), decimals)

    def pp(self, value: float | None) -> str:
        """A difference of two percentages, in whole percentage points: '3 procentpoint'."""
        points = round(abs(_known(value)))
        return f"{danish.number(points)} procentpoint"

    def kr(self, value: float | None) -> str:
        return f"{danish.number(round(_known(value)))} kr."

    # -- rendering -------------------------------------------------------------------------------
    def sentence(self, section: str, block: str, context: dict[str, Any]) -> str:
        """One block, whitespace tidied; '' when it would show a hidden number."""
        try:
            template = self.env.get_template(f"{section}.txt.j2")
            if block not in template.blocks:
                raise jinja2.TemplateError(f"afsnittet '{block}' mangler")
            text = "".join(template.blocks[block](template.new_context(context)))
        except Hidden:
            return ""
        except jinja2.TemplateError as exc:  # a workspace's own text that can't be used
            raise BoernetalError(
                f"Teksten {section}.txt.j2 (afsnittet '{block}') kan ikke bruges: {exc.message}",
                "Ret skabelonen i arbejdsområdets mappe tekster/, eller slet den for at bruge "
                "standardteksten. En skabelon kan formatere tal, ikke kalde Python.",
            ) from None
        except TypeError:
            # a comparison with a hidden (None) value: the sentence cannot be said
            if any(v is None for v in context.values()):
                return ""
            raise
        text = re.sub(r"[ \t\r\n]+", " ", text).strip()  # (no-break spaces stay: '77,8 %')
        return text.replace("kr..", "kr.")  # an amount ending a sentence

    def paragraph(self, section: str, blocks: Iterable[str], context: dict[str, Any]) -> Paragraph:
        sentences = (self.sentence(section, block, context) for block in blocks)
        return Paragraph(" ".join(s for s in sentences if s))
