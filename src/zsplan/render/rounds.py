"""How reporting rounds read: the completeness table and its JSON, the reminder list (催報), a round's history,
the round report (Markdown, HTML), what changed between rounds, the tasks' status and explanation, the round sheet's rows.

Everything a person reads in Chinese is Chinese (``Labels(lang="zh")``); ids appear in JSON only, and in the
tables beside names so that a command can be typed from them.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from zsplan.analysis.rounds import (
    TASK_VERDICT_WORDS,
    CompletenessRow,
    Owed,
    TaskStanding,
    UnitReport,
    count_timeliness,
    count_verdicts,
)
from zsplan.render.labels import Labels
from zsplan.render.safe import terminal_text

_ZONE = ZoneInfo("Asia/Shanghai")

WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "state": {"not_submitted": "未提交", "submitted": "待審核", "returned": "已退回", "accepted": "已通過"},
        "timeliness": {"on_time": "按時報送", "late": "逾期報送", "missing": "未報送", "pending": "待報送"},
        "headers": ("單位", "牽頭任務/配合任務", "牽頭指標/配合指標", "狀態", "報送時間", "報送次數", "退回次數", "審核", "及時性"),
        "action": {
            "late": "遲報",
            "open": "開啟",
            "submit": "報送",
            "accept": "審核通過",
            "return": "退回",
            "remind": "催報",
            "close": "關閉",
            "reopen": "重新開啟",
        },
    },
    "en": {
        "state": {"not_submitted": "not submitted", "submitted": "submitted", "returned": "returned", "accepted": "accepted"},
        "timeliness": {"on_time": "on time", "late": "late", "missing": "missing", "pending": "pending"},
        "headers": ("unit", "tasks lead/co", "targets lead/co", "state", "received", "sent", "returned", "decided", "timeliness"),
        "action": {
            "late": "late entry",
            "open": "open",
            "submit": "submit",
            "accept": "accept",
            "return": "return",
            "remind": "remind",
            "close": "close",
            "reopen": "reopen",
        },
    },
}


def _local(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.astimezone(_ZONE).strftime("%Y-%m-%d %H:%M")


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain table: columns padded to their widest cell (CJK characters count two), two spaces apart, a rule under the header."""
    from rich.cells import cell_len

    body = [[terminal_text(str(cell)) for cell in row] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(row[i]) for row in body]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell + " " * (width - cell_len(cell)) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), "─" * (sum(widths) + 2 * (len(widths) - 1)), *(line(row) for row in body)]) + "\n"


# ------------------------------------------------------------------------------------------------ completeness


def _owes(owed: Owed) -> tuple[str, str]:
    return f"{len(owed.lead_tasks)}/{len(owed.co_tasks)}", f"{len(owed.lead_targets)}/{len(owed.co_targets)}"


def completeness_text(view: Any, labels: Labels) -> str:
    """The round's completeness table (one line per unit asked), its counts and whether it is closed.

    Args:
        view: a :class:`zsplan.service.rounds.RoundView`.
    """
    words = WORDS[labels.lang]
    info = view.info
    rows = []
    for row in view.rows:
        tasks, targets = _owes(row.owed)
        decided = f"{_local(row.decided_at)} {row.decided_by}" if row.decided_at else ""
        rows.append(
            [
                f"{labels.text(row.unit_name)} ({row.unit_id})",
                tasks,
                targets,
                words["state"][row.state],
                _local(row.received_at),
                str(row.submissions),
                str(row.returns),
                decided,
                words["timeliness"][row.timeliness] + (f" +{row.days_late}d" if row.days_late else ""),
            ]
        )
    counts = count_timeliness(view.rows)
    if labels.lang == "zh":
        head = f"{info.id} {info.period.label_zh()}（{info.period.start}至{info.period.end}），報送截止{info.due}，{'已關閉' if info.closed else '進行中'}"
        tail = (
            f"應報{len(view.rows)}個單位：按時報送{counts['on_time']}個，逾期報送{counts['late']}個，未報送{counts['missing']}個，待報送{counts['pending']}個"
        )
    else:
        head = f"round {info.id} ({info.period.start} to {info.period.end}), due {info.due}, {'closed' if info.closed else 'open'}"
        tail = f"{len(view.rows)} units: {counts['on_time']} on time, {counts['late']} late, {counts['missing']} missing, {counts['pending']} pending"
    return f"{head}\n{text_table(words['headers'], rows)}{tail}\n"


