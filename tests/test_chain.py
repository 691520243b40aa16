"""Tamper evidence: the hash chain over the ledger, the plan's digest, and what verify, status and report say."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import PLAN
from zsplan.cli import app
from zsplan.store.chain import GENESIS, entry_hash


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def ledger(runner, isolated_db: Path) -> Path:
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    for args in (
        ["hit_research_staff", "30", "--date", "2020-12-31"],
        ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "國科發區〔2020〕355號"],
        ["fudan_researchers", "10", "--date", "2021-05-31", "--note", "第一批"],
    ):
        assert invoke(runner, "log", *args).exit_code == 0
    assert invoke(runner, "correct", "1", "32", "--reason", "複核").exit_code == 0
    return isolated_db


def sql(db: Path, statement: str) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(statement)


def rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT id, entry_hash, target_id, kind, value, item_id, item_name, as_of, recorded_at, recorded_by, note, source, supersedes, reason "
            "FROM progress_entry ORDER BY id"
        ).fetchall()


def test_each_entry_hash_chains_to_the_one_before(runner, ledger: Path) -> None:
    stored = rows(ledger)
    previous = GENESIS
    for row in stored:
        assert row[1] == entry_hash(previous, row[2:])
        previous = row[1]
    result = invoke(runner, "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"verified: 4 entries in an unbroken hash chain, head {previous}; the plan's tables match its definitions\n"


@pytest.mark.parametrize(
    ("statement", "first_bad"),
    [
        ("UPDATE progress_entry SET value = 50 WHERE id = 1", 1),
        ("UPDATE progress_entry SET as_of = '2020-01-01' WHERE id = 3", 3),
        ("UPDATE progress_entry SET recorded_by = 'someone' WHERE id = 2", 2),
        ("DELETE FROM progress_entry WHERE id = 2", 3),
        ("UPDATE progress_entry SET source = NULL WHERE id = 2", 2),
    ],
)
def test_an_entry_changed_with_sqlite3_is_named(runner, ledger: Path, statement: str, first_bad: int) -> None:
    sql(ledger, statement)
    result = invoke(runner, "verify")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: entry #{first_bad} does not match the ledger's hash chain: it, or an entry before it, was changed, removed or inserted "
        "outside zsplan; restore a backup or an export, and ask who had write access to the database\n"
    )
    report = invoke(runner, "report", "--period", "2021H1")
    assert report.exit_code == 1
    assert report.stderr.endswith("Error: the ledger or the plan's tables were changed outside zsplan; no report is compiled from them: run 'zsplan verify'\n")


def test_a_name_key_changed_outside_zsplan_is_found_though_the_chain_holds(runner, ledger: Path) -> None:
    # the key is not in the chain (it is derived); changed, it would hide an achievement counted under two targets
    sql(ledger, "UPDATE progress_entry SET name_key = '别的园' WHERE id = 2")
    verify = invoke(runner, "verify")
    assert (verify.exit_code, verify.stderr) == (
        1,
        (
            "entry #2 keeps the key '别的园' for its item name '中山火炬創新創業園', which folds to '中山火炬创新创业园': "
            "the name or its key was changed outside zsplan\n"
            "Error: entries' name keys were changed outside zsplan (the counted-twice check reads them); restore a backup or an export\n"
        ),
    )
    zh = runner.invoke(app, ["verify"], env={"LANG": "zh_TW.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert zh.stderr == (
        "第2號記錄的事項名稱'中山火炬創新創業園'歸併後應為'中山火炬创新创业园'，但其歸併鍵為'别的园'：名稱或歸併鍵在zsplan之外被修改\n"
        "錯誤：記錄的名稱歸併鍵在zsplan之外被修改（重複計算核查依據它）；請從備份或導出文件恢復\n"
    )
    report = invoke(runner, "report", "--period", "2021H1")
    assert report.exit_code == 1
    assert "entry #2 keeps the key '别的园'" in report.stderr
    sql(ledger, "UPDATE progress_entry SET name_key = NULL WHERE id = 2")  # no key at all: folded when read, and no problem
    verified = runner.invoke(app, ["verify"], env={"LANG": "zh_TW.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.startswith("核驗通過：4條記錄的哈希鏈完整，鏈頭") and verified.stdout.endswith("；規劃數據表與其定義一致\n")


def test_a_realised_as_key_or_a_key_without_a_name_changed_outside_zsplan_is_found(runner, ledger: Path) -> None:
    assert invoke(runner, "log", "hit_platforms", "--item", "平台甲", "--as", "甲 平臺", "--date", "2020-06-30").exit_code == 0  # entry #5
    sql(ledger, "UPDATE entry_alias SET folded = 'zzz' WHERE entry_id = 5")
    sql(ledger, "UPDATE progress_entry SET name_key = '' WHERE id = 3")  # a value entry: it has no name, so no key
    verify = invoke(runner, "verify")
    assert (verify.exit_code, verify.stderr.splitlines()[:2]) == (
        1,
        [
            "entry #3 has no item name but keeps the name key '': the key was written outside zsplan",
            "entry #5 keeps the key 'zzz' for its realised-as name '甲 平臺', which folds to '甲平台': the name or its key was changed outside zsplan",
        ],
    )


def test_a_changed_name_is_named_with_its_key_beside_the_broken_chain(runner, ledger: Path) -> None:
    sql(ledger, "UPDATE progress_entry SET item_name = '改' WHERE id = 2")
    verify = invoke(runner, "verify")
    assert verify.exit_code == 1
    assert verify.stderr.splitlines()[0] == (
        "entry #2 keeps the key '中山火炬创新创业园' for its item name '改', which folds to '改': the name or its key was changed outside zsplan"
    )
    assert verify.stderr.splitlines()[-1].startswith("Error: entry #2 does not match the ledger's hash chain")


def test_a_changed_target_definition_is_found_and_not_used(runner, ledger: Path) -> None:
    sql(ledger, "UPDATE target SET kind = 'banana' WHERE id = 'provincial_lab'")
    verify = invoke(runner, "verify")
    assert (verify.exit_code, verify.stderr) == (
        1,
        "target 'provincial_lab' differs from the plan in kind\nError: the plan's tables were changed outside zsplan; restore a backup or an export\n",
    )
    status = invoke(runner, "status")
    assert status.exit_code == 1
    assert status.stderr == (
        "Error: target 'provincial_lab' has kind 'banana', which zsplan never writes: the database was changed outside zsplan; "
        "run 'zsplan verify', and restore a backup or an export\n"
    )
    sql(ledger, "UPDATE target SET kind = 'number', value = 3 WHERE id = 'provincial_lab'")
    assert (
        invoke(runner, "verify").stderr
        == "target 'provincial_lab' differs from the plan in value\nError: the plan's tables were changed outside zsplan; restore a backup or an export\n"
    )


def test_a_changed_unit_list_is_found(runner, ledger: Path) -> None:
    sql(ledger, "DELETE FROM target_unit WHERE target_id = 'hit_research_staff' AND role = 'lead'")
    assert invoke(runner, "verify").stderr.startswith("the targets' responsible units differ from the plan's\n")


def test_imports_extend_the_chain(runner, ledger: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "h1.csv"
    sheet.write_text("target,date,value,item\nhit_research_staff,2021-06-30,36,\nucas_teams,2021-06-30,,智能傳感器團隊\n", encoding="utf-8")
    assert invoke(runner, "import", str(sheet)).exit_code == 0
    assert invoke(runner, "verify").exit_code == 0
    assert len(rows(ledger)) == 6


def test_exports_carry_the_chain_and_a_changed_export_is_refused(runner, ledger: Path, tmp_path: Path) -> None:
    document = json.loads(invoke(runner, "export").stdout)
    head = rows(ledger)[-1][1]
    assert document["chain_head"] == head
    assert [entry["hash"] for entry in document["entries"]] == [row[1] for row in rows(ledger)]
    restored = tmp_path / "restored.db"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert invoke(runner, "--db", str(restored), "import", str(good)).exit_code == 0
    assert invoke(runner, "--db", str(restored), "verify").stdout.endswith(f"head {head}; the plan's tables match its definitions\n")
    document["entries"][0]["value"] = 99.0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    other = tmp_path / "other.db"
    refused = invoke(runner, "--db", str(other), "import", str(bad))
    assert (refused.exit_code, refused.stderr) == (1, "Error: entry #1 of the export does not match its hash: the export was changed after it was written\n")
    assert other.read_bytes() == b""  # nothing written: the empty file SQLite opened, which zsplan treats as new


def rewrite_bundle(source: Path, target: Path, change) -> None:
    """Copy a bundle, letting ``change(files, manifest)`` edit its members (digests not recomputed unless it does)."""
    import zipfile

    with zipfile.ZipFile(source) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files.pop("manifest.json"))
    change(files, manifest)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for name, data in files.items():
            archive.writestr(name, data)


def test_a_report_bundle_is_verified_offline(runner, ledger: Path, tmp_path: Path) -> None:
    from zsplan.io.bundle import sha256

    path = tmp_path / "2021H1.zip"
    made = invoke(runner, "bundle", "--period", "2021H1", "-o", str(path))
    assert made.exit_code == 0, made.output
    head = rows(ledger)[-1][1]
    assert made.stdout == f"wrote {path}: the 2021H1 report, a ledger of 4 entries, chain head {head}\n"
    ledger.unlink()  # offline: the bundle alone is checked, against a scratch database
    ok = invoke(runner, "verify", "--bundle", str(path))
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == (
        f"verified {path}: the files match their digests, the ledger of 4 entries chains to {head}, "
        "and report.md is computed again from it byte for byte (method 2)\n"
    )

    def edit_report(files, manifest, *, redigest: bool) -> None:
        files["report.md"] = files["report.md"].replace("進度滯後".encode(), "按序時進度推進".encode())
        if redigest:
            manifest["files"]["report.md"] = sha256(files["report.md"])

    edited = tmp_path / "edited.zip"
    rewrite_bundle(path, edited, lambda files, manifest: edit_report(files, manifest, redigest=False))
    result = invoke(runner, "verify", "--bundle", str(edited))
    assert (result.exit_code, result.stderr) == (1, f"Error: {edited}: report.md changed after the bundle was made (its SHA-256 does not match the manifest)\n")
    rewrite_bundle(path, edited, lambda files, manifest: edit_report(files, manifest, redigest=True))
    result = invoke(runner, "verify", "--bundle", str(edited))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {edited}: report.md does not follow from the bundled ledger (it was edited, or computed from other data)\n",
    )

    def edit_ledger(files, manifest) -> None:
        document = json.loads(files["ledger.json"])
        document["entries"][0]["value"] = 50.0
        files["ledger.json"] = json.dumps(document, ensure_ascii=False).encode()
        manifest["files"]["ledger.json"] = sha256(files["ledger.json"])

    rewrite_bundle(path, edited, edit_ledger)
    result = invoke(runner, "verify", "--bundle", str(edited))
    assert (result.exit_code, result.stderr) == (1, "Error: entry #1 of the export does not match its hash: the export was changed after it was written\n")


def test_a_negative_zero_is_recorded_as_zero_and_the_chain_still_verifies(runner, ledger: Path, tmp_path: Path) -> None:
    # SQLite keeps no negative zero: -0 was hashed as -0.0 and stored as 0.0, and verify then named the entry
    assert invoke(runner, "log", "fudan_researchers", "-0", "--date", "2021-06-30").exit_code == 0
    sheet = tmp_path / "zero.csv"
    sheet.write_text("target,date,value\nhit_research_staff,2021-06-30,-0\n", encoding="utf-8")
    assert invoke(runner, "import", str(sheet)).exit_code == 0
    assert [row[4] for row in rows(ledger)[-2:]] == [0.0, 0.0]
    assert invoke(runner, "verify").exit_code == 0
