"""Counted twice? The same named achievement or evidence document under two targets, or by two recorders, is flagged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from zsplan.analysis.evidence import Cited, Flag, counted_twice
from zsplan.cli import app

DAY = dt.date(2021, 6, 30)


def test_a_name_under_two_targets_is_flagged_on_both() -> None:
    found = counted_twice(
        [
            Cited(1, "torch", "u1", DAY, names=(("a", "甲園"),)),
            Cited(2, "cuiheng", "u2", DAY, names=(("a", "甲园"),)),
            Cited(3, "torch", "u1", DAY, names=(("b", "乙"),)),
        ]
    )
    assert found == {
        "cuiheng": [Flag("item", "甲園", "cuiheng", (1, 2), ("cuiheng", "torch"), ("u1", "u2"))],
        "torch": [Flag("item", "甲園", "torch", (1, 2), ("cuiheng", "torch"), ("u1", "u2"))],
    }


def test_one_document_for_one_targets_items_by_one_recorder_is_not_flagged() -> None:
    # one approval (國科發區〔2020〕355號) lists three incubators: one target, one recorder: no flag
    cited = [Cited(n, "torch", "u1", DAY, names=((str(n), str(n)),), documents=(("355", "355號"),)) for n in (1, 2, 3)]
    assert counted_twice(cited) == {}
    # the same document recorded by a second unit for the same target is flagged
    found = counted_twice([*cited, Cited(4, "torch", "u2", DAY, documents=(("355", "355號"),))])
    assert found == {"torch": [Flag("evidence", "355號", "torch", (1, 2, 3, 4), ("torch",), ("u1", "u2"))]}


def test_the_same_name_twice_for_one_target_is_not_a_double_count_between_targets() -> None:
    # an entry's item name and its realised-as name both fold to one key: one entry, no flag
    assert counted_twice([Cited(1, "t", "u", DAY, names=(("k", "甲"), ("k", "甲 ")))]) == {}


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def test_explain_status_and_report_flag_what_may_be_counted_twice(runner, loaded: Path) -> None:
    for args in (
        ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "國科發區〔2020〕355號", "--by", "u1"],
        ["cuiheng_public_platforms", "--item", "中山火炬创新创业园", "--date", "2020-07-30", "--by", "u2"],
        ["hit_research_staff", "32", "--date", "2021-06-30", "--evidence", "國科發區 〔2020〕355號", "--by", "u1"],
    ):
        assert invoke(runner, "log", *args).exit_code == 0
    lines = invoke(runner, "explain", "torch_national_incubators", "--as-of", "2021-06-30").stdout.splitlines()
    assert [line.rstrip() for line in lines if line.startswith("counted twice?")] == [
        "counted twice?     the achievement '中山火炬創新創業園' is also recorded under cuiheng_public_platforms (entries #1, #2); an analyst decides",
        "counted twice?     the document '國科發區〔2020〕355號' is also cited under hit_research_staff (entries #1, #3, recorded by u1); an analyst decides",
    ]
    zh = invoke(runner, "explain", "torch_national_incubators", "--as-of", "2021-06-30", "--lang", "zh").stdout.splitlines()
    assert [" ".join(line.split()) for line in zh if line.startswith("可能重複計算")] == [
        "可能重複計算 「中山火炬創新創業園」亦計入翠亨新區各類創新創業公共平台（記錄第1號、第2號），可能重複計算，請核實",
        "可能重複計算 證明材料「國科發區〔2020〕355號」亦用於哈工大無人裝備與人工智能創新中心專職科研團隊（記錄第1號、第3號，報送人u1），可能重複計算，請核實",
    ]
    records = {row["target_id"]: row for row in json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json").stdout)["records"]}
    assert records["cuiheng_public_platforms"]["counted_twice"] == [
        {
            "kind": "item",
            "key": "中山火炬創新創業園",
            "entries": [1, 2],
            "targets": ["cuiheng_public_platforms", "torch_national_incubators"],
            "recorded_by": ["u1", "u2"],
        }
    ]
    assert records["provincial_lab"]["counted_twice"] == []
    # before the second entry is dated, nothing is shared
    early = {row["target_id"]: row for row in json.loads(invoke(runner, "status", "--as-of", "2020-06-30", "-f", "json").stdout)["records"]}
    assert early["torch_national_incubators"]["counted_twice"] == []
    report = invoke(runner, "report", "--period", "2021H1", "--lang", "zh").stdout
    assert "火炬開發區國家級科技企業孵化器：「中山火炬創新創業園」亦計入翠亨新區各類創新創業公共平台，可能重複計算，請核實。" in report
    assert (
        "哈工大無人裝備與人工智能創新中心專職科研團隊：證明材料「國科發區〔2020〕355號」亦用於火炬開發區國家級科技企業孵化器，可能重複計算，請核實。" in report
    )


def test_folding_many_names_at_once_gives_each_name_its_own_key() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zsplan.text import fold, fold_many

    names = ["市發展改革局", "市发展改革局", "ＡＢＣ孵化器", "abc孵化器", "中山\u200b火炬 孵化器", "甲1平台", "Straße", "臺灣", "", "  "]
    many = names * 40  # past the size from which the texts are folded joined
    assert fold_many(many) == [fold(name) for name in many]
    assert fold_many(many)[:4] == ["市发展改革局", "市发展改革局", "abc孵化器", "abc孵化器"]

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), min_size=256, max_size=300))
    def same_keys(texts: list[str]) -> None:
        assert fold_many(texts) == [fold(text) for text in texts]

    same_keys()


def test_only_entries_sharing_a_key_are_kept_for_the_check_and_the_flags_are_the_same() -> None:
    from zsplan.store.plain import cited

    day = dt.date(2021, 6, 30)
    # every other entry keeps its key (revision 0015); the others (written outside zsplan) are folded on reading
    rows = [(n, f"t{n % 7}", "unit", day, f"孵化器{n}", None if n % 2 else f"孵化器{n}", None) for n in range(1, 600)]
    rows += [(600, "t1", "unit", day, "中山火炬孵化器", "中山火炬孵化器", None), (601, "t2", "unit", day, "中山火炬孵化器", None, "國科發區〔2021〕8號")]
    rows += [(602, "t3", "other", day, None, None, "國科發區〔2021〕8號")]
    aliases = {5: ("中山火炬孵化器", "中山火炬孵化器")}
    kept = cited(rows, aliases, {})
    assert [entry.entry_id for entry in kept] == [5, 600, 601, 602]
    assert kept[2].names == (("中山火炬孵化器", "中山火炬孵化器"),) and kept[2].documents == (("国科发区〔2021〕8号", "國科發區〔2021〕8號"),)
    every = [
        Cited(
            entry_id,
            target,
            by,
            when,
            tuple((name, name) for name in (item, aliases.get(entry_id, (None,))[0]) if name),
            ((source, source),) if source else (),
        )
        for entry_id, target, by, when, item, _, source in rows
    ]
    assert counted_twice(kept) == counted_twice(every)
    assert sorted(counted_twice(kept)) == ["t1", "t2", "t3", "t5"]


def test_the_key_kept_with_an_entry_is_the_name_it_is_judged_by() -> None:
    from zsplan.store.plain import cited

    day = dt.date(2021, 6, 30)
    # the names differ as written; their kept keys are the same: one achievement under two targets
    kept = cited([(1, "a", "u", day, "甲園", "k", None), (2, "b", "u", day, "乙園", "k", None), (3, "c", "u", day, "甲園", "other", None)], {}, {})
    assert [(entry.entry_id, entry.names) for entry in kept] == [(1, (("k", "甲園"),)), (2, (("k", "乙園"),))]


def test_the_names_and_texts_grouped_in_sql_name_what_may_be_counted_twice_before_any_entry_is_read() -> None:
    from zsplan.store.plain import NARROW_LIMIT, Flagged, flagged_documents, keyed_names, shared_names

    groups = [
        ("國科發區〔2020〕355號", "torch_national_incubators", "torch_national_incubators", "u1", "u2"),  # two recorders: flagged
        ("国科发区〔2020〕355号", "cuiheng_public_platforms", "cuiheng_public_platforms", "u1", "u1"),  # its other script: flagged with it
        ("某報道", "hit_research_staff", "hit_research_staff", "u1", "u1"),
        ("某报道 ", "hit_research_staff", "hit_research_staff", "u1", "u1"),  # one target, one recorder, two ways of writing: not flagged
        ("", "a", "b", "u1", "u2"),  # no text, no key
    ]
    assert flagged_documents(groups) == {"國科發區〔2020〕355號", "国科发区〔2020〕355号"}
    assert flagged_documents([("乙", "a", "b", "u", "u")]) == {"乙"}  # one stored text under two targets is flagged from its own row
    # names: keys spanning two targets in SQL, and the realised-as names (key kept) and unkeyed names (folded here) beside them
    beside = keyed_names(
        [
            ("甲孵化器", "甲孵化器", "drug_institute_five_ones"),  # realised as 甲孵化器, which torch's entries hold too
            ("中山火炬創新創業園", None, "torch_national_incubators"),  # kept without a key: folded to 中山火炬创新创业园
            ("  ", None, "t"),  # no key: dropped
        ]
    )
    assert beside == [("甲孵化器", "甲孵化器", "drug_institute_five_ones"), ("中山火炬创新创业园", "中山火炬創新創業園", "torch_national_incubators")]
    spans = [("甲孵化器", "torch_national_incubators", "torch_national_incubators")]  # no keyed entry under 中山火炬创新创业园
    assert shared_names(["乙園"], beside, spans) == ({"乙園", "甲孵化器"}, {"甲孵化器"})
    spans.append(("中山火炬创新创业园", "cuiheng_public_platforms", "cuiheng_public_platforms"))
    assert shared_names([], beside, spans) == ({"甲孵化器", "中山火炬创新创业园"}, {"甲孵化器", "中山火炬創新創業園"})
    assert shared_names([], beside[1:], spans[:1]) == (set(), set())  # each alone under its own target
    assert Flagged.of(["b", "a", "a"], ["x"]) == Flagged(("a", "b"), ("x",), (), narrow=True)
    assert Flagged.of([f"園{n}" for n in range(NARROW_LIMIT + 1)], []).narrow is False


def test_reading_only_the_flagged_entries_gives_the_flags_a_full_read_gives_on_both_read_paths(runner, loaded: Path, monkeypatch) -> None:
    from zsplan.store import plain

    for args in (
        ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "國科發區〔2020〕355號", "--by", "u1"],
        ["cuiheng_public_platforms", "--item", "中山火炬创新创业园", "--date", "2020-07-30", "--by", "u2"],
        ["torch_national_incubators", "--item", "甲孵化器", "--date", "2020-08-30", "--evidence", "國科發區〔2020〕355號", "--by", "u2"],
        ["drug_institute_five_ones", "--item", "public_platform", "--as", "甲孵化器", "--date", "2020-09-30", "--by", "u3"],
        ["hit_research_staff", "32", "--date", "2021-06-30", "--evidence", "某報道", "--by", "u1"],
    ):
        assert invoke(runner, "log", *args).exit_code == 0

    def flags(path: str) -> dict[str, list[dict[str, object]]]:
        monkeypatch.setenv("ZSPLAN_READ_PATH", path)
        result = invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json")
        assert result.exit_code == 0, result.output
        return {row["target_id"]: row["counted_twice"] for row in json.loads(result.stdout)["records"] if row["counted_twice"]}

    narrowed = {path: flags(path) for path in ("fast", "orm")}
    monkeypatch.setattr(plain, "NARROW_LIMIT", 0)  # every cited entry read, as before the texts were grouped
    full = {path: flags(path) for path in ("fast", "orm")}
    assert narrowed == full
    assert narrowed["fast"] == narrowed["orm"]
    assert sorted(narrowed["fast"]) == ["cuiheng_public_platforms", "drug_institute_five_ones", "torch_national_incubators"]
    assert [(flag["kind"], flag["key"], flag["entries"]) for flag in narrowed["fast"]["torch_national_incubators"]] == [
        ("item", "中山火炬創新創業園", [1, 2]),
        ("item", "甲孵化器", [3, 4]),
        ("evidence", "國科發區〔2020〕355號", [1, 3]),
    ]


def test_a_named_entry_kept_without_its_key_is_folded_on_reading_and_flagged_on_both_read_paths(runner, loaded: Path, monkeypatch) -> None:
    import sqlite3

    for args in (
        ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--by", "u1"],
        ["cuiheng_public_platforms", "--item", "中山火炬创新创业园", "--date", "2020-07-30", "--by", "u2"],
        ["drug_institute_five_ones", "--item", "public_platform", "--as", "中山火炬创新创业园", "--date", "2020-09-30", "--by", "u3"],
    ):
        assert invoke(runner, "log", *args).exit_code == 0
    with sqlite3.connect(loaded) as connection:  # as a writer outside zsplan leaves it: the name without its key
        assert connection.execute("SELECT id, name_key FROM progress_entry ORDER BY id").fetchall() == [
            (1, "中山火炬创新创业园"),
            (2, "中山火炬创新创业园"),
            (3, "公共技术平台"),  # the checklist item, by the plan's name of it
        ]
        connection.execute("UPDATE progress_entry SET name_key = NULL WHERE id = 1")

    def flagged(path: str) -> dict[str, list[list[int]]]:
        monkeypatch.setenv("ZSPLAN_READ_PATH", path)
        result = invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json")
        assert result.exit_code == 0, result.output
        return {row["target_id"]: [flag["entries"] for flag in row["counted_twice"]] for row in json.loads(result.stdout)["records"] if row["counted_twice"]}

    expected = {"cuiheng_public_platforms": [[1, 2, 3]], "drug_institute_five_ones": [[1, 2, 3]], "torch_national_incubators": [[1, 2, 3]]}
    assert flagged("fast") == expected
    assert flagged("orm") == expected


def test_an_entry_that_does_not_count_is_not_counted_twice_on_either_read_path(runner, loaded: Path, monkeypatch) -> None:
    for args in (
        ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--by", "u1"],
        ["cuiheng_public_platforms", "--item", "中山火炬创新创业园", "--date", "2020-07-30", "--by", "u2"],
        ["hit_platforms", "--item", "中山火炬创新创业园", "--date", "2020-08-30", "--by", "u3", "--evidence", "某帖子", "--grade", "D"],
    ):
        assert invoke(runner, "log", *args).exit_code == 0

    def flagged(path: str, *options: str) -> dict[str, list[list[int]]]:
        monkeypatch.setenv("ZSPLAN_READ_PATH", path)
        result = invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json", *options)
        assert result.exit_code == 0, result.output
        return {row["target_id"]: [flag["entries"] for flag in row["counted_twice"]] for row in json.loads(result.stdout)["records"] if row["counted_twice"]}

    both = {"cuiheng_public_platforms": [[1, 2]], "torch_national_incubators": [[1, 2]]}
    every = {target: [[1, 2, 3]] for target in ("cuiheng_public_platforms", "hit_platforms", "torch_national_incubators")}
    for path in ("fast", "orm"):
        assert flagged(path) == both  # #3 is an unverified grade-D claim: it does not count by default
        assert flagged(path, "--include-unverified") == every
    assert invoke(runner, "review", "2", "--reject", "--reason", "另一園區").exit_code == 0
    for path in ("fast", "orm"):
        assert flagged(path) == {}  # #1 alone counts
        assert flagged(path, "--include-unverified") == {target: [[1, 3]] for target in ("hit_platforms", "torch_national_incubators")}
