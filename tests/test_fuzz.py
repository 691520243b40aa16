"""Property-based tests: whatever arrives through ``log``, a sheet or a restore, zsplan either refuses it
with one ``Error:`` line, exit 1 or 2 and the database byte-identical, or accepts it and stays
consistent (status runs and counts what was recorded). Never a traceback.

Deterministic (``derandomize``: the same examples on every run, so CI is stable) and bounded
(about a minute in all); each example works on a fresh copy of a database loaded once.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PLAN, settled_bytes
from zsplan.cli import app

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

RUNNER = CliRunner()

#: Text that has broken programs before: escapes, overrides, number look-alikes, surrogates, markup, formulas.
HOSTILE = [
    "", " ", "\x1b[2J", "\x1b]8;;http://x\x07y\x1b]8;;\x07", "a\rb", "\b", "\x9b31m", "\u202eabc", "\u2066x\u2069", "\u200f",
    "\udcff", "\x00", "1_000", "1e-400", "1e308", "1e400", "-1", "-0", "+3", "0x10", "nan", "inf", "-inf", "３２", "١٢",
    "1,000", "1,5", "2.5", "99999999999999999999999", "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "@SUM(1)", "{x}", "[red]x[/red]",
    "\n", "\t", "中山火炬創新創業園", "智能傳感器團隊", "industrial_park", "2021-06-30", "2999-01-01", "2019-09-29", "2021-02-30",
]  # fmt: skip
TARGETS = ["hit_research_staff", "fudan_researchers", "ucas_teams", "torch_national_incubators", "second_prai_conference", "drug_institute_five_ones"]

hostile = st.sampled_from(HOSTILE)
anytext = st.one_of(hostile, st.text(max_size=12), st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=8))
numbers = st.one_of(
    st.integers(min_value=-5, max_value=60).map(str),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.from_regex(r"\A[+-]?[0-9_.,eE]{1,8}\Z"),
    anytext,
)
dates = st.one_of(st.dates(min_value=__import__("datetime").date(2019, 9, 1), max_value=__import__("datetime").date(2027, 1, 1)).map(str), anytext)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    """The bytes of a database with the bundled plan loaded and one entry logged."""
    db = tmp_path_factory.mktemp("template") / "z.db"
    for args in (["load", str(PLAN)], ["log", "hit_research_staff", "30", "--date", "2021-06-30", "--by", "a"]):
        assert RUNNER.invoke(app, ["--db", str(db), *args]).exit_code == 0
    return settled_bytes(db)


@contextmanager
def fresh(template: bytes) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="zsplan-fuzz-"))
    try:
        db = folder / "z.db"
        db.write_bytes(template)
        yield db
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def entry_count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM progress_entry").fetchone()[0]


def invoke(db: Path, *args: str):
    result = RUNNER.invoke(app, ["--db", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception), result.output)
    return result


def refused_cleanly(result) -> None:
    """Exit 1 or 2, the last line of stderr ``Error: …`` and no other; no escape reaches the terminal."""
    assert result.exit_code in (1, 2), result.output
    lines = result.stderr.splitlines()
    assert lines and lines[-1].startswith("Error: "), result.stderr
    assert sum(line.startswith("Error: ") for line in lines) == 1, result.stderr
    for raw in ("\x1b", "\x9b", "\u202e", "\r"):
        assert raw not in result.stderr and raw not in result.stdout


def status_counts(db: Path) -> dict[str, int]:
    """Target id → effective entries, as status reports them (status must run)."""
    result = invoke(db, "status", "-f", "json")
    assert result.exit_code == 0, result.output
    return {record["target_id"]: record["entries"] for record in json.loads(result.stdout)["records"]}


# ----------------------------------------------------------------- log


@settings(FUZZ, max_examples=30)
@given(
    target=st.one_of(st.sampled_from(TARGETS), anytext),
    value=st.one_of(st.none(), numbers),
    date=st.one_of(st.none(), dates),
    item=st.one_of(st.none(), anytext),
    note=st.one_of(st.none(), anytext),
    by=st.one_of(st.none(), anytext),
)
def test_log_refuses_cleanly_or_records_one_entry(template: bytes, target, value, date, item, note, by) -> None:
    args = ["log", target] + ([value] if value is not None else [])
    for option, text in (("--date", date), ("--item", item), ("--note", note), ("--by", by)):
        if text is not None:
            args += [option, text]
    with fresh(template) as db:
        before, counts_before = settled_bytes(db), entry_count(db)
        result = invoke(db, *args)
        if result.exit_code == 0:
            recorded = re.match(r"recorded entry #(\d+) for (\S+) \(", result.stdout)
            assert recorded, result.stdout
            assert entry_count(db) == counts_before + 1
            target_id = recorded.group(2)
            expected = 2 if target_id == "hit_research_staff" else 1
            assert status_counts(db)[target_id] == expected
            assert "\x1b" not in result.stdout
        else:
            refused_cleanly(result)
            assert settled_bytes(db) == before


# ----------------------------------------------------------------- sheets

COLUMNS = ["target", "date", "value", "item", "note", "evidence", "by", "指標", "日期", "數值", "name", "", "valeu"]


@st.composite
def sheets(draw) -> str:
    if draw(st.integers(0, 9)) == 0:  # now and then, text that is hardly a CSV at all
        return draw(st.text(max_size=80))
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6))
    if draw(st.booleans()):
        header = ["target", "date", *header]
    cell = st.one_of(st.sampled_from(TARGETS), dates, numbers, anytext, st.just(""))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 1), max_size=5))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(FUZZ, max_examples=30)
@given(text=sheets())
def test_a_sheet_is_refused_cleanly_or_recorded_whole(template: bytes, text: str) -> None:
    with fresh(template) as db:
        sheet = db.with_name("reports.csv")
        try:
            sheet.write_text(text, encoding="utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no file can be written as UTF-8; write its bytes raw
            sheet.write_bytes(text.encode("utf-8", "surrogatepass"))
        before, counts_before = settled_bytes(db), entry_count(db)
        result = invoke(db, "import", str(sheet), "--by", "fuzz")
        if result.exit_code == 0:
            recorded = re.match(r"recorded (\d+) entr(?:y|ies) for (\d+) targets?\n", result.stdout)
            assert recorded, result.stdout
            written = int(recorded.group(1))
            assert entry_count(db) == counts_before + written
            per_target = dict(re.findall(r"^  (\S+): (\d+)$", result.stdout, flags=re.M))
            counts = status_counts(db)
            for target_id, count in per_target.items():
                assert counts[target_id] == int(count) + (target_id == "hit_research_staff")  # the template's entry
        else:
            refused_cleanly(result)
            assert settled_bytes(db) == before


# ----------------------------------------------------------------- restores


@pytest.fixture(scope="module")
def export(template: bytes, tmp_path_factory) -> dict:
    """The export of a ledger with a value, a correction, a named item, a checklist item, a milestone and a retraction."""
    folder = tmp_path_factory.mktemp("export")
    db = folder / "z.db"
    db.write_bytes(template)
    for args in (
        ["log", "ucas_teams", "--item", "團隊A", "--date", "2020-06-30"],
        ["correct", "1", "35", "--reason", "複核"],
        ["log", "drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-06-30"],
        ["log", "second_prai_conference", "--date", "2020-11-30"],
        ["retract", "2", "--reason", "wrong team"],
    ):
        assert invoke(db, *args).exit_code == 0
    path = folder / "export.json"
    assert invoke(db, "export", "-o", str(path)).exit_code == 0
    return json.loads(path.read_text(encoding="utf-8"))


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    anytext,
    st.sampled_from(TARGETS),
)
json_values = st.recursive(
    json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=6
)
ENTRY_FIELDS = ["id", "target_id", "kind", "value", "item_id", "item_name", "as_of", "recorded_at", "recorded_by", "note", "evidence", "supersedes", "reason"]
PLAN_FIELDS = ["id", "name", "measure", "unit", "kind", "value", "deadline", "baseline", "units", "items", "mode", "progress", "category", "colour"]


@st.composite
def mutations(draw) -> list[tuple]:
    """A few edits of an export: set or drop a field of an entry or of the plan, duplicate or reorder entries."""
    kinds = st.sampled_from(["entry", "entry", "entry", "drop", "plan", "unit", "duplicate", "swap", "top"])
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(kinds)
        if kind in ("entry", "drop"):
            value = draw(st.one_of(json_values, st.sampled_from([1, 2, 3, 5, 6, 0, -1, 2**63, "log", "correction", "retraction", "2021-06-30", "2999-01-01"])))
            edits.append((kind, draw(st.integers(0, 5)), draw(st.sampled_from([*ENTRY_FIELDS, "extra"])), value))
        elif kind == "plan":
            edits.append((kind, draw(st.integers(0, 39)), draw(st.sampled_from(PLAN_FIELDS)), draw(json_values)))
        elif kind == "unit":
            edits.append((kind, draw(st.integers(0, 27)), draw(st.sampled_from(["id", "name", "name_en"])), draw(json_values)))
        elif kind == "top":
            edits.append((kind, 0, draw(st.sampled_from(["format", "version", "plan", "entries", "extra"])), draw(json_values)))
        else:
            edits.append((kind, draw(st.integers(0, 5)), draw(st.integers(0, 5)), None))
    return edits


def mutated(document: dict, edits: list[tuple]) -> dict:
    document = copy.deepcopy(document)
    entries, plan = document["entries"], document["plan"]
    for kind, index, name, value in edits:
        if kind == "entry":
            entries[index % len(entries)][name] = value
        elif kind == "drop":
            entries[index % len(entries)].pop(name, None)
        elif kind == "plan":
            plan["targets"][index % len(plan["targets"])][name] = value
        elif kind == "unit":
            plan["units"][index % len(plan["units"])][name] = value
        elif kind == "top":
            document[name] = value
            break  # the document may be no export any more: edit no further
        elif kind == "duplicate":
            entries.append(copy.deepcopy(entries[index % len(entries)]))
        else:
            entries[index % len(entries)], entries[name % len(entries)] = entries[name % len(entries)], entries[index % len(entries)]
    return document


def json_text(document: dict) -> str:
    """The document as JSON, NaN and infinities written as Python's json writes them (and reads them back)."""
    return json.dumps(document, allow_nan=True)


