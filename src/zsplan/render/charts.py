"""Charts drawn by matplotlib as inline SVG: a burn-up per target, grade bars per chapter and per unit.

Every label is in the report's language (:class:`ChartWords`): in Chinese the
titles, legends and bar labels are Chinese names, never ids. The SVG keeps its
text as text (``svg.fonttype: none``) with a CJK font-family stack
(:data:`FONT_STACK`), so the reader's browser draws it with its own Chinese font
(Microsoft YaHei, PingFang, Noto Sans CJK…) and the text stays searchable and
copyable. matplotlib measures the text with the first of those fonts it finds
(``.ci/run`` installs ``fonts-noto-cjk``); without one, it measures with its own
font and the chart is laid out a little narrower than drawn.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import warnings
from dataclasses import dataclass

from zsplan.analysis.assessment import TargetAssessment
from zsplan.render.labels import GRADE_LIGHT, GRADE_ORDER, LIGHT_COLOURS, Labels

#: The font families the SVG names, in order: CJK fonts of Linux, Windows and macOS, then a generic family.
FONT_STACK = ["Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei", "WenQuanYi Micro Hei", "DejaVu Sans"]

GRADE_COLOURS = {grade: LIGHT_COLOURS[GRADE_LIGHT[grade]] for grade in GRADE_ORDER}
# two greens and two reds told apart by shade
GRADE_COLOURS |= {"met": "#1b5e20", "ahead": "#43a047", "on_track": "#81c784", "seriously_behind": "#c62828", "missed": "#7f0000", "behind": "#f9a825"}


@dataclass(frozen=True)
class ChartWords:
    """The words a chart shows, in one language and script."""

    labels: Labels
    expected: str
    target: str
    deadline: str
    achieved: str
    title: str
    date_format: str

    @classmethod
    def of_labels(cls, labels: Labels) -> ChartWords:
        if labels.lang == "zh":
            t = labels.text
            return cls(labels, t("序時進度"), t("目標{value}"), t("期限{date}"), t("完成情況"), "{name}：{achieved}/{target}（{grade}）", "%Y.%m")
        return cls(labels, "expected pace", "target {value}", "deadline {date}", "achieved", "{name}: {achieved} of {target} ({grade})", "%Y-%m")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable, drawn with the reader's CJK font
    matplotlib.rcParams["svg.hashsalt"] = "zsplan"  # the same chart gives the same SVG
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = FONT_STACK
    matplotlib.rcParams["axes.unicode_minus"] = False
    import matplotlib.pyplot as plt

    return plt


def _svg(figure) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*(Glyph|findfont).*")
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg") :], flags=re.S)
    return _font_stack(text)


def _font_stack(svg: str) -> str:
    """Name the whole :data:`FONT_STACK` wherever matplotlib named one family, so a browser without the first falls back to a CJK font."""
    stack = ", ".join(f"'{family}'" for family in FONT_STACK) + ", sans-serif"
    svg = re.sub(r"font-family:[^;\"]*", f"font-family: {stack}", svg)
    return re.sub(r"font: ([0-9.]+px) '[^']*'(?:, [^;\"]*)?", rf"font-size: \1; font-family: {stack}", svg)


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


def _count(value: float) -> str:
    return f"{value:g}"


def burnup_svg(assessment: TargetAssessment, words: ChartWords | None = None, *, name: str = "", grade: str = "") -> str:
    """A burn-up chart: the achieved series, the target line, the deadline, the expected pace and the as-of date.

    Args:
        words: the chart's words (default: English).
        name: the target as the title names it (default: its name as the plan writes it).
        grade: its grade (default: its status).
    """
    from matplotlib.dates import DateFormatter
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    words = words or ChartWords.of_labels(Labels())
    labels = words.labels
    s = assessment.standing
    spec = s.target
    figure, axes = plt.subplots(figsize=(5.2, 2.6), dpi=96)
    expected_days, expected_values = _expected_path(assessment)
    unit = labels.text(spec.unit) if spec.kind != "milestone" else ""
    axes.plot(expected_days, expected_values, linestyle="--", color="#757575", linewidth=1, label=words.expected)
    axes.axhline(s.target_value, color="#2e7d32", linewidth=1, label=words.target.format(value=_count(s.target_value) + unit))
    axes.axvline(spec.deadline, color="#c62828", linewidth=1, linestyle=":", label=words.deadline.format(date=labels.date(spec.deadline)))
    if assessment.series:
        days = [spec.baseline_date] + [day for day, _ in assessment.series] + [s.as_of]
        values = [spec.baseline_value] + [value for _, value in assessment.series] + [assessment.series[-1][1]]
        axes.step(days, values, where="post", color="#0277bd", linewidth=2, label=words.achieved)
    axes.axvline(s.as_of, color="#0277bd", linewidth=0.8, alpha=0.4)
    grade_word = labels.grade(grade or s.status.value)
    if spec.kind == "milestone":  # done or not: no fraction of one
        done = ("已完成" if s.achieved >= 1 else "尚未完成") if labels.lang == "zh" else ("done" if s.achieved >= 1 else "not done")
        title = f"{name or labels.name(spec.name)}：{labels.text(done)}" if labels.lang == "zh" else f"{name or spec.name}: {done}"
        title += f"（{grade_word}）" if labels.lang == "zh" else f" ({grade_word})"
    else:
        title = words.title.format(name=name or labels.name(spec.name), achieved=_count(s.achieved), target=_count(s.target_value) + unit, grade=grade_word)
    axes.set_title("\n".join(textwrap.wrap(title, 30 if labels.lang == "zh" else 60)), fontsize=9)
    axes.tick_params(labelsize=7)
    axes.xaxis.set_major_formatter(DateFormatter(words.date_format))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole
    axes.set_ylim(bottom=0, top=max(s.target_value, s.achieved, 1) * 1.15)
    axes.legend(fontsize=6, loc="upper left", frameon=False)
    figure.autofmt_xdate()
    return _svg(figure)


def status_bars_svg(title: str, rows: list[tuple[str, dict[str, int]]], words: ChartWords | None = None) -> str:
    """Horizontal stacked bars: for each labelled row, its targets by grade (:data:`~zsplan.render.labels.GRADE_ORDER`)."""
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    words = words or ChartWords.of_labels(Labels())
    width = 14 if words.labels.lang == "zh" else 28
    labels = ["\n".join(textwrap.wrap(label, width)) or " " for label, _ in rows][::-1]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = 0.9 + 0.22 * max(lines, 1) + 0.12 * len(rows)
    figure, axes = plt.subplots(figsize=(6.8, height), dpi=96)
    positions = list(range(len(rows)))
    lefts = [0] * len(rows)
    for grade in GRADE_ORDER:
        widths = [counts.get(grade, 0) for _, counts in rows][::-1]
        if not any(widths):
            continue
        axes.barh(positions, widths, left=lefts, color=GRADE_COLOURS[grade], label=words.labels.grade(grade), height=0.6)
        lefts = [left + w for left, w in zip(lefts, widths, strict=False)]
    axes.set_yticks(positions, labels)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title, fontsize=9, pad=4)
    axes.tick_params(labelsize=7)
    axes.legend(fontsize=6, ncol=4, loc="upper center", frameon=False, bbox_to_anchor=(0.5, -0.5 / height))
    return _svg(figure)


__all__ = ["FONT_STACK", "ChartWords", "burnup_svg", "status_bars_svg"]