def completeness_records(rows: Iterable[CompletenessRow]) -> Iterator[dict[str, Any]]:
    """One JSON record per unit (the ``zsplan-completeness`` document's records)."""
    for row in rows:
        yield {
            "unit_id": row.unit_id,
            "unit_name": row.unit_name,
            "state": row.state,
            "timeliness": row.timeliness,
            "days_late": row.days_late,
            "received_at": _utc(row.received_at),
            "submitted_by": row.submitted_by,
            "decided_at": _utc(row.decided_at),
            "decided_by": row.decided_by,
            "reason": row.reason,
            "submissions": row.submissions,
            "returns": row.returns,
            "owes": {
                "lead_tasks": [subject for subject, _ in row.owed.lead_tasks],
                "co_tasks": [subject for subject, _ in row.owed.co_tasks],
                "lead_targets": [subject for subject, _ in row.owed.lead_targets],
                "co_targets": [subject for subject, _ in row.owed.co_targets],
            },
        }


def completeness_json(view: Any) -> Iterator[bytes]:
    """The ``zsplan-completeness`` JSON document of a round (see docs/schemas/completeness.schema.json)."""
    from zsplan.render.jsonout import document

    info = view.info
    return document(
        "completeness",
        completeness_records(view.rows),
        round=info.id,
        period_start=info.period.start.isoformat(),
        period_end=info.period.end.isoformat(),
        due=info.due.isoformat(),
        closed=info.closed,
        closed_at=_utc(info.closed_at),
        today=view.today.isoformat(),
        counts=count_timeliness(view.rows),
    )


def reminder_text(view: Any, labels: Labels) -> str:
    """The 催報 list, ready to send: per unit with nothing to review (never submitted, or returned), what it owes.

    In Chinese whatever ``labels`` says: it goes to Chinese offices.
    """
    zh = Labels(lang="zh", script=labels.script)
    info = view.info
    chased = [row for row in view.rows if row.state in ("not_submitted", "returned")]
    if not chased:
        return zh.text(f"{info.id}：各單位均已報送，無需催報。\n")
    out = [zh.text(f"關於報送{info.period.label_zh()}任務和目標推進情況的催報（{info.id}，截止{zh.date(info.due)}）"), ""]
    for index, row in enumerate(chased, start=1):
        owed = row.owed
        if row.state == "returned":
            status = f"報送材料已於{zh.date(row.decided_at.astimezone(_ZONE).date()) if row.decided_at else ''}退回（{row.reason}），請修改後重新報送"
        else:
            status = "尚未報送" if row.timeliness == "pending" else f"截至{zh.date(view.today)}尚未報送，已逾期"
        out.append(zh.name(f"{index}. {row.unit_name}：{status}。"))
        for title, pairs in (
            ("牽頭任務（請填報狀態、進展情況、存在問題、下一步工作）", owed.lead_tasks),
            ("配合任務（請填報配合工作進展）", owed.co_tasks),
            ("牽頭指標（請填報數據及證明材料）", owed.lead_targets),
            ("配合指標（請填報配合工作進展）", owed.co_targets),
        ):
            if pairs:
                out.append(zh.name(f"   {title}：" + "；".join(name for _, name in pairs) + "。"))
        out.append(zh.text(f"   填報表：zsplan template --round {info.id} --unit {row.unit_id}"))
    return "\n".join(out) + "\n"


def history_text(info: Any, names: dict[str, str], labels: Labels) -> str:
    """Every step of a round, oldest first: when (UTC), what, who, which unit and submission, why."""
    words = WORDS[labels.lang]["action"]
    headers = ("時間 (UTC)", "步驟", "經辦人", "單位", "報送", "原因") if labels.lang == "zh" else ("at (UTC)", "step", "by", "unit", "submission", "reason")
    rows = [
        [
            event.at.strftime("%Y-%m-%d %H:%M:%S"),
            words.get(event.action, event.action),
            event.by,
            labels.text(names.get(event.unit_id, event.unit_id)) if event.unit_id else "",
            f"#{event.submission_id}" if event.submission_id else "",
            event.reason or "",
        ]
        for event in info.events
    ]
    return f"{info.id}\n" + text_table(headers, rows)


