"""Every ``--format json`` output and the export file validate against their committed JSON Schema (docs/schemas/)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import PLAN, ROOT
from zsplan.cli import app
from zsplan.render.jsonout import VERSIONS

SCHEMAS = ROOT / "docs" / "schemas"

LEDGER = [
    ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "國科發區〔2020〕355號"],
    ["fudan_researchers", "10", "--date", "2020-06-30", "--note", "第一批"],
    ["drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-06-30"],
    ["second_prai_conference", "--date", "2020-11-30"],
    ["engineering_labs_yearly", "--item", "甲工程實驗室", "--date", "2020-04-01"],
    ["cuiheng_backbone_enterprises", "--item", "明陽智慧能源", "--date", "2021-06-30"],
]


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def schema(kind: str) -> dict:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def ledger(runner, isolated_db: Path) -> Path:
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    for args in LEDGER:
        assert invoke(runner, "log", *args).exit_code == 0
    assert invoke(runner, "correct", "2", "12", "--reason", "複核").exit_code == 0
    assert invoke(runner, "retract", "6", "--reason", "重複").exit_code == 0
    return isolated_db


def test_every_kind_has_a_valid_schema_of_its_version() -> None:
    assert sorted(path.name for path in SCHEMAS.glob("*.schema.json")) == sorted(f"{kind}.schema.json" for kind in VERSIONS)
    for kind, version in VERSIONS.items():
        document = schema(kind)
        jsonschema.Draft202012Validator.check_schema(document)
        assert document["properties"]["format"] == {"const": f"zsplan-{kind}"}
        assert document["properties"]["version"] == {"const": version}


@pytest.mark.parametrize(
    ("kind", "args", "count"),
    [
        ("status", ["status", "--as-of", "2021-06-30", "-f", "json"], 57),
        ("status", ["status", "--as-of", "2021-06-30", "--unit", "火炬開發區", "--known-at", "2030-01-01T00:00:00Z", "-f", "json"], 6),
        ("history", ["history", "fudan_researchers", "-f", "json"], 2),
        ("history", ["history", "cuiheng_backbone_enterprises", "-f", "json"], 2),
        ("items", ["items", "torch_national_incubators", "-f", "json"], 1),
        ("items", ["items", "torch_national_incubators", "--as-of", "2020-01-01", "-f", "json"], 0),
        ("units", ["units", "--as-of", "2021-06-30", "-f", "json"], 25),  # the units responsible for at least one target
        ("problems", ["validate", "-f", "json", str(PLAN)], 0),
        ("export", ["export"], 8),
        ("tasks", ["status", "--tasks", "--as-of", "2021-06-30", "-f", "json"], 34),
    ],
)
def test_json_output_validates_against_its_schema(runner, ledger: Path, kind: str, args: list[str], count: int) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema(kind), cls=jsonschema.Draft202012Validator)
    assert (document["format"], document["version"]) == (f"zsplan-{kind}", VERSIONS[kind])
    assert len(document["entries" if kind == "export" else "records"]) == count


def test_refused_plan_problems_validate(runner) -> None:
    broken = next((ROOT / "tests" / "data" / "broken").glob("*ten-faults*"))
    result = invoke(runner, "validate", "-f", "json", str(broken))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema("problems"), cls=jsonschema.Draft202012Validator)
    assert len(document["records"]) == 10


def test_a_record_with_an_undocumented_field_is_invalid(runner, ledger: Path) -> None:
    document = json.loads(invoke(runner, "status", "-f", "json").stdout)
    document["records"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError, match="surprise"):
        jsonschema.validate(document, schema("status"), cls=jsonschema.Draft202012Validator)


def test_timestamps_are_utc_with_z_and_dates_iso(runner, ledger: Path) -> None:
    history = json.loads(invoke(runner, "history", "fudan_researchers", "-f", "json").stdout)
    assert all(record["recorded_at"].endswith("Z") for record in history["records"])
    status = json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "--known-at", "2030-01-01T08:00:00+08:00", "-f", "json").stdout)
    assert (status["as_of"], status["known_at"]) == ("2021-06-30", "2030-01-01T00:00:00Z")


def test_a_version_1_export_still_restores(runner, ledger: Path, tmp_path: Path) -> None:
    document = json.loads(invoke(runner, "export").stdout)
    document["version"] = 1
    for entry in document["entries"]:
        entry["source"] = entry.pop("evidence")
    old = tmp_path / "v1.json"
    old.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    restored = tmp_path / "restored.db"
    assert invoke(runner, "--db", str(restored), "import", str(old)).exit_code == 0
    history = json.loads(invoke(runner, "--db", str(restored), "history", "torch_national_incubators", "-f", "json").stdout)
    assert [record["evidence"] for record in history["records"]] == ["國科發區〔2020〕355號"]
