"""The audit trail: corrections, retractions, history, --known-at and named items."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from zsplan.cli import app
from zsplan.service.assess import assess_plan
from zsplan.service.ledger import correct_entry, log_progress, retract_entry
from zsplan.store.db import get_engine, sqlite_url

UTC = dt.UTC
TODAY = dt.date(2026, 11, 29)


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def engine(initialised: Path):
    """An engine on this test's database (``ZSPLAN_DB``), which holds the bundled plan and no progress yet."""
    return get_engine(sqlite_url(initialised))


def at(hour: int) -> dt.datetime:
    return dt.datetime(2021, 7, 1, hour, 0, tzinfo=UTC)


def log(engine, target: str, value=None, item=None, date=dt.date(2021, 6, 30), now=at(9), by="clerk"):
    return log_progress(engine, target=target, value=value, item=item, as_of=date, today=TODAY, now=now, recorded_by=by, note=None, source=None)


def standing(engine, target: str, *, as_of=dt.date(2021, 6, 30), known_at=None):
    report = assess_plan(engine, as_of=as_of, known_at=known_at)
    return next(s for s in report.standings if s.target.id == target)


def test_correction_supersedes_and_known_at_reproduces_the_old_figure(engine) -> None:
    first = log(engine, "hit_research_staff", 30, now=at(9))
    correction = correct_entry(
        engine, entry_id=first.entry.id, value=35, item=None, as_of=None, reason="名冊複核", today=TODAY, now=at(11), recorded_by="auditor"
    )
    assert correction.entry.supersedes == first.entry.id
    assert (correction.standing.achieved, correction.standing.gap) == (35, 15)
    assert standing(engine, "hit_research_staff").achieved == 35
    # as the ledger stood at 10:00 — after the log, before the correction
    assert standing(engine, "hit_research_staff", known_at=at(10)).achieved == 30
    # before anything was recorded
    before = standing(engine, "hit_research_staff", known_at=at(8))
    assert (before.achieved, before.status.value) == (0, "no_data")


def test_retraction_cancels_an_entry(engine) -> None:
    log(engine, "fudan_researchers", 10, date=dt.date(2020, 6, 30), now=at(9))
    twice = log(engine, "fudan_researchers", 10, date=dt.date(2020, 6, 30), now=at(10))
    assert standing(engine, "fudan_researchers").achieved == 20
    retract_entry(engine, entry_id=twice.entry.id, reason="logged twice", now=at(11), recorded_by="auditor")
    assert standing(engine, "fudan_researchers").achieved == 10
    assert (
        standing(
            engine,
            "fudan_researchers",
            known_at=at(
                10,
            ),
        ).achieved
        == 20
    )


def test_history_shows_every_entry_with_who_when_why(runner, engine) -> None:
    first = log(engine, "hit_research_staff", 30, now=at(9))
    correct_entry(engine, entry_id=first.entry.id, value=35, item=None, as_of=None, reason="名冊複核", today=TODAY, now=at(11), recorded_by="auditor")
    other = log(engine, "hit_research_staff", 40, date=dt.date(2021, 12, 31), now=at(12))
    retract_entry(engine, entry_id=other.entry.id, reason="dated wrongly", now=at(13), recorded_by="auditor")
    result = invoke(runner, "history", "hit_research_staff", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["records"]
    assert [(r["id"], r["kind"], r["value"], r["supersedes"], r["superseded_by"], r["effective"]) for r in rows] == [
        (1, "log", 30, None, 2, False),
        (2, "correction", 35, 1, None, True),
        (3, "log", 40, None, 4, False),
        (4, "retraction", None, 3, None, False),
    ]
    assert rows[1]["recorded_at"] == "2021-07-01T11:00:00.000000Z"
    assert (rows[1]["recorded_by"], rows[1]["reason"], rows[1]["as_of"]) == ("auditor", "名冊複核", "2021-06-30")
    table = invoke(runner, "history", "hit_research_staff")
    assert table.exit_code == 0
    assert "superseded by #2" in table.stdout and "correction of #1" in table.stdout and "cancels #3" in table.stdout


def test_a_superseded_entry_cannot_be_corrected_again(runner, engine) -> None:
    first = log(engine, "hit_research_staff", 30)
    correct_entry(engine, entry_id=first.entry.id, value=35, item=None, as_of=None, reason="x", today=TODAY, now=at(11), recorded_by="a")
    result = invoke(runner, "correct", str(first.entry.id), "36", "--reason", "again")
    assert result.exit_code == 2
    assert result.stderr == "Error: entry #1 was already corrected by #2; work on #2 instead\n"
    retraction = invoke(runner, "retract", "2", "--reason", "wrong")
    assert retraction.exit_code == 0, retraction.output
    result = invoke(runner, "retract", "3", "--reason", "undo")
    assert result.stderr == "Error: entry #3 is a retraction; a retraction cannot be corrected or retracted\n"


def test_correct_and_retract_through_the_cli(runner, engine) -> None:
    log(engine, "hit_research_staff", 30)
    result = invoke(runner, "correct", "1", "35", "--reason", "名冊複核", "--by", "auditor")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "recorded correction #2 of #1 for hit_research_staff (哈工大無人裝備與人工智能創新中心專職科研團隊) as of 2021-06-30\n"
        "standing as of 2021-06-30: achieved 35 / target ≥50人, gap 15, 70%, status on_track\n"
    )
    result = invoke(runner, "retract", "2", "--reason", "wrong centre")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("standing as of 2021-06-30: achieved 0 / target ≥50人, gap 50, 0%, status no_data\n")