# ------------------------------------------------------------------------------------------------ tasks

_TASK_HEADERS = {
    "zh": ("編號", "任務", "狀態", "牽頭單位", "報送期", "配合單位報送"),
    "en": ("id", "task", "state", "lead unit", "reported for", "co-units reported"),
}


def tasks_text(view: Any, labels: Labels) -> str:
    """Every task with its verdict: id, number and title, state, lead unit, period reported for, contributions."""
    words = TASK_VERDICT_WORDS[labels.lang]
    rows = []
    for standing in view.standings:
        task = standing.task
        reported = standing.lead_report.as_of.isoformat() if standing.lead_report else ""
        co = f"{len(standing.contributions)}/{len(task.units) - 1}"
        rows.append([task.id, labels.name(f"{task.outline} {task.title}"), labels.text(words[standing.verdict]), labels.text(task.lead.name), reported, co])
    counts = count_verdicts(view.standings)
    summary = (
        ", ".join(f"{counts[key]} {TASK_VERDICT_WORDS['en'][key]}" for key in counts)
        if labels.lang == "en"
        else "，".join(f"{words[key]}{counts[key]}項" for key in counts)
    )
    head = f"tasks as of {view.as_of}" if labels.lang == "en" else f"任務推進情況（截至{labels.date(view.as_of)}）"
    if view.unit:
        head += f" — unit {labels.text(view.unit[1])} ({view.unit[0]})" if labels.lang == "en" else f"，{labels.text(view.unit[1])}"
    total = f"{len(view.standings)} tasks: {summary}" if labels.lang == "en" else f"共{len(view.standings)}項任務：{summary}"
    return f"{head}\n{text_table(_TASK_HEADERS[labels.lang], rows)}{total}\n"


def unit_tasks_text(view: Any, labels: Labels) -> str:
    """Per unit, the tasks it leads by verdict and the tasks it co-owns with its contribution reported or not (``units``).

    Units are named, with their id only in English (ids stay out of what a person reads in Chinese).
    """
    words = TASK_VERDICT_WORDS[labels.lang]
    order = ("delayed", "no_data", "not_started", "in_progress", "completed")
    lead: dict[str, dict[str, int]] = {}
    co: dict[str, list[int]] = {}
    for standing in view.standings:
        task = standing.task
        lead.setdefault(task.lead.id, dict.fromkeys(order, 0))[standing.verdict] += 1
        reported = {report.unit_id for report in standing.contributions}
        for unit in task.units[1:]:
            counts = co.setdefault(unit.id, [0, 0])
            counts[0] += 1
            counts[1] += unit.id in reported
    ids = [unit_id for unit_id in view.units if unit_id in lead or unit_id in co]
    headers = (
        ("單位", *(words[key] for key in order), "配合任務（已報送/共）")
        if labels.lang == "zh"
        else ("unit", *(words[key] for key in order), "co-owned (reported/all)")
    )
    rows = [
        [
            labels.name(view.units[unit_id]) if labels.lang == "zh" else f"{labels.text(view.units[unit_id])} ({unit_id})",
            *(str(lead.get(unit_id, dict.fromkeys(order, 0))[key]) for key in order),
            "{1}/{0}".format(*co.get(unit_id, [0, 0])),
        ]
        for unit_id in ids
    ]
    head = f"tasks led, by reported state, as of {view.as_of}" if labels.lang == "en" else f"牽頭任務推進情況（截至{labels.date(view.as_of)}）"
    return f"{head}\n{text_table([labels.text(h) for h in headers], rows)}"


def _report_record(report: UnitReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "unit_id": report.unit_id,
        "role": report.role,
        "as_of": report.as_of.isoformat(),
        "state": report.state,
        "progress": report.progress,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "evidence": report.evidence,
        "recorded_at": _utc(report.recorded_at),
        "recorded_by": report.recorded_by,
        "submission_id": report.submission_id,
        "late": report.late,
    }


