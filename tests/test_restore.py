"""A JSON restore checks what ``log``, ``correct`` and ``retract`` check, and validates its plan as a
plan file: every fault is named by record and field, nothing is written, exit 1."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import PLAN
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """The export of a small ledger: #1 a value, #2 a named item, #3 corrects #1, #4 a checklist item, #5 a milestone, #6 retracts #2."""
    from typer.testing import CliRunner

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("ledger")
    db = str(folder / "z.db")
    for args in (
        ["load", str(PLAN)],
        ["log", "hit_research_staff", "30", "--date", "2021-06-30", "--by", "a"],
        ["log", "ucas_teams", "--item", "團隊A", "--date", "2020-06-30", "--by", "a"],
        ["correct", "1", "35", "--reason", "複核", "--by", "a"],
        ["log", "drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-06-30", "--by", "a"],
        ["log", "second_prai_conference", "--date", "2020-11-30", "--by", "a"],
        ["retract", "2", "--reason", "wrong team", "--by", "a"],
    ):
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.output
    out = folder / "export.json"
    assert runner.invoke(app, ["--db", db, "export", "-o", str(out)]).exit_code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def entry(**fields) -> dict:
    """A new log entry for fudan_researchers (a flow of people), fields overridden."""
    base = {
        "id": 7, "target_id": "fudan_researchers", "kind": "log", "value": 3, "item_id": None, "item_name": None, "as_of": "2021-01-01",
        "recorded_at": "2021-07-01T00:00:00.000000Z", "recorded_by": "a", "note": None, "evidence": None, "supersedes": None, "reason": None,
    }  # fmt: skip
    return base | fields


def restore(runner, tmp_path: Path, document: dict | str, *extra: str):
    path = tmp_path / "export.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    target = tmp_path / "restored.db"
    result = invoke(runner, "--db", str(target), "import", str(path), *extra)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result, path, target


def refused(result, path: Path, target: Path, lines: list[str]) -> None:
    problems = len(lines)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == "".join(f"{path}: {line}\n" for line in lines) + (
        f"Error: {path}: {problems} problem{'s' if problems != 1 else ''} in the export; nothing was restored\n"
    )
    assert not target.exists() or target.stat().st_size == 0  # nothing written, not even the tables


