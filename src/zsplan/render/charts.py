"""Charts drawn by matplotlib as inline SVG: a burn-up per target, status bars per chapter and per unit.

Labels are ASCII (ids, dates, numbers) so the charts need no CJK font; the
Chinese names stand in the HTML beside them.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from zsplan.analysis.assessment import TargetAssessment
from zsplan.analysis.pace import Pace
from zsplan.analysis.standing import STATUS_ORDER, Status

STATUS_COLOURS = {
    Status.MET: "#2e7d32",
    Status.ON_TRACK: "#0277bd",
    Status.BEHIND: "#f9a825",
    Status.MISSED: "#c62828",
    Status.NO_DATA: "#9e9e9e",
}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    matplotlib.rcParams["svg.hashsalt"] = "zsplan"  # the same chart gives the same SVG
    import matplotlib.pyplot as plt

    return plt


def _svg(figure) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg") :], flags=re.S)
    return text


def _expected_path(assessment: TargetAssessment) -> tuple[list[dt.date], list[float]]:
    spec = assessment.standing.target
    target = assessment.standing.target_value
    if spec.kind == "per_year":
        days, values, level = [spec.baseline_date], [spec.baseline_value], spec.baseline_value
        for year in spec.years:
            end = dt.date(year, 12, 31)
            days += [end, end]
            values += [level, level + (spec.per_year or 0)]
            level += spec.per_year or 0
        return days, values
    if spec.kind == "milestone":
        return [spec.baseline_date, spec.deadline, spec.deadline], [0, 0, 1]
    return [spec.baseline_date, spec.deadline], [spec.baseline_value, target]


def burnup_svg(assessment: TargetAssessment) -> str:
    """A burn-up chart: the achieved series, the target line, the deadline, the expected pace and the as-of date."""
    plt = _pyplot()
    s = assessment.standing
    spec = s.target
    figure, axes = plt.subplots(figsize=(5.2, 2.4), dpi=96)
    expected_days, expected_values = _expected_path(assessment)
    axes.plot(expected_days, expected_values, linestyle="--", color="#757575", linewidth=1, label="expected pace")
    axes.axhline(s.target_value, color="#2e7d32", linewidth=1, label=f"target {s.target_value:g}")
    axes.axvline(spec.deadline, color="#c62828", linewidth=1, linestyle=":", label=f"deadline {spec.deadline}")
    if assessment.series:
        days = [spec.baseline_date] + [day for day, _ in assessment.series] + [s.as_of]
        values = [spec.baseline_value] + [value for _, value in assessment.series] + [assessment.series[-1][1]]
        axes.step(days, values, where="post", color="#0277bd", linewidth=2, label="achieved")
    axes.axvline(s.as_of, color="#0277bd", linewidth=0.8, alpha=0.4)
    axes.set_title(f"{spec.id}: {s.achieved:g} of {s.target_value:g} ({s.status.value})", fontsize=9)
    axes.tick_params(labelsize=7)
    axes.set_ylim(bottom=0, top=max(s.target_value, s.achieved, 1) * 1.15)
    axes.legend(fontsize=6, loc="upper left", frameon=False)
    figure.autofmt_xdate()
    return _svg(figure)


def status_bars_svg(title: str, rows: list[tuple[str, dict[Status, int]]]) -> str:
    """Horizontal stacked bars: for each labelled row, its targets by status."""
    plt = _pyplot()
    height = 0.6 + 0.32 * max(len(rows), 1)
    figure, axes = plt.subplots(figsize=(6.4, height), dpi=96)
    labels = [label for label, _ in rows][::-1]
    lefts = [0] * len(rows)
    for status in STATUS_ORDER:
        widths = [counts.get(status, 0) for _, counts in rows][::-1]
        axes.barh(labels, widths, left=lefts, color=STATUS_COLOURS[status], label=status.value, height=0.6)
        lefts = [left + width for left, width in zip(lefts, widths, strict=False)]
    axes.set_title(title, fontsize=9, pad=4)
    axes.tick_params(labelsize=7)
    axes.legend(fontsize=6, ncol=5, loc="upper center", frameon=False, bbox_to_anchor=(0.5, -0.12 - 0.6 / height))
    return _svg(figure)


__all__ = ["Pace", "burnup_svg", "status_bars_svg"]