def tasks_json(view: Any) -> Iterator[bytes]:
    """The ``zsplan-tasks`` JSON document (docs/schemas/tasks.schema.json): one record per task."""
    from zsplan.render.jsonout import document

    def records() -> Iterator[dict[str, Any]]:
        for standing in view.standings:
            task = standing.task
            yield {
                "task_id": task.id,
                "number": task.number,
                "outline": task.outline,
                "title": task.title,
                "level": task.level,
                "chapter": task.chapter[0],
                "verdict": standing.verdict,
                "lead_unit": task.lead.id,
                "lead_unit_name": task.lead.name,
                "units": [{"id": unit.id, "name": unit.name, "role": unit.role} for unit in task.units],
                "targets": list(task.targets),
                "last_reported": standing.last_reported.isoformat() if standing.last_reported else None,
                "lead_report": _report_record(standing.lead_report),
                "contributions": [_report_record(report) for report in standing.contributions],
                "reports": standing.reports,
            }

    return document(
        "tasks",
        records(),
        as_of=view.as_of.isoformat(),
        known_at=_utc(view.known_at),
        unit=view.unit[0] if view.unit else None,
        counts=count_verdicts(view.standings),
    )


def explain_task_text(explanation: Any, labels: Labels) -> str:
    """Why a task has its verdict: the rule, the lead unit's latest report, each co-responsible unit's, every report."""
    standing: TaskStanding = explanation.standing
    task = standing.task
    words = TASK_VERDICT_WORDS[labels.lang]
    names = explanation.units
    lines = [
        labels.name(f"{task.id} {task.outline} {task.title}"),
        "  responsible units: " + ", ".join(f"{labels.text(u.name)} ({u.id}, {u.role})" for u in task.units),
        f"  targets it carries: {', '.join(task.targets) if task.targets else 'none'}",
        f"  as of {standing.as_of}: {labels.text(words[standing.verdict])} ({standing.verdict})",
    ]
    if standing.lead_report is None:
        lines.append(f"  why: the lead unit {labels.text(task.lead.name)} has reported no state for a period ending by {standing.as_of}")
    else:
        report = standing.lead_report
        lines.append(
            f"  why: the lead unit's latest report, for the period ending {report.as_of} "
            f"(recorded {_utc(report.recorded_at)} by {report.recorded_by}), says {report.state}"
        )
    lines.append('  co-responsible units contribute; they never set the verdict (docs/method.md, "Tasks")')
    from zsplan.render.explain import link_lines

    lines += [f"  {label}: {terminal_text(labels.text(text))}" for label, text in link_lines(getattr(explanation, "links", ()), labels)]
    lines.append("  reports:")
    if not explanation.reports:
        lines.append("    none")
    for report in explanation.reports:
        state = labels.text(words[report.state]) if report.state else "-"
        source = f"submission #{report.submission_id}" if report.submission_id else "zsplan task"
        late = " late" if report.late else ""
        lines.append(f"    #{report.id} {report.as_of} {labels.text(names.get(report.unit_id, report.unit_id))} ({report.role}) {state}{late} [{source}]")
        for label, text in (("進展情況", report.progress), ("存在問題", report.problems), ("下一步工作", report.next_steps), ("證明材料", report.evidence)):
            if text:
                lines.append(f"      {label}：{terminal_text(labels.text(text))}")
    return "\n".join(lines) + "\n"


def task_report_result(result: Any, labels: Labels) -> str:
    """What ``zsplan task`` says after recording: the report's number, the task's verdict."""
    standing = result.standing
    word = labels.text(TASK_VERDICT_WORDS[labels.lang][standing.verdict])
    late = f" (late, in closed round {result.late_round})" if result.late_round else ""
    return f"recorded task report #{result.report_id} for {standing.task.id}{late}\nverdict as of {standing.as_of}: {word} ({standing.verdict})\n"


# ------------------------------------------------------------------------------------------------ the round sheet


