"""The fast read path (store.fastread over sqlite3) gives what the ORM path gives, byte for byte.

Each ledger below is built through the CLI, then every reading command is run twice on it: on the fast
path (an up-to-date SQLite file) and with ``ZSPLAN_READ_PATH=orm``, and the outputs compared whole.
A few real values are asserted too, so that two identical wrong answers do not pass.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import cli_env
from zsplan.cli import app
from zsplan.service import reading
from zsplan.store import fastread

ORM = {"ZSPLAN_READ_PATH": "orm"}


def _at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    from zsplan.cli import shared

    monkeypatch.setattr(shared, "now", lambda: dt.datetime.fromisoformat(moment))


def _run(runner: CliRunner, args: list[str], **env: str) -> tuple[int, bytes, bytes]:
    result = runner.invoke(app, args, env=env or None)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def _same(runner: CliRunner, args: list[str]) -> bytes:
    """Run ``args`` on both paths; assert identical exit code, stdout and stderr; return stdout."""
    fast = _run(runner, args)
    orm = _run(runner, args, **ORM)
    assert fast == orm, args
    return fast[1]


def _log(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(app, ["log", *args])
    assert result.exit_code == 0, result.output


def _ok(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _entry_ids(runner: CliRunner, target: str) -> list[int]:
    return [record["id"] for record in json.loads(_same(runner, ["history", target, "--format", "json"]))["records"]]


@pytest.fixture
def ledger(runner: CliRunner, initialised: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled plan with a ledger that uses every reading rule: values, items and aliases, a checklist, a
    milestone, nil reports, corrections and retractions, baseline facts, grades C and D, reviews, sources,
    notes, forecasts and scheduled events, late completions; each step recorded at its own moment."""
    _at(monkeypatch, "2021-01-05T09:00:00+00:00")
    _log(runner, "fudan_researchers", "20", "--date", "2020-12-31")
    _log(runner, "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "國科發區〔2020〕355號")
    _log(runner, "drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-09-30")
    _log(runner, "drug_institute_five_ones", "--item", "public_platform", "--as", "中山藥物創新公共技術服務平台", "--date", "2020-10-31")
    _log(runner, "innovation_contests", "--item", "china_innovation_contest", "--date", "2020-11-30")
    _log(runner, "engineering_labs_yearly", "--item", "中山某工程中心", "--date", "2020-06-30")
    _log(runner, "engineering_labs_yearly", "--item", "中山另一工程中心", "--date", "2021-03-31")
    _log(runner, "cuiheng_backbone_enterprises", "--item", "中山某骨幹企業", "--date", "2021-01-04")
    _at(monkeypatch, "2021-07-05T09:00:00+00:00")
    _log(runner, "fudan_researchers", "32", "--date", "2021-06-30", "--note", "名冊")
    _log(runner, "torch_national_incubators", "--item", "中山某孵化器", "--date", "2021-05-31", "--evidence", "某報道", "--grade", "D")
    _log(runner, "torch_national_incubators", "--item", "翠亨孵化器", "--date", "2021-06-15", "--evidence", "媒體", "--grade", "C")
    _log(runner, "provincial_lab", "--nil", "--date", "2021-06-30")
    _log(runner, "fudan_researchers", "5", "--date", "2019-06-30", "--evidence", "2019年統計公報")  # a baseline fact
    _log(runner, "second_prai_conference", "--date", "2023-03-31", "--evidence", "市政府公告")  # done after its deadline
    _ok(runner, "note", "fudan_researchers", "招聘進行中", "--date", "2021-06-30")
    _ok(runner, "forecast", "torch_national_incubators", "--value", "4", "--expected-date", "2022-06-30", "--stated", "2021-03-01", "--source", "工作報告")
    _ok(runner, "log", "hku_lab_branch", "--scheduled", "--date", "2022-11-20", "--evidence", "市政府公告", "--stated", "2021-06-01")
    _at(monkeypatch, "2022-01-10T09:00:00+00:00")
    fudan, torch = _entry_ids(runner, "fudan_researchers"), _entry_ids(runner, "torch_national_incubators")
    _ok(runner, "correct", str(fudan[1]), "30", "--reason", "複核")
    _ok(runner, "review", str(torch[1]), "--verify", "--reason", "核對名單")
    _ok(runner, "review", str(torch[2]), "--reject", "--reason", "未通過認定")
    _ok(runner, "source", str(torch[0]), "--grade", "A", "--number", "國科發區〔2020〕355號", "--title", "通知")
    _ok(runner, "source", str(fudan[0]), "--grade", "C", "--url", "https://example.org/1", "--value", "21")
    _ok(runner, "retract", str(_entry_ids(runner, "engineering_labs_yearly")[1]), "--reason", "logged twice")
    assert reading.fast_database(None) is not None  # the fast path serves this ledger
    return initialised


AS_OF = ("2020-06-30", "2021-06-30", "2021-12-31", "2022-12-31", "2024-06-30")
KNOWN_AT = (None, "2021-03-01T00:00:00Z", "2021-12-31T00:00:00Z")


@pytest.mark.parametrize("known_at", KNOWN_AT)
def test_status_is_the_same_on_both_paths(runner: CliRunner, ledger: Path, known_at: str | None) -> None:
    later = ["--known-at", known_at] if known_at else []
    for as_of in AS_OF:
        for counting in ([], ["--verified-only"], ["--include-unverified"]):
            _same(runner, ["status", "--format", "json", "--as-of", as_of, *counting, *later])
        _same(runner, ["status", "--as-of", as_of, *later])
    _same(runner, ["status", "--format", "csv", *later])
    _same(runner, ["status", "--lang", "zh", "--script", "hans", *later])


def test_status_filters_and_refusals_are_the_same(runner: CliRunner, ledger: Path) -> None:
    for args in (
        ["--unit", "市科技局"],
        ["--unit", "市科技局", "--format", "json"],
        ["--unit", "sci_tech"],
        ["--unit", "市科技"],  # unknown: did you mean
        ["--category", "lab", "--format", "json"],
        ["--category", "banana"],
        ["--as-of", "2019-01-01"],  # before the plan was issued
        ["--verified-only", "--include-unverified"],
    ):
        _same(runner, ["status", *args])


def test_explain_items_and_history_are_the_same(runner: CliRunner, ledger: Path) -> None:
    targets = (
        "fudan_researchers",
        "torch_national_incubators",
        "drug_institute_five_ones",
        "innovation_contests",
        "engineering_labs_yearly",
        "second_prai_conference",
        "provincial_lab",
        "hku_lab_branch",
        "cuiheng_backbone_enterprises",
    )
    for target in targets:
        for as_of in ("2021-06-30", "2022-12-31", "2024-06-30"):
            _same(runner, ["explain", target, "--as-of", as_of])
        _same(runner, ["explain", target, "--as-of", "2022-12-31", "--known-at", "2021-03-01T00:00:00Z", "--verified-only"])
        _same(runner, ["explain", target, "--lang", "zh", "--include-unverified"])
        _same(runner, ["history", target])
        _same(runner, ["history", target, "--format", "json"])
        _same(runner, ["items", target])
        _same(runner, ["items", target, "--format", "json", "--as-of", "2020-12-31"])
    for args in (
        ["explain", "c3.3.1", "--as-of", "2021-06-30"],  # a task: explained by its units' reports (the ORM reads those)
        ["explain", "復旦"],  # unknown target, names containing it
        ["explain", "中山复旦联合创新中心引进研发人才"],  # a target by its Simplified name
        ["items", "drug_institute_five_ones", "--item", "中山藥物創新公共技術服務平台"],
        ["history", "drug_institute_five_ones", "--item", "中山新藥創制産業園"],
        ["history", "nonsense"],
    ):
        _same(runner, args)


def test_the_real_values_come_through(runner: CliRunner, ledger: Path) -> None:
    records = {r["target_id"]: r for r in json.loads(_same(runner, ["status", "--format", "json", "--as-of", "2021-12-31"]))["records"]}
    assert records["fudan_researchers"]["achieved"] == 50  # a flow: 20 + 32 corrected to 30 (the 2019 baseline fact is apart)
    assert records["torch_national_incubators"]["achieved"] == 2  # the D claim, verified, counts; the rejected C does not
    assert records["drug_institute_five_ones"]["achieved"] == 2
    assert records["engineering_labs_yearly"]["achieved"] == 1  # of its two items, the 2021 one was retracted
    known = {
        r["target_id"]: r
        for r in json.loads(_same(runner, ["status", "--format", "json", "--as-of", "2021-12-31", "--known-at", "2021-03-01T00:00:00Z"]))["records"]
    }
    assert known["fudan_researchers"]["achieved"] == 20 and known["engineering_labs_yearly"]["achieved"] == 2
    everything = {r["target_id"]: r for r in json.loads(_same(runner, ["status", "--format", "json", "--include-unverified"]))["records"]}
    assert everything["torch_national_incubators"]["achieved"] == 2  # the rejected one never counts
    verified = {r["target_id"]: r for r in json.loads(_same(runner, ["status", "--format", "json", "--verified-only"]))["records"]}
    assert verified["torch_national_incubators"]["achieved"] == 1 and verified["fudan_researchers"]["achieved"] == 0
    history = json.loads(_same(runner, ["history", "fudan_researchers", "--format", "json"]))["records"]
    assert [record["kind"] for record in history] == ["log", "log", "log", "correction"]
    items = json.loads(_same(runner, ["items", "drug_institute_five_ones", "--format", "json"]))["records"]
    assert [record.get("realised_as") for record in items] == [None, "中山藥物創新公共技術服務平台"]


def test_amendments_decimals_annual_pending_and_declared_categories(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_units_of_measure import AMENDED_SOURCE, _pending_plan

    _at(monkeypatch, "2021-04-05T09:00:00+00:00")
    _ok(runner, "load", str(_pending_plan(tmp_path)))
    _log(runner, "rd_coverage", "34", "--date", "2021-03-31")
    _log(runner, "rd_intensity", "3.54", "--date", "2021-03-31")
    for value, day in (("1000.1", "2025-03-31"), ("1999.7", "2025-06-30"), ("4000", "2024-12-31")):
        _log(runner, "contract_turnover", value, "--date", day)
    (tmp_path / "source.txt").write_text(AMENDED_SOURCE + "數字經濟核心產業增加值佔比目標值待定。力爭經過5年左右,建成創新平台10家。", encoding="utf-8")
    amended = tmp_path / "amended.yaml"
    amended.write_text(
        (tmp_path / "share.yaml")
        .read_text(encoding="utf-8")
        .replace("    value: 33\n", "    value: 35\n")
        .replace('source_text: "規模以上工業企業研發機構覆蓋率33%以上。"', 'source_text: "中期評估調整:規模以上工業企業研發機構覆蓋率35%以上。"'),
        encoding="utf-8",
    )
    _at(monkeypatch, "2021-07-05T09:00:00+00:00")
    _ok(runner, "load", str(amended), "--reason", "中期評估調整", "--effective", "2021-07-01")
    _log(runner, "hitech_enterprises", "31000", "--date", "2020-12-31", "--evidence", "統計公報")  # a baseline fact
    assert reading.fast_database(None) is not None
    for as_of in ("2021-06-30", "2021-07-01", "2021-12-31", "2025-12-31"):
        for known_at in ([], ["--known-at", "2021-07-01T00:00:00Z"], ["--known-at", "2021-04-01T00:00:00Z"]):
            _same(runner, ["status", "--format", "json", "--as-of", as_of, *known_at])
            _same(runner, ["status", "--as-of", as_of, *known_at])
            for target in ("rd_coverage", "rd_intensity", "contract_turnover", "digital_share", "platforms_five_years", "hitech_enterprises"):
                _same(runner, ["explain", target, "--as-of", as_of, *known_at])
    for args in (["status", "--category", "rd_input"], ["status", "--category", "rd_input", "--format", "json"], ["status", "--lang", "zh"]):
        _same(runner, args)
    for target in ("rd_coverage", "contract_turnover", "digital_share"):
        _same(runner, ["history", target, "--format", "json"])
        _same(runner, ["items", target])
    old = json.loads(_same(runner, ["status", "--format", "json", "--as-of", "2021-12-31", "--known-at", "2021-07-01T00:00:00Z"]))["records"]
    new = json.loads(_same(runner, ["status", "--format", "json", "--as-of", "2021-12-31"]))["records"]
    pick = {r["target_id"]: r for r in old}["rd_coverage"], {r["target_id"]: r for r in new}["rd_coverage"]
    assert [(r["status"], r["target"]) for r in pick] == [("met", 33), ("on_track", 35)]
    assert {r["target_id"]: r for r in new}["rd_intensity"]["achieved"] == 3.54


def test_the_paths_are_chosen_as_designed(tmp_path: Path, initialised: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fastread.SCHEMA == __import__("zsplan.store.migrate", fromlist=["SCHEMA_HEAD"]).SCHEMA_HEAD, (
        "a new migration: bring store/fastread.py's queries to it, then raise fastread.SCHEMA"
    )
    assert reading.fast_database(None) == fastread.Database(path=initialised)
    assert reading.fast_database(f"sqlite:///{initialised}") == fastread.Database(path=initialised, url=f"sqlite:///{initialised}")
    assert reading.fast_database(f"sqlite:///{initialised}?mode=ro") is None  # URI parameters: the ORM honours them
    assert reading.fast_database("postgresql+psycopg://nobody@127.0.0.1:1/none") is None
    assert reading.fast_database(str(tmp_path / "new.db")) is None  # a new database: the ORM initialises it
    (tmp_path / "empty.db").write_bytes(b"")
    assert reading.fast_database(str(tmp_path / "empty.db")) is None
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    assert reading.fast_database(str(tmp_path / "junk.db")) is None
    import shutil
    import sqlite3

    older = tmp_path / "older.db"
    shutil.copyfile(initialised, older)
    connection = sqlite3.connect(older)
    connection.execute("UPDATE alembic_version SET version_num = '0011'")
    connection.commit()
    connection.close()
    assert reading.fast_database(str(older)) is None  # an older schema: the ORM upgrades it
    monkeypatch.setenv("ZSPLAN_READ_PATH", "orm")
    assert reading.fast_database(None) is None


def test_a_file_name_with_url_characters_is_read_on_both_paths(runner: CliRunner, initialised: Path, tmp_path: Path) -> None:
    import shutil

    odd = tmp_path / "a b?c#d%e+f.db"
    shutil.copyfile(initialised, odd)
    env = cli_env(odd)
    fast = runner.invoke(app, ["status", "--format", "json"], env=env)
    orm = runner.invoke(app, ["status", "--format", "json"], env={**env, **ORM})
    assert fast.exit_code == 0 and fast.stdout_bytes == orm.stdout_bytes
    assert reading.fast_database(str(odd)) is not None
    from zsplan.store.db import sqlite_url

    assert reading._plain_sqlite_path(sqlite_url(odd)) == odd


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["explain", "torch_national_incubators"],
        ["items", "torch_national_incubators"],
        ["history", "fudan_researchers"],
        ["log", "fudan_researchers", "1", "--date", "2021-06-30"],
    ],
)
def test_everyday_commands_do_not_import_the_orm(initialised: Path, command: list[str]) -> None:
    probe = (
        "import sys\n"
        "from zsplan.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = sorted(name for name in ('sqlalchemy', 'sqlmodel', 'pydantic', 'yaml', 'alembic') if name in sys.modules)\n"
        "sys.stderr.write('IMPORTED ' + ' '.join(heavy) + '\\n')\n"
    )
    env = {**os.environ, **cli_env(initialised)}
    env.pop("ZSPLAN_READ_PATH", None)
    done = subprocess.run([sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "IMPORTED ", done.stderr
    orm = subprocess.run([sys.executable, "-c", probe, *command], env={**env, **ORM}, capture_output=True, text=True, check=False)
    assert "sqlalchemy" in orm.stderr.splitlines()[-1]  # the probe sees the ORM when it is used


def test_several_plans_go_the_orm_way_and_one_plan_with_links_reads_the_same(runner: CliRunner, initialised: Path, tmp_path: Path) -> None:
    from conftest import ROOT

    # one plan: the fast reader serves, unless --plan names another plan
    assert reading.fast_database(None, "zs-gba-itic-2019") == fastread.Database(path=initialised)
    assert reading.fast_database(None, "cn-14th-fyp-sti-2021") is None
    _ok(runner, "load", str(ROOT / "examples" / "cn-14th-fyp-sti.yaml"))
    assert reading.fast_database(None) is None  # two plans: choosing one is the ORM path's
    for args in (["status", "--plan", "zs-gba-itic-2019", "--format", "json", "--as-of", "2021-06-30"], ["status"], ["explain", "rd_growth"]):
        _same(runner, args)
    # a database holding the work points alone: its links (to a plan not loaded) read the same on both paths
    alone = tmp_path / "work-points.db"
    _ok(runner, "--db", str(alone), "load", str(ROOT / "examples" / "zs-work-points-2020.yaml"))
    assert reading.fast_database(str(alone)) == fastread.Database(path=alone)
    shown = _same(runner, ["--db", str(alone), "explain", "hku_lab_branch_2020", "--as-of", "2020-06-30", "--lang", "en"]).decode()
    assert "feeds              zs-gba-itic-2019: hku_lab_branch (that plan is not loaded)" in shown
    assert _same(runner, ["--db", str(alone), "explain", "zs-work-points-2020:hku_lab_branch_2020", "--as-of", "2020-06-30"]) == _same(
        runner, ["--db", str(alone), "explain", "hku_lab_branch_2020", "--as-of", "2020-06-30"]
    )


def test_status_of_one_plan_beside_another_is_read_fast_and_the_same(
    runner: CliRunner, initialised: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import ROOT

    _log(runner, "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--by", "u1")
    _log(runner, "cuiheng_public_platforms", "--item", "中山火炬创新创业园", "--date", "2020-07-30", "--by", "u2")
    _log(runner, "hit_research_staff", "32", "--date", "2021-06-30", "--evidence", "國科發區〔2020〕355號", "--by", "u1")
    _ok(runner, "load", str(ROOT / "examples" / "cn-14th-fyp-sti.yaml"))
    city_json = ["--plan", "zs-gba-itic-2019", "status", "--format", "json", "--as-of", "2021-06-30"]
    before = _same(runner, city_json)
    with monkeypatch.context() as patched:  # the city plan read as a large one beside a small one that cites nothing
        patched.setattr(fastread, "_FEW_TARGETS", 10)
        assert _same(runner, city_json) == before
    # the same document cited in the other plan, by another recorder: no double count within either plan
    _ok(runner, "--plan", "cn-14th-fyp-sti-2021", "log", "rd_growth", "7.5", "--date", "2021-06-30", "--evidence", "國科發區〔2020〕355號", "--by", "u9")
    city = "zs-gba-itic-2019"
    assert reading.fast_database(None, city) is None  # only status reads one plan of several on the fast path
    assert reading.fast_database(None, city, several=True) == fastread.Database(path=initialised, plan=city)
    assert reading.fast_database(None, "no-such-plan", several=True) is None  # the ORM path refuses it in its words
    assert reading.fast_database(None, None, several=True) is None  # none chosen: the ORM path asks which
    commands = [
        ["--plan", city, "status", "--format", "json", "--as-of", "2021-06-30"],
        ["--plan", city, "status", "--as-of", "2021-06-30", "--unit", "市科技局"],
        ["--plan", city, "status", "--format", "csv", "--category", "lab"],
        ["--plan", "cn-14th-fyp-sti-2021", "status", "--format", "json", "--as-of", "2021-06-30", "--category", "rd_input"],
        ["--plan", "no-such-plan", "status"],
        ["status"],
    ]
    few = [_same(runner, args) for args in commands]
    monkeypatch.setattr(fastread, "_FEW_TARGETS", 0)  # every plan read as a large one, by its id
    assert [_same(runner, args) for args in commands] == few
    monkeypatch.setattr(fastread, "_FEW_TARGETS", 10)  # the city plan large, beside a small plan that now cites a document
    assert [_same(runner, args) for args in commands] == few
    records = json.loads(few[0])["records"]
    assert {r["target_id"]: [(f["kind"], f["entries"]) for f in r["counted_twice"]] for r in records if r["counted_twice"]} == {
        "cuiheng_public_platforms": [("item", [1, 2])],
        "torch_national_incubators": [("item", [1, 2])],
    }
    national = json.loads(few[3])["records"]
    assert [(r["target_id"], r["achieved"], r["counted_twice"]) for r in national if r["target_id"] == "rd_growth"] == [("rd_growth", 7.5, [])]


def test_status_stops_the_cycle_collector_only_while_it_runs(runner: CliRunner, initialised: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from zsplan.render import status as render

    seen: list[bool] = []
    original = render.render_status_table
    monkeypatch.setattr(render, "render_status_table", lambda *args, **kwargs: (seen.append(gc.isenabled()), original(*args, **kwargs))[1])
    assert gc.isenabled()
    assert runner.invoke(app, ["status"]).exit_code == 0
    assert (seen, gc.isenabled()) == ([False], True)
    assert runner.invoke(app, ["status", "--as-of", "2017-01-01"]).exit_code == 2  # refused (before the plan was issued): on again too
    assert gc.isenabled()


@pytest.mark.parametrize(("few", "others"), [([], []), ([], ["elsewhere"]), ([], None)])
def test_a_large_plans_specs_keep_its_units_and_items_whatever_the_plans_beside_it(initialised: Path, few: list[str], others: list[str] | None) -> None:
    """fetch_specs of the session's plan when it is large (no list of its target ids): beside plans without targets,
    beside plans of few targets (NOT IN theirs) and beside large ones (its own id): the specs of the database read
    as one plan."""
    from zsplan.store import fastread

    database = fastread.open_database(initialised)
    assert database is not None
    with fastread.read_session(database) as session:
        alone = fastread.fetch_specs(session)
    plan = fastread.Database(path=database.path, url=database.url, plan="zs-gba-itic-2019")
    with fastread.read_session(plan) as session:
        session.__dict__.update(few=few, others=others)  # as a plan of more than _FEW_TARGETS targets would find them
        assert fastread.fetch_specs(session) == alone
    assert len(alone) == 57 and sum(len(spec.units) for spec in alone) > 57 and any(spec.items for spec in alone)