def test_status_known_at_through_the_cli(runner, engine) -> None:
    first = log(engine, "hit_research_staff", 30, now=at(9))
    correct_entry(engine, entry_id=first.entry.id, value=35, item=None, as_of=None, reason="x", today=TODAY, now=at(11), recorded_by="a")

    def achieved(*extra: str) -> int:
        result = invoke(runner, "status", "--as-of", "2021-06-30", "--format", "json", *extra)
        assert result.exit_code == 0, result.output
        return next(row for row in json.loads(result.stdout)["records"] if row["target_id"] == "hit_research_staff")["achieved"]

    assert achieved() == 35
    assert achieved("--known-at", "2021-07-01T10:00:00Z") == 30
    assert achieved("--known-at", "2021-07-01T18:00:00+08:00") == 30  # 10:00 UTC
    assert achieved("--known-at", "2021-07-01T11:00:00") == 35  # no zone: UTC


# ----------------------------------------------------------------- named items (台賬)


def test_items_count_and_duplicates_are_refused_across_scripts(runner, engine) -> None:
    log(engine, "ucas_teams", item="智能傳感器創新團隊", date=dt.date(2020, 5, 1))
    log(engine, "ucas_teams", item="生物醫藥 研發團隊", date=dt.date(2020, 9, 1))
    result = invoke(runner, "log", "ucas_teams", "--item", "智能传感器创新团队")
    assert result.exit_code == 2
    assert result.stderr == "Error: item '智能傳感器創新團隊' of 'ucas_teams' is already recorded (entry #1, as of 2020-05-01); an item counts once\n"
    result = invoke(runner, "log", "ucas_teams", "--item", "智能傳感器創新團隊")  # full-width letters fold too
    assert result.exit_code == 2
    s = standing(engine, "ucas_teams")
    assert (s.achieved, s.gap, s.percent) == (2, 48, 4)
    listing = invoke(runner, "items", "ucas_teams", "--format", "json")
    assert [row["item"] for row in json.loads(listing.stdout)["records"]] == ["智能傳感器創新團隊", "生物醫藥 研發團隊"]


def test_團隊_and_团队_are_the_same_item(runner, engine) -> None:
    log(engine, "cuiheng_high_level_teams", item="翠亨新區高層次創新團隊甲")
    result = invoke(runner, "log", "cuiheng_high_level_teams", "--item", "翠亨新区高层次创新团队甲")
    assert result.exit_code == 2
    assert "already recorded (entry #1" in result.stderr


def test_a_retracted_item_can_be_recorded_again_and_stops_counting(engine) -> None:
    first = log(engine, "torch_national_incubators", item="甲孵化器")
    retract_entry(engine, entry_id=first.entry.id, reason="lost national status", now=at(10), recorded_by="a")
    assert standing(engine, "torch_national_incubators").achieved == 0
    again = log(engine, "torch_national_incubators", item="甲孵化器", date=dt.date(2022, 3, 1), now=at(11))
    assert again.standing.achieved == 1