def round_sheet_rows(data: Any) -> list[dict[str, Any]]:
    """The rows of a unit's round sheet: its tasks (lead first), then its targets, each with what to write.

    Args:
        data: a :class:`zsplan.service.rounds.RoundSheetData`.

    Returns:
        Dicts keyed by :data:`zsplan.io.round_sheet.ROUND_COLUMNS` keys, each cell a spreadsheet-safe value.
    """
    from zsplan.render.safe import spreadsheet_cell
    from zsplan.render.status import number

    zh = Labels(lang="zh")
    roles = {subject: "lead" for subject, _ in data.owed.lead_tasks + data.owed.lead_targets}
    rows: list[dict[str, Any]] = []
    last_word = zh.date(data.last_date)
    for task in data.tasks:
        role = roles.get(task.id, "co")
        how = (
            "填寫狀態（未啟動/推進中/已完成/滯後）及進展情況、存在問題、下一步工作"
            if role == "lead"
            else "配合單位：填寫配合工作的進展情況、存在問題、下一步工作（狀態可不填）"
        )
        rows.append(
            {
                "kind": "任務",
                "subject": task.id,
                "name": zh.name(f"{task.outline}{task.title}"),
                "role": "牽頭" if role == "lead" else "配合",
                "how_to_fill": how,
            }
        )
    for spec in data.targets:
        role = roles.get(spec.id, "co")
        standing = data.last.get(spec.id)
        last = number(standing.achieved) if standing is not None else ""
        if role == "co":
            how, basis = f"配合單位：不填數值和事項（由牽頭單位{spec.lead_unit.name if spec.lead_unit else ''}報送），請在進展情況填寫配合工作", ""
        elif spec.kind == "checklist":
            done = set(standing.items_done) if standing is not None else set()
            names = "、".join(f"{name}{'（已完成）' if item_id in done else ''}" for item_id, name in spec.items)
            how, basis = f"清單事項：{names}；每完成一項填一行，事項欄填寫清單事項名稱", ""
        elif spec.mode == "items":
            how, basis = f"每項成果一行，事項欄填寫名稱（可複製本行）；截至{last_word}已有{last}{spec.unit}", ""
        elif spec.kind == "milestone":
            how, basis = "數值填1（已完成）或0（未完成）", ""
        elif spec.progress == "stock" or "累計" in spec.source_text:
            how, basis = f"數值填截至日期的累計數（{spec.unit}）", "累計"
        else:
            how, basis = f"數值填本期新增數（{spec.unit}）；或口徑改為累計並填累計數", "本期新增"
        rows.append(
            {
                "kind": "指標",
                "subject": spec.id,
                "name": zh.name(spec.name),
                "role": "牽頭" if role == "lead" else "配合",
                "count_unit": spec.unit,
                "target_value": _zh_target(spec),
                "last": last,
                "basis": basis,
                "how_to_fill": how,
            }
        )
    return [{key: spreadsheet_cell(value) if isinstance(value, str) else value for key, value in row.items()} for row in rows]


def _zh_target(spec: Any) -> str:
    """A target's value as a Chinese sheet states it: ≥4家, 2至3家, 每年1家（2020—2022年）, 5項清單事項, 完成."""
    from zsplan.render.status import number

    if spec.kind == "milestone":
        return "完成"
    if spec.kind == "checklist":
        return f"{len(spec.items)}項清單事項"
    if spec.kind == "range":
        return f"{number(spec.minimum or 0)}至{number(spec.maximum or 0)}{spec.unit}"
    if spec.kind == "per_year":
        years = f"{spec.years[0]}—{spec.years[-1]}年" if spec.years else ""
        return f"每年{number(spec.per_year or 0)}{spec.unit}（{years}）"
    sign = "≤" if spec.comparator == "at_most" else "≥"
    return f"{sign}{number(spec.value or 0)}{spec.unit}"


def round_sheet_notes(data: Any) -> tuple[str, ...]:
    """The Chinese instructions of a unit's round sheet."""
    from zsplan.io.round_sheet import instructions

    info = data.info
    zh = Labels(lang="zh")
    owed = data.owed
    return instructions(info.id, info.period.label_zh(), zh.date(info.period.start), zh.date(info.period.end), zh.date(info.due), owed.unit_name, owed.unit_id)