TODAY = dt.date.today()
ENTRY_CASES = [
    ("negative", [entry(value=-5)], ["entries[6] (id 7), field value: value -5 is negative; 'fudan_researchers' counts 人 and cannot go below 0"]),
    (
        "above the cap",
        [entry(value=1_000_001)],
        ["entries[6] (id 7), field value: value 1e+06 is implausibly large for 'fudan_researchers' (at most 1,000,000 人 per report)"],
    ),
    (
        "1e308",
        [entry(value=1e308)],
        ["entries[6] (id 7), field value: value 1e+308 is implausibly large for 'fudan_researchers' (at most 1,000,000 人 per report)"],
    ),
    ("fraction", [entry(value=2.5)], ["entries[6] (id 7), field value: value 2.5 is not a whole number; 'fudan_researchers' counts 人"]),
    ("not finite", [entry(value=float("nan"))], ["entries[6] (id 7), field value: value nan is not a finite number"]),
    ("infinite", [entry(value=float("inf"))], ["entries[6] (id 7), field value: value inf is not a finite number"]),
    ("text value", [entry(value="3")], ["entries[6] (id 7), field value: '3' is not a number"]),
    (
        "future date",
        [entry(as_of="2999-01-01")],
        [f"entries[6] (id 7), field as_of: date 2999-01-01 is in the future (today is {TODAY}); progress is reported as of a past or present date"],
    ),
    (
        "before the baseline without evidence",
        [entry(as_of="2019-09-29")],
        [
            (
                "entries[6] (id 7), field evidence: date 2019-09-29 is before the baseline date 2019-09-30 of 'fudan_researchers': "
                "it is recorded as a baseline fact, which needs its evidence; give evidence (the document that shows it)"
            )
        ],
    ),
    ("not a date", [entry(as_of="20210101")], ["entries[6] (id 7), field as_of: '20210101' is not a date; write YYYY-MM-DD"]),
    ("unknown kind", [entry(kind="gift")], ["entries[6] (id 7), field kind: unknown entry kind 'gift'; use log, nil, correction, retraction"]),
    (
        "milestone 7",
        [entry(target_id="second_prai_conference", value=7)],
        ["entries[6] (id 7), field value: 'second_prai_conference' is a milestone; give 1 (done) or 0 (not yet), got 7"],
    ),
    (
        "the same item twice",
        [
            entry(target_id="ucas_teams", value=1, item_id="團隊b", item_name="團隊B"),
            entry(id=8, target_id="ucas_teams", value=1, item_id="x", item_name="團隊 B"),
        ],
        ["entries[7] (id 8), field item_name: item '團隊B' of 'ucas_teams' is already recorded (entry #7); an item counts once"],
    ),
    (
        "a checklist item twice",
        [entry(target_id="drug_institute_five_ones", value=1, item_id="industrial_park", item_name="中山新藥創制産業園")],
        ["entries[6] (id 7), field item_name: item '中山新藥創制産業園' of 'drug_institute_five_ones' is already recorded (entry #4); an item counts once"],
    ),
    (
        "supersedes itself",
        [entry(kind="correction", supersedes=7, reason="x")],
        ["entries[6] (id 7), field supersedes: entry #7 supersedes itself; a correction supersedes an earlier entry"],
    ),
    (
        "supersedes a missing entry",
        [entry(kind="correction", supersedes=99, reason="x")],
        ["entries[6] (id 7), field supersedes: it supersedes entry #99, which is not in the export"],
    ),
    (
        "supersedes a later entry",
        [entry(kind="correction", supersedes=8, reason="x"), entry(id=8)],
        ["entries[6] (id 7), field supersedes: it supersedes entry #8, which comes later (an entry supersedes an earlier one)"],
    ),
    (
        "corrects a corrected entry",
        [entry(target_id="hit_research_staff", kind="correction", supersedes=1, reason="x", as_of="2021-06-30")],
        ["entries[6] (id 7), field supersedes: entry #1 was already corrected by #3"],
    ),
    (
        "retracts a retraction",
        [entry(target_id="ucas_teams", kind="retraction", value=0, supersedes=6, reason="x", as_of="2020-06-30")],
        ["entries[6] (id 7), field supersedes: entry #6 is a retraction; a retraction cannot be corrected or retracted"],
    ),
    (
        "a correction without a reason",
        [entry(kind="correction", supersedes=5, target_id="second_prai_conference", value=0)],
        ["entries[6] (id 7), field reason: reason is empty; a correction says why it was made"],
    ),
    (
        "a log that supersedes",
        [entry(supersedes=5)],
        ["entries[6] (id 7), field supersedes: a log entry supersedes nothing (a correction or retraction does); leave it null"],
    ),
    (
        "an unknown field",
        [entry(colour="red")],
        [
            "entries[6] (id 7), field colour: unknown field; an entry has id, target_id, kind, value, item_id, item_name, as_of, recorded_at, recorded_by, note, evidence, supersedes, reason"
        ],
    ),
    ("a missing field", [{key: value for key, value in entry().items() if key != "recorded_by"}], ["entries[6] (id 7), field recorded_by: missing"]),
    (
        "an id beyond 64 bits",
        [entry(id=2**64)],
        ["entries[6] (id 18446744073709551616), field id: 18446744073709551616 is not an entry id: ids run from 1 to 9223372036854775807"],
    ),
    ("an id twice", [entry(id=5)], ["entries[6] (id 5), field id: id 5 is also the id of entries[4]; every entry has its own"]),
    ("an unknown target", [entry(target_id="nothing")], ["entries[6] (id 7), field target_id: unknown target 'nothing'; the export's plan has no such target"]),
    (
        "escape codes in recorded_by",
        [entry(recorded_by="\x1b[2Ja")],
        ["entries[6] (id 7), field recorded_by: recorded_by contains the control character U+001B; remove it"],
    ),
    ("an override in a note", [entry(note="ab\u202ecd")], ["entries[6] (id 7), field note: note contains the control character U+202E; remove it"]),
    (
        "a lone surrogate",
        [entry(evidence="caf\udce9")],
        ["entries[6] (id 7), field evidence: evidence is not valid text: it holds U+DCE9, a lone surrogate (bytes that are not UTF-8); write it as UTF-8"],
    ),
    ("recorded in the future", [entry(recorded_at="2999-01-01T00:00:00Z")], None),
    (
        "not an object",
        ["entry"],
        [
            "entries[6]: an entry is an object of id, target_id, kind, value, item_id, item_name, as_of, recorded_at, recorded_by, note, evidence, supersedes, reason, not 'entry'"
        ],
    ),
]