def test_correcting_an_item_renames_it(runner, engine) -> None:
    log(engine, "torch_national_incubators", item="甲孵化器")
    result = invoke(runner, "correct", "1", "--item", "中山甲科技企業孵化器", "--reason", "registered name")
    assert result.exit_code == 0, result.output
    listing = invoke(runner, "items", "torch_national_incubators")
    assert "中山甲科技企業孵化器" in listing.stdout and "甲孵化器\n" not in listing.stdout
    assert standing(engine, "torch_national_incubators").achieved == 1


def test_items_per_year_follow_their_dates(engine) -> None:
    log(engine, "engineering_labs_yearly", item="甲工程實驗室", date=dt.date(2020, 3, 1))
    log(engine, "engineering_labs_yearly", item="乙工程實驗室", date=dt.date(2021, 3, 1))
    s = standing(engine, "engineering_labs_yearly", as_of=dt.date(2022, 1, 10))
    assert s.achieved == 2 and s.expected == 2
    assert [(year.year, year.achieved, year.status.value) for year in s.years] == [(2020, 1, "met"), (2021, 1, "met"), (2022, 0, "behind")]


def test_a_correction_must_change_something_and_a_retraction_is_final(runner, engine) -> None:
    log(engine, "hit_research_staff", 30)
    same = invoke(runner, "correct", "1", "30", "--reason", "no change")
    assert (same.exit_code, same.stderr) == (2, "Error: entry #1 already says that; give a new value, --item or --date\n")
    assert invoke(runner, "retract", "1", "--reason", "wrong").exit_code == 0
    again = invoke(runner, "correct", "1", "31", "--reason", "x")
    assert again.stderr == "Error: entry #1 was retracted by #2; if it should count after all, log it again\n"


def test_the_series_sums_each_date_and_keeps_its_last_level_on_both_read_paths(engine, initialised: Path) -> None:
    from zsplan.store import db, fastread, ledger

    def nil(target: str, date: dt.date, now: dt.datetime) -> None:
        log_progress(engine, target=target, value=None, item=None, as_of=date, today=TODAY, now=now, recorded_by="clerk", note=None, source=None, nil=True)

    june, march = dt.date(2021, 6, 30), dt.date(2021, 3, 31)
    log(engine, "hit_research_staff", 20, date=march, now=at(1))
    log(engine, "hit_research_staff", 25, date=march, now=at(2))
    nil("hit_research_staff", march, at(3))  # after the 25: the date's last level is still 25
    wrong = log(engine, "hit_research_staff", 30, date=june, now=at(4))
    log(engine, "hit_research_staff", 28, date=june, now=at(5))
    correct_entry(engine, entry_id=wrong.entry.id, value=31, item=None, as_of=None, reason="名冊複核", today=TODAY, now=at(6), recorded_by="auditor")
    nil("hit_research_staff", dt.date(2021, 9, 30), at(7))  # a date of nil reports only has no level
    log(engine, "fudan_researchers", 10, date=march, now=at(8))
    expected = {
        "fudan_researchers": [(march, 10.0, 10.0)],
        # the correction (31) replaces the 30 and is the last entry of its date
        "hit_research_staff": [(march, 45.0, 25.0), (june, 59.0, 31.0), (dt.date(2021, 9, 30), 0.0, None)],
    }
    with db.read_session(engine) as session:
        assert ledger.progress_series(session, dt.date(2021, 12, 31)) == expected
        assert ledger.progress_series(session, june, ["hit_research_staff"]) == {"hit_research_staff": expected["hit_research_staff"][:2]}
        # as known before the correction: the 30 and the 28, the 28 last
        assert ledger.progress_series(session, june, ["hit_research_staff"], known_at=at(5))["hit_research_staff"][1] == (june, 58.0, 28.0)
    database = fastread.open_database(initialised)
    assert database is not None
    with fastread.read_session(database) as session:
        assert fastread.progress_series(session, dt.date(2021, 12, 31)) == expected
        assert fastread.progress_series(session, june, ["hit_research_staff"], known_at=at(5))["hit_research_staff"][1] == (june, 58.0, 28.0)