# ------------------------------------------------------------------------------------------------ the round's report


def _blocks(data: Any, labels: Labels) -> list[tuple[str, str]]:
    """The report as ``(kind, text)`` blocks: ``h1``, ``h2``, ``h3``, ``p``, ``li`` (Chinese)."""
    from zsplan.render.status import number

    zh = labels
    info = data.view.info
    words = WORDS["zh"]
    task_words = TASK_VERDICT_WORDS["zh"]
    names = data.units
    period = info.period.label_zh()
    kind = "年中對賬" if info.period.kind == "half" and info.period.start.month == 1 else ("年底總結" if info.period.kind == "year" else "")
    title = f"{data.plan_title}{period}任務和目標推進情況" + (f"（{kind}）" if kind else "")
    blocks: list[tuple[str, str]] = [("h1", zh.name(title))]
    scope = f"，{data.unit[1]}" if data.unit else ""
    known = f"；按{data.known_at:%Y-%m-%d %H:%M}（UTC）關閉時已審核的數據生成" if data.known_at else "；本期尚未關閉，數據可能變化"
    blocks.append(("p", zh.text(f"報告期{zh.date(info.period.start)}至{zh.date(info.period.end)}{scope}。僅計入已審核通過的報送{known}。")))
    if data.draft:
        blocks.append(("p", zh.text("草稿：標注「（待審核）」的內容來自尚未審核的報送，不計入正式數據。")))
    pending: dict[tuple[str, str], list[tuple[str, dict[str, str]]]] = {}
    for unit_id, subject_kind, subject_id, cells in data.pending:
        pending.setdefault((subject_kind, subject_id), []).append((unit_id, cells))

    # 一、報送情況
    counts = count_timeliness(data.view.rows)
    blocks.append(("h2", zh.text("一、報送情況")))
    blocks.append(
        (
            "p",
            zh.text(
                f"應報{len(data.view.rows)}個單位，按時報送{counts['on_time']}個，逾期報送{counts['late']}個，未報送{counts['missing']}個"
                + (f"，待報送{counts['pending']}個" if counts["pending"] else "")
                + "。"
            ),
        )
    )
    for row in data.view.rows:
        when = (
            f"（{zh.date(row.received_at.astimezone(_ZONE).date())}報送" + (f"，逾期{row.days_late}天" if row.days_late else "") + "）"
            if row.received_at
            else ""
        )
        returned = f"，曾退回{row.returns}次" if row.returns else ""
        blocks.append(("li", zh.name(f"{row.unit_name}：{words['timeliness'][row.timeliness]}{when}，{words['state'][row.state]}{returned}。")))

    # 二、任務推進情況
    blocks.append(("h2", zh.text("二、任務推進情況")))
    by_subject: dict[tuple[str, str], list[UnitReport]] = {}
    for report in data.reports:
        by_subject.setdefault((report.subject_kind, report.subject_id), []).append(report)
    tcounts = count_verdicts(data.tasks)
    blocks.append(("p", zh.text(f"共{len(data.tasks)}項任務：" + "，".join(f"{task_words[key]}{tcounts[key]}項" for key in tcounts) + "。")))
    for standing in data.tasks:
        task = standing.task
        blocks.append(("h3", zh.name(f"{task.outline}{task.title}（牽頭單位：{task.lead.name}）：{task_words[standing.verdict]}")))
        said = by_subject.get(("task", task.id), [])
        for report in sorted(
            said, key=lambda r: (r.role != "lead", [u.id for u in task.units].index(r.unit_id) if r.unit_id in [u.id for u in task.units] else 99)
        ):
            blocks.append(
                (
                    "li",
                    zh.name(
                        _narrative(
                            names.get(report.unit_id, report.unit_id),
                            report.role,
                            report.state,
                            report.progress,
                            report.problems,
                            report.next_steps,
                            report.evidence,
                        )
                    ),
                )
            )
        for unit_id, cells in pending.get(("task", task.id), []):
            role = next((u.role for u in task.units if u.id == unit_id), "co")
            blocks.append(
                (
                    "li",
                    zh.name(
                        _narrative(
                            names.get(unit_id, unit_id),
                            role,
                            cells.get("state"),
                            cells.get("progress"),
                            cells.get("problems"),
                            cells.get("next"),
                            cells.get("evidence"),
                        )
                        + "（待審核）"
                    ),
                )
            )
        if not said and not pending.get(("task", task.id)):
            blocks.append(("li", zh.text("本期未報送進展情況。")))

    # 三、指標完成情況
    blocks.append(("h2", zh.text("三、指標完成情況")))
    for standing in data.standings:
        spec = standing.target
        before = data.before.get(spec.id)
        added = standing.achieved - (before.achieved if before is not None else spec.baseline_value)
        grade = zh.status(standing.status.value)
        if spec.kind == "milestone":
            line = f"{spec.name}：{'已完成' if standing.achieved >= 1 else '尚未完成'}，{grade}。"
        else:
            line = f"{spec.name}：本期新增{number(added)}{spec.unit}，累計{number(standing.achieved)}{spec.unit}，目標{_target_words(standing)}，{grade}。"
        blocks.append(("li", zh.name(line)))
        named = data.items.get(spec.id, [])
        if named:
            listed = "；".join(f"{name}" + (f"（證明材料：{evidence}）" if evidence else "") for name, evidence, _ in named)
            blocks.append(("p", zh.name(f"　　本期新增成果：{listed}。")))
        for report in by_subject.get(("target", spec.id), []):
            blocks.append(
                (
                    "p",
                    zh.name(
                        "　　"
                        + _narrative(names.get(report.unit_id, report.unit_id), report.role, None, report.progress, report.problems, report.next_steps, None)
                    ),
                )
            )
        for unit_id, cells in pending.get(("target", spec.id), []):
            figure = cells.get("item") or cells.get("value") or ""
            text = f"{names.get(unit_id, unit_id)}報送{figure}" + (f"（{cells['progress']}）" if cells.get("progress") else "")
            blocks.append(("p", zh.name(f"　　{text}（待審核）")))
    return blocks