@pytest.mark.parametrize(("appended", "lines"), [(a, b) for _, a, b in ENTRY_CASES], ids=[name for name, _, _ in ENTRY_CASES])
def test_entries_are_checked_as_log_checks_them(runner, tmp_path: Path, exported: dict, appended: list, lines: list[str] | None) -> None:
    document = copy.deepcopy(exported)
    document["entries"] += [
        record | {"recorded_at": document["exported_at"]} if isinstance(record, dict) and record.get("supersedes") else record for record in appended
    ]  # a correction is recorded after the entry it supersedes
    result, path, target = restore(runner, tmp_path, document)
    if lines is None:  # the message names the current time
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{path}: entries[6] (id 7), field recorded_at: 2999-01-01T00:00:00Z is in the future (it is now ")
        return
    refused(result, path, target, lines)


def test_an_item_retracted_may_be_recorded_again(runner, tmp_path: Path, exported: dict) -> None:
    document = copy.deepcopy(exported)
    document["entries"].append(entry(target_id="ucas_teams", value=1, item_id="團隊a", item_name="團隊A"))
    result, _, target = restore(runner, tmp_path, document)
    assert result.exit_code == 0, result.output
    items = json.loads(invoke(runner, "--db", str(target), "items", "ucas_teams", "-f", "json").stdout)["records"]
    assert [(item["id"], item["item"]) for item in items] == [(7, "團隊A")]


def test_a_faithful_export_restores_exactly(runner, tmp_path: Path, exported: dict) -> None:
    result, _, target = restore(runner, tmp_path, exported)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("recorded 6 entries for 4 targets\n")
    history = json.loads(invoke(runner, "--db", str(target), "history", "hit_research_staff", "-f", "json").stdout)["records"]
    assert [(row["id"], row["kind"], row["value"], row["supersedes"], row["effective"]) for row in history] == [
        (1, "log", 30, None, False),
        (3, "correction", 35, 1, True),
    ]


def test_a_version_1_export_names_evidence_source(runner, tmp_path: Path, exported: dict) -> None:
    document = copy.deepcopy(exported)
    document["version"] = 1
    for record in document["entries"]:
        record["source"] = record.pop("evidence")
    document["entries"].append({key if key != "evidence" else "source": value for key, value in entry(evidence="x\x1b").items()})
    result, path, target = restore(runner, tmp_path, document)
    refused(result, path, target, ["entries[6] (id 7), field source: source contains the control character U+001B; remove it"])


def target_index(document: dict, target_id: str) -> int:
    return next(index for index, target in enumerate(document["plan"]["targets"]) if target["id"] == target_id)


def test_a_lowered_target_is_restored(runner, tmp_path: Path, exported: dict) -> None:
    document = copy.deepcopy(exported)
    document["plan"]["targets"][target_index(document, "hit_research_staff")]["value"] = 40  # the plan said 50
    result, _, target = restore(runner, tmp_path, document)
    assert result.exit_code == 0, result.output
    rows = json.loads(invoke(runner, "--db", str(target), "status", "-f", "json").stdout)["records"]
    assert next(row for row in rows if row["target_id"] == "hit_research_staff")["target"] == 40


def test_the_plan_of_an_export_is_validated_as_a_plan_file(runner, tmp_path: Path, exported: dict) -> None:
    document = copy.deepcopy(exported)
    torch = target_index(document, "torch_national_incubators")
    document["plan"]["targets"][torch]["name"] = "<script>alert(1)</script>"
    document["plan"]["targets"][torch]["measure"] = "c9.9"
    document["plan"]["units"][0]["name"] = "市科技局\x1b[31m"
    document["plan"]["units"][1]["colour"] = "red"
    document["plan"]["plan"]["issued"] = "30/09/2019"
    unit_id = document["plan"]["units"][1]["id"]
    result, path, target = restore(runner, tmp_path, document)
    refused(
        result,
        path,
        target,
        [
            "plan.plan, field issued: '30/09/2019' is not a date; write YYYY-MM-DD",
            f"plan.units[1] (id {unit_id}), field colour: unknown field 'colour'; allowed fields: id, name, name_en",
            f"plan.targets[{torch}] (id torch_national_incubators), field measure: unknown measure 'c9.9'; define it under 'measures' first",
            "plan.units[0] (id sci_tech), field name: name contains the control character U+001B; remove it",
            f"plan.targets[{torch}] (id torch_national_incubators), field name: name '<script>alert(1)</script>' contains '<'; a name is plain text, without the markup characters < and >",
        ],
    )


def test_an_export_without_a_plan_or_with_unknown_fields(runner, tmp_path: Path, exported: dict) -> None:
    document = copy.deepcopy(exported)
    del document["plan"]
    document["signed_by"] = "me"
    result, path, target = restore(runner, tmp_path, document)
    refused(
        result,
        path,
        target,
        [
            "unknown field 'signed_by'; an export has format, version, exported_at, chain_head, plan, evidence, entries",
            "field plan: missing; a restore needs the plan the entries are for",
        ],
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": "zsplan-export", "version": 2, "plan": ' + "[" * 100_000 + "]" * 100_000 + "}", "it is nested too deeply"),
        ("[" * 100_000 + "]" * 100_000, "it is nested too deeply"),
    ],
    ids=["nested plan", "nested document"],
)
def test_a_deeply_nested_restore_is_refused(runner, tmp_path: Path, text: str, reason: str) -> None:
    result, path, target = restore(runner, tmp_path, text)
    assert (result.exit_code, result.stderr) == (2, f"Error: {path}: not a readable JSON export ({reason})\n")
    assert not target.exists() or target.stat().st_size == 0


def test_version_true_is_not_version_1(runner, tmp_path: Path, exported: dict) -> None:
    document = copy.deepcopy(exported)
    document["version"] = True
    result, path, _ = restore(runner, tmp_path, document)
    assert (result.exit_code, result.stderr) == (2, f"Error: {path}: not a zsplan export (format 'zsplan-export', version 1, 2, 3 or 4)\n")