@settings(FUZZ, max_examples=25)
@given(edits=mutations())
def test_a_restore_is_refused_cleanly_or_consistent(template: bytes, export: dict, edits: list[tuple]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="zsplan-fuzz-"))
    try:
        path, target = folder / "export.json", folder / "restored.db"
        path.write_text(json_text(mutated(export, edits)), encoding="utf-8")
        result = invoke(target, "import", str(path))
        if result.exit_code == 0:
            recorded = re.match(r"recorded (\d+) entr(?:y|ies) for", result.stdout)
            assert recorded, result.stdout
            assert entry_count(target) == int(recorded.group(1))
            with sqlite3.connect(target) as connection:
                effective = connection.execute(
                    "SELECT count(*) FROM progress_entry WHERE kind != 'retraction' AND id NOT IN (SELECT supersedes FROM progress_entry WHERE supersedes IS NOT NULL)"
                ).fetchone()[0]
            assert sum(status_counts(target).values()) == effective  # superseded entries and retractions do not count
        else:
            refused_cleanly(result)
            assert not target.exists() or target.stat().st_size == 0  # nothing written, not even the tables
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_unmutated_export_restores(template: bytes, export: dict, tmp_path: Path) -> None:
    # the restore property is not vacuous: the export it mutates restores as it is
    path, target = tmp_path / "export.json", tmp_path / "restored.db"
    path.write_text(json_text(export), encoding="utf-8")
    result = invoke(target, "import", str(path))
    assert (result.exit_code, entry_count(target)) == (0, 6), result.output