def _target_words(standing: Any) -> str:
    from zsplan.render.status import number

    spec = standing.target
    if spec.kind == "range":
        return f"{number(spec.minimum or 0)}至{number(spec.maximum or 0)}{spec.unit}"
    return f"{number(standing.target_value)}{spec.unit}"


def _narrative(unit: str, role: str, state: str | None, progress: str | None, problems: str | None, next_steps: str | None, evidence: str | None) -> str:
    parts = []
    if state:
        parts.append(f"狀態：{TASK_VERDICT_WORDS['zh'].get(state, state)}")
    for label, text in (("進展情況", progress), ("存在問題", problems), ("下一步工作", next_steps), ("證明材料", evidence)):
        if text:
            parts.append(f"{label}：{text}")
    return f"{unit}（{'牽頭' if role == 'lead' else '配合'}）：" + ("；".join(parts) if parts else "無") + "。"


def round_report_markdown(data: Any, labels: Labels = Labels(lang="zh")) -> str:
    """The round's report as Markdown (Chinese): 一、報送情況, 二、任務推進情況 (per measure, each unit's narrative),
    三、指標完成情況 (per target 本期新增, named achievements with evidence, narratives)."""
    out: list[str] = []
    prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "p": "", "li": "- "}
    for kind, text in _blocks(data, labels):
        if kind == "li":
            out.append(prefix[kind] + text)
            continue
        if out and out[-1] != "":
            out.append("")
        out += [prefix[kind] + text, ""]
    return "\n".join(out).rstrip() + "\n"


def round_report_html(data: Any, labels: Labels = Labels(lang="zh")) -> str:
    """The round's report as one self-contained HTML page (no network), the same blocks as the Markdown."""
    from zsplan.render.report import _CSS

    e = html.escape
    body: list[str] = []
    in_list = False
    blocks = _blocks(data, labels)
    for kind, text in blocks:
        if kind == "li" and not in_list:
            body.append("<ul>")
            in_list = True
        elif kind != "li" and in_list:
            body.append("</ul>")
            in_list = False
        body.append(f"<{kind}>{e(text)}</{kind}>")
    if in_list:
        body.append("</ul>")
    title = e(blocks[0][1])
    return (
        f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>{title}</title><style>{_CSS}</style></head>\n<body>\n'
        + "\n".join(body)
        + "\n</body></html>\n"
    )


