"""The business case's figures: accumulated net gain per scenario, the fan chart, the tornado."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..charts import theme
from ..report.document import Figure
from .model import Result
from .report import kr, pct
from .uncertainty import Sensitivity, Simulation

KR = ",.0f"


def accumulated(result: Result) -> Figure:
    rows = [
        {
            "År": y.year,
            "Akkumuleret nettogevinst": y.accumulated,
            "Scenarie": f"Succesrate {pct(s.success_rate)}",
        }
        for s in result.scenarios
        for y in s.years
    ]
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        x=alt.X("År:O", title="År", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "Akkumuleret nettogevinst:Q",
            title="Akkumuleret nettogevinst (kr., diskonteret)",
            axis=alt.Axis(format=KR),
        ),
        color=alt.Color("Scenarie:N", title=None),
    )
    paid = pd.DataFrame(
        [
            {
                "År": s.payback_year,
                "Akkumuleret nettogevinst": s.years[s.payback_year - 1].accumulated,
                "Scenarie": f"Succesrate {pct(s.success_rate)}",
                "Tekst": f"tjent hjem år {s.payback_year}",
            }
            for s in result.scenarios
            if s.payback_year
        ]
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#555", strokeDash=[4, 3]).encode(y="y:Q")
    layers = [zero, base.mark_line(point=True, strokeWidth=2.5)]
    if not paid.empty:
        marks = alt.Chart(paid).encode(x="År:O", y="Akkumuleret nettogevinst:Q", color="Scenarie:N")
        layers += [
            marks.mark_point(size=160, shape="diamond", filled=True),
            # above and left of the diamond: the line rises through a payback year, so it is free there
            marks.mark_text(align="right", baseline="bottom", dx=-8, dy=-6, fontSize=11).encode(
                text="Tekst:N"
            ),
        ]
    paybacks = ", ".join(
        f"ved {pct(s.success_rate)} i år {s.payback_year}"
        if s.payback_year
        else f"ikke ved {pct(s.success_rate)}"
        for s in result.scenarios
    )
    return Figure(
        "Akkumuleret nettogevinst pr. år for hver succesrate; ◆ markerer året indsatsen er tjent hjem",
        theme(alt.layer(*layers)),
        data,
        f"Linjediagram over den akkumulerede, diskonterede nettogevinst i {result.case.horizon} år. "
        f"Indsatsen er tjent hjem {paybacks}.",
    )


def fan(result: Result, simulation: Simulation) -> Figure:
    p = simulation.percentiles
    data = pd.DataFrame(
        {
            "År": list(range(1, result.case.horizon + 1)),
            "p5": p[5],
            "p25": p[25],
            "p50": p[50],
            "p75": p[75],
            "p95": p[95],
        }
    )
    x = alt.X("År:O", title="År", axis=alt.Axis(labelAngle=0))
    base = alt.Chart(data).encode(x=x)
    layers = [
        alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#555", strokeDash=[4, 3]).encode(y="y:Q"),
        base.mark_area(opacity=0.25, color="#0072B2").encode(
            y=alt.Y("p5:Q", title="Akkumuleret nettogevinst (kr.)", axis=alt.Axis(format=KR)), y2="p95:Q"
        ),
        base.mark_area(opacity=0.45, color="#0072B2").encode(y="p25:Q", y2="p75:Q"),
        base.mark_line(color="#0072B2", strokeWidth=2.5).encode(y="p50:Q"),
    ]
    last = result.case.horizon - 1
    return Figure(
        f"Usikkerhed: akkumuleret nettogevinst i {kr(simulation.draws)} simuleringer (median, 50 % og 90 %)",
        theme(alt.layer(*layers)),
        data.rename(columns={f"p{p}": f"{p}. percentil" for p in (5, 25, 50, 75, 95)}),
        f"Vifte-diagram. Efter {result.case.horizon} år er medianen kr. {kr(p[50][last])}, og med 90 % "
        f"sandsynlighed ligger gevinsten mellem kr. {kr(p[5][last])} og kr. {kr(p[95][last])}. "
        f"Sandsynligheden for at indsatsen tjenes hjem er {pct(simulation.payback_probability, 0)}.",
    )


def tornado_chart(result: Result, bars: list[Sensitivity], base: float) -> Figure:
    rows = []
    for bar in bars:
        rows += [
            {"Input": bar.label, "Værdi": bar.low_result, "Niveau": "10. percentil"},
            {"Input": bar.label, "Værdi": bar.high_result, "Niveau": "90. percentil"},
        ]
    data = pd.DataFrame(rows)
    order = [b.label for b in bars]
    chart = alt.layer(
        alt.Chart(data)
        .mark_bar(height=18)
        .encode(
            y=alt.Y("Input:N", sort=order, title=None),
            x=alt.X(
                "Værdi:Q",
                title=f"Akkumuleret nettogevinst efter {result.case.horizon} år (kr.)",
                axis=alt.Axis(format=KR),
            ),
            x2=alt.X2(datum=base),
            color=alt.Color("Niveau:N", title=None),
        ),
        alt.Chart(pd.DataFrame({"x": [base]})).mark_rule(color="#333").encode(x="x:Q"),
    )
    widest = bars[0].label if bars else ""
    return Figure(
        "Følsomhed: hvert input ved sin 10. og 90. percentil, de øvrige uændrede",
        theme(chart, height=40 * max(len(bars), 1) + 20),
        data,
        f"Tornadodiagram om den akkumulerede nettogevinst efter {result.case.horizon} år (grundforløb kr. "
        f"{kr(base)}). Størst udsving giver: {widest}.",
    )


def figures(result: Result, simulation: Simulation | None, bars: list[Sensitivity]) -> list[Figure]:
    out = [accumulated(result)]
    if simulation:
        out.append(fan(result, simulation))
    if bars:
        out.append(tornado_chart(result, bars, result.scenarios[0].years[-1].accumulated))
    return out