# ------------------------------------------------------------------------------------------------ what changed


def diff_text(result: Any, labels: Labels) -> str:
    """What changed between two points: the ledger changes (late entries, corrections, retractions with reasons), then the flips."""
    zh = labels.lang == "zh"
    before, after = result.before, result.after
    head = (
        f"{before.label}（截至{before.as_of}）→ {after.label}（截至{after.as_of}）"
        if zh
        else f"{before.label} (as of {before.as_of}) → {after.label} (as of {after.as_of})"
    )
    changes = result.diff.changes
    headers = (
        ("變動", "條目", "指標", "日期", "錄入時間 (UTC)", "錄入人", "原為", "改為", "原因")
        if zh
        else ("change", "entry", "target", "as of", "recorded (UTC)", "by", "before", "after", "reason")
    )
    change_words = (
        {"late": "遲報", "correction": "更正", "retraction": "撤銷"} if zh else {"late": "late", "correction": "correction", "retraction": "retraction"}
    )
    rows = [
        [
            change_words[c.change] + (" (--late)" if c.marked_late else ""),
            f"#{c.entry_id}" + (f" ← #{c.supersedes}" if c.supersedes else ""),
            c.target_id,
            c.as_of.isoformat(),
            c.recorded_at.strftime("%Y-%m-%d %H:%M"),
            c.recorded_by,
            labels.text(c.before or ""),
            labels.text(c.after or ""),
            labels.text(c.reason or ""),
        ]
        for c in changes
    ]
    flip_headers = ("類別", "編號", "名稱", "原為", "現為", "原因") if zh else ("kind", "id", "name", "before", "after", "why")
    flips = [[f.kind, f.subject_id, labels.text(f.name), f.before, f.after, labels.text(f.why)] for f in result.diff.flips]
    counts = result.diff.counts
    tail = (
        f"遲報{counts['late']}條，更正{counts['correction']}條，撤銷{counts['retraction']}條；{counts['flips']}項狀態變化"
        if zh
        else f"{counts['late']} late, {counts['correction']} corrections, {counts['retraction']} retractions; {counts['flips']} verdicts flipped"
    )
    out = [head, text_table(headers, rows) if rows else ("無遲報、更正或撤銷\n" if zh else "no late entries, corrections or retractions\n")]
    out.append(text_table(flip_headers, flips) if flips else ("無狀態變化\n" if zh else "no verdict flipped\n"))
    return "\n".join(part.rstrip("\n") for part in out) + "\n" + tail + "\n"


def diff_json(result: Any) -> Iterator[bytes]:
    """The ``zsplan-round-diff`` JSON document (docs/schemas/round-diff.schema.json)."""
    from zsplan.render.jsonout import document

    def point(p: Any) -> dict[str, Any]:
        return {"label": p.label, "as_of": p.as_of.isoformat(), "known_at": _utc(p.known_at)}

    def records() -> Iterator[dict[str, Any]]:
        for c in result.diff.changes:
            yield {
                "record": "change",
                "change": c.change,
                "entry_id": c.entry_id,
                "target_id": c.target_id,
                "as_of": c.as_of.isoformat(),
                "recorded_at": _utc(c.recorded_at),
                "recorded_by": c.recorded_by,
                "before": c.before,
                "after": c.after,
                "supersedes": c.supersedes,
                "reason": c.reason,
                "marked_late": c.marked_late,
            }
        for f in result.diff.flips:
            yield {
                "record": "flip",
                "kind": f.kind,
                "id": f.subject_id,
                "name": f.name,
                "before": f.before,
                "after": f.after,
                "why": f.why,
                "entries": list(f.changes),
            }

    return document("round-diff", records(), before=point(result.before), after=point(result.after), counts=result.diff.counts)
