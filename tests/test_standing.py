"""The status method on in-memory targets, against hand-computed values."""

from __future__ import annotations

import datetime as dt

import pytest

from zsplan.analysis.standing import ProgressFacts, Status, TargetSpec, assess, expected_value, summarise, time_elapsed

BASE = dt.date(2019, 9, 30)
DEADLINE = dt.date(2022, 12, 31)
MID_2021 = dt.date(2021, 6, 30)
# 2019-09-30 → 2021-06-30 is 639 days; → 2022-12-31 is 1188 days.
F_MID_2021 = 639 / 1188


def spec(kind: str = "number", **fields) -> TargetSpec:
    values = {
        "id": "t",
        "name": "測試",
        "kind": kind,
        "category": "incubator",
        "unit": "家",
        "comparator": "at_least",
        "deadline": DEADLINE,
        "baseline_value": 0.0,
        "baseline_date": BASE,
        "progress": "stock",
    }
    values.update(fields)
    return TargetSpec(**values)


def facts(**fields) -> ProgressFacts:
    return ProgressFacts(**{"entries": 1, **fields})


def test_time_elapsed_is_the_share_of_days() -> None:
    assert time_elapsed(BASE, DEADLINE, MID_2021) == pytest.approx(0.537878787)
    assert time_elapsed(BASE, DEADLINE, dt.date(2019, 1, 1)) == 0.0
    assert time_elapsed(BASE, DEADLINE, dt.date(2030, 1, 1)) == 1.0


def test_torch_incubators_three_of_four_mid_2021() -> None:
    standing = assess(spec(value=4), facts(latest=3.0), MID_2021)
    assert standing.achieved == 3
    assert standing.gap == 1
    assert standing.percent == 75
    assert standing.expected == pytest.approx(4 * F_MID_2021)  # 2.152
    assert standing.days_left == 549
    assert standing.status is Status.ON_TRACK


def test_two_of_four_mid_2021_is_behind() -> None:
    standing = assess(spec(value=4), facts(latest=2.0), MID_2021)
    assert (standing.gap, standing.percent, standing.status) == (2, 50, Status.BEHIND)


def test_achieved_exactly_on_the_linear_schedule_is_on_track() -> None:
    # 2020-09-30 is 366 of 1188 days; a target of 1188 expects 366 by then.
    standing = assess(spec(value=1188), facts(latest=366.0), dt.date(2020, 9, 30))
    assert standing.expected == pytest.approx(366)
    assert standing.status is Status.ON_TRACK
    assert assess(spec(value=1188), facts(latest=365.0), dt.date(2020, 9, 30)).status is Status.BEHIND


def test_flow_target_adds_increments() -> None:
    standing = assess(spec(value=50, progress="flow"), facts(entries=2, total=25.0, latest=15.0), MID_2021)
    assert standing.achieved == 25
    assert standing.gap == 25
    assert standing.percent == 50
    assert standing.expected == pytest.approx(26.8939, abs=1e-4)
    assert standing.status is Status.BEHIND


def test_baseline_counts_towards_a_flow_target() -> None:
    standing = assess(spec(value=10, progress="flow", baseline_value=4.0), facts(total=3.0), MID_2021)
    assert standing.achieved == 7
    assert standing.gap == 3
    assert standing.percent == 70
    assert standing.expected == pytest.approx(4 + 6 * F_MID_2021)


def test_over_achievement_is_a_surplus_never_a_negative_gap() -> None:
    standing = assess(spec(value=4), facts(latest=5.0), MID_2021)
    assert (standing.gap, standing.surplus, standing.percent, standing.status) == (0, 1, 125, Status.MET)


def test_deadline_passed_unmet_is_missed() -> None:
    standing = assess(spec(value=4), facts(latest=3.0), dt.date(2023, 1, 1))
    assert standing.status is Status.MISSED
    assert standing.days_left == -1
    assert standing.gap == 1


def test_nothing_reported_is_no_data_with_the_whole_gap() -> None:
    standing = assess(spec(value=4), ProgressFacts(), MID_2021)
    assert (standing.achieved, standing.gap, standing.percent, standing.status) == (0, 4, 0, Status.NO_DATA)
    assert assess(spec(value=4), ProgressFacts(), dt.date(2022, 12, 30)).status is Status.NO_DATA
    # never reported by the deadline: missed (and flagged), not no_data
    late = assess(spec(value=4), ProgressFacts(), dt.date(2024, 1, 1))
    assert (late.status, late.unreported, late.achieved_at_deadline, late.gap) == (Status.MISSED, True, 0, 4)


def test_range_is_met_at_its_lower_bound() -> None:
    range_spec = spec("range", minimum=2.0, maximum=3.0)
    assert range_spec.target_value == 2
    one = assess(range_spec, facts(latest=1.0), MID_2021)
    assert (one.gap, one.percent, one.status) == (1, 50, Status.BEHIND)
    two = assess(range_spec, facts(latest=2.0), MID_2021)
    assert (two.gap, two.percent, two.status) == (0, 100, Status.MET)
    three = assess(range_spec, facts(latest=3.0), MID_2021)
    assert (three.gap, three.surplus, three.percent, three.status) == (0, 1, 150, Status.MET)


def yearly(**fields) -> TargetSpec:
    return spec("per_year", per_year=1.0, years=(2020, 2021, 2022), progress="flow", unit="家", **fields)


def test_per_year_expected_is_stepped() -> None:
    target = yearly()
    assert target.target_value == 3
    assert expected_value(target, dt.date(2020, 12, 30)) == 0
    assert expected_value(target, dt.date(2020, 12, 31)) == 1
    assert expected_value(target, MID_2021) == 1
    assert expected_value(target, dt.date(2021, 12, 31)) == 2
    assert expected_value(target, DEADLINE) == 3


def test_per_year_target_judges_each_year() -> None:
    standing = assess(yearly(), facts(total=1.0, by_year={2020: 1.0}), MID_2021)
    assert (standing.achieved, standing.gap, standing.expected, standing.status) == (1, 2, 1, Status.ON_TRACK)
    assert [(y.year, y.target, y.achieved, y.status) for y in standing.years] == [
        (2020, 1, 1, Status.MET),
        (2021, 1, 0, Status.BEHIND),
        (2022, 1, 0, Status.NO_DATA),
    ]


def test_per_year_reports_before_the_first_year_count_towards_it() -> None:
    standing = assess(yearly(), facts(total=1.0, by_year={2019: 1.0}), dt.date(2022, 1, 15))
    # 2022 has begun (14 of 364 days) with nothing added: judged linearly within the year
    assert [y.status for y in standing.years] == [Status.MET, Status.MISSED, Status.BEHIND]
    # 2021 ended without its quota: every year is asked for, so the target is missed before its deadline
    assert (standing.expected, standing.status) == (2, Status.MISSED)


def test_checklist_counts_distinct_items() -> None:
    checklist = spec("checklist", items=(("a", "甲"), ("b", "乙"), ("c", "丙"), ("d", "丁"), ("e", "戊")), progress="flow", unit="個")
    standing = assess(checklist, facts(entries=3, items_done=frozenset({"a", "c"})), MID_2021)
    assert (standing.achieved, standing.target_value, standing.gap, standing.percent) == (2, 5, 3, 40)
    assert standing.items_done == ("a", "c")
    assert standing.status is Status.BEHIND  # 2 < 5 × 0.5379 = 2.69


def test_milestone_is_done_or_not() -> None:
    milestone = spec("milestone")
    not_yet = assess(milestone, facts(latest=0.0), MID_2021)
    assert (not_yet.achieved, not_yet.gap, not_yet.percent, not_yet.status) == (0, 1, 0, Status.ON_TRACK)
    done = assess(milestone, facts(latest=1.0), MID_2021)
    assert (done.achieved, done.gap, done.percent, done.status) == (1, 0, 100, Status.MET)
    late = assess(milestone, facts(latest=0.0), dt.date(2023, 3, 1))
    assert late.status is Status.MISSED


def test_lower_is_better_target() -> None:
    lower = spec(value=4.0, comparator="at_most", baseline_value=10.0)
    standing = assess(lower, facts(latest=6.0), MID_2021)
    assert standing.gap == 2
    assert standing.percent == pytest.approx(100 * 4 / 6)
    # expected: 10 − 6 × 0.5379 = 6.77; 6 is below it, so on track
    assert standing.status is Status.ON_TRACK
    assert assess(lower, facts(latest=3.0), MID_2021).status is Status.MET
    assert assess(lower, facts(latest=3.0), MID_2021).surplus == 1


def test_summary_counts_every_status() -> None:
    standings = [assess(spec(value=4), facts(latest=v), MID_2021) for v in (5.0, 3.0, 1.0)] + [assess(spec(value=4), ProgressFacts(), MID_2021)]
    assert {s.value: n for s, n in summarise(standings).items()} == {"missed": 0, "scheduled": 0, "behind": 1, "no_data": 1, "on_track": 1, "met": 1}


# --- the deadline verdict: final at the end of the deadline day ------------------------------------

DAY_BEFORE = dt.date(2022, 12, 30)


def test_unmet_on_the_deadline_day_itself_is_missed() -> None:
    # 2022-12-30: 1187 of 1188 days, 4 × 1187/1188 = 3.997 expected: 3 is behind, one day to go
    before = assess(spec(value=4), facts(item_count=3, latest=3.0), DAY_BEFORE)
    assert (before.status, before.days_left, before.achieved_at_deadline, before.unreported) == (Status.BEHIND, 1, None, False)
    # "到2022年" ends with 2022-12-31: as of that day the verdict is final
    on = assess(spec(value=4), facts(item_count=3, latest=3.0), DEADLINE)
    assert (on.status, on.days_left, on.achieved, on.gap, on.achieved_at_deadline) == (Status.MISSED, 0, 3, 1, 3)
    assert (on.unreported, on.completed_late, on.completed_on, on.days_late) == (False, False, None, None)
    assert on.deadline_reached and not before.deadline_reached


def test_met_on_the_deadline_day_is_met() -> None:
    standing = assess(spec(value=4), facts(latest=4.0), DEADLINE)
    assert (standing.status, standing.gap, standing.achieved_at_deadline) == (Status.MET, 0, 4)


def test_milestone_not_done_on_its_deadline_day_is_missed() -> None:
    milestone = spec("milestone")
    assert assess(milestone, facts(latest=0.0), DAY_BEFORE).status is Status.ON_TRACK
    assert assess(milestone, facts(latest=0.0), DEADLINE).status is Status.MISSED
    assert assess(milestone, facts(latest=1.0), DEADLINE).status is Status.MET


def test_never_reported_is_missed_and_unreported_from_the_deadline_day() -> None:
    assert assess(spec(value=4), ProgressFacts(), DAY_BEFORE).status is Status.NO_DATA
    standing = assess(spec(value=4), ProgressFacts(), DEADLINE)
    assert (standing.status, standing.unreported, standing.entries, standing.achieved_at_deadline) == (Status.MISSED, True, 0, 0)
    milestone = assess(spec("milestone"), ProgressFacts(), DEADLINE)
    assert (milestone.status, milestone.unreported) == (Status.MISSED, True)


TORCH_LATE = dt.date(2023, 3, 1)  # the 4th incubator: 2023-03-01 − 2022-12-31 = 31 + 28 + 1 = 60 days


def torch_facts(as_of_rows: tuple) -> ProgressFacts:
    """Torch zone: 3 incubators by 2021-06-30, and ``as_of_rows`` (date, sum, last) after the deadline."""
    at_deadline = ProgressFacts(entries=3, last_as_of=dt.date(2021, 6, 30), item_count=3)
    later = len(as_of_rows)
    return ProgressFacts(
        entries=3 + later,
        last_as_of=as_of_rows[-1][0] if as_of_rows else dt.date(2021, 6, 30),
        item_count=3 + later,
        at_deadline=at_deadline,
        after_deadline=as_of_rows,
    )


def test_an_incubator_after_the_deadline_leaves_it_missed_but_completed_late() -> None:
    torch = spec(value=4, mode="items")
    standing = assess(torch, torch_facts(((TORCH_LATE, 1.0, 1.0),)), dt.date(2024, 12, 31))
    assert (standing.status, standing.achieved_at_deadline) == (Status.MISSED, 3)
    # the figures are the as-of date's: all four are there now
    assert (standing.achieved, standing.gap, standing.percent, standing.entries, standing.last_as_of) == (4, 0, 100, 4, TORCH_LATE)
    assert (standing.completed_late, standing.completed_on, standing.days_late, standing.unreported) == (True, TORCH_LATE, 60, False)
    # the day before the 4th: missed, not (yet) completed late
    before = assess(torch, torch_facts(()), dt.date(2023, 2, 28))
    assert (before.status, before.achieved, before.completed_late, before.completed_on) == (Status.MISSED, 3, False, None)


def test_entries_after_the_deadline_need_the_deadline_facts() -> None:
    # the store must say what stood at the deadline once something is dated after it
    after = ProgressFacts(entries=4, last_as_of=TORCH_LATE, item_count=4)
    with pytest.raises(ValueError) as error:
        assess(spec(value=4, mode="items"), after, dt.date(2024, 12, 31))
    assert str(error.value) == (
        "t: entries are dated after the deadline 2022-12-31 (the last 2023-03-01) but the facts carry no at_deadline aggregate: "
        "the deadline verdict needs the entries dated up to the deadline"
    )
    # before the deadline, or with nothing dated after it, the facts are enough
    assert (
        assess(spec(value=4, mode="items"), ProgressFacts(entries=3, last_as_of=dt.date(2021, 6, 30), item_count=3), dt.date(2024, 12, 31)).status
        is Status.MISSED
    )


def test_late_completion_without_dated_rows_has_no_date() -> None:
    facts_ = ProgressFacts(entries=4, last_as_of=TORCH_LATE, item_count=4, at_deadline=ProgressFacts(entries=3, last_as_of=dt.date(2021, 6, 30), item_count=3))
    standing = assess(spec(value=4, mode="items"), facts_, dt.date(2024, 12, 31))
    assert (standing.status, standing.completed_late, standing.completed_on, standing.days_late) == (Status.MISSED, True, None, None)


def test_late_completion_is_dated_by_the_report_that_reaches_the_target() -> None:
    # stock: 40 at the deadline, 45 on 2023-02-01 (short), 52 on 2023-05-01 (reached): 120 + 1 = 121 days late
    stock = spec(value=50, unit="人")
    rows = ((dt.date(2023, 2, 1), 45.0, 45.0), (dt.date(2023, 5, 1), 52.0, 52.0))
    at_deadline = ProgressFacts(entries=1, last_as_of=dt.date(2022, 6, 30), latest=40.0)
    standing = assess(
        stock, ProgressFacts(entries=3, last_as_of=dt.date(2023, 5, 1), latest=52.0, at_deadline=at_deadline, after_deadline=rows), dt.date(2023, 12, 31)
    )
    assert (standing.status, standing.achieved, standing.surplus, standing.achieved_at_deadline) == (Status.MISSED, 52, 2, 40)
    assert (standing.completed_on, standing.days_late) == (dt.date(2023, 5, 1), 121)
    # flow: 45 of 50 at the deadline, +3 on 2023-01-05 (48), +4 on 2023-01-10 (52): 10 days late
    flow = spec(value=50, progress="flow", unit="人")
    rows = ((dt.date(2023, 1, 5), 3.0, 3.0), (dt.date(2023, 1, 10), 4.0, 4.0))
    at_deadline = ProgressFacts(entries=2, last_as_of=dt.date(2022, 12, 31), total=45.0)
    standing = assess(
        flow, ProgressFacts(entries=4, last_as_of=dt.date(2023, 1, 10), total=52.0, at_deadline=at_deadline, after_deadline=rows), dt.date(2023, 6, 30)
    )
    assert (standing.status, standing.achieved, standing.achieved_at_deadline, standing.completed_on, standing.days_late) == (
        Status.MISSED,
        52,
        45,
        dt.date(2023, 1, 10),
        10,
    )


def test_reported_only_after_the_deadline_is_unreported_and_completed_late() -> None:
    milestone = spec("milestone")
    rows = ((dt.date(2023, 1, 20), 1.0, 1.0),)
    standing = assess(
        milestone, ProgressFacts(entries=1, last_as_of=dt.date(2023, 1, 20), latest=1.0, at_deadline=ProgressFacts(), after_deadline=rows), dt.date(2023, 6, 30)
    )
    assert (standing.status, standing.unreported, standing.achieved, standing.achieved_at_deadline) == (Status.MISSED, True, 1, 0)
    assert (standing.completed_late, standing.completed_on, standing.days_late) == (True, dt.date(2023, 1, 20), 20)


def test_a_level_met_at_the_deadline_stays_met_when_it_falls_later() -> None:
    stock = spec(value=4)
    at_deadline = ProgressFacts(entries=1, last_as_of=dt.date(2022, 6, 30), latest=5.0)
    standing = assess(stock, ProgressFacts(entries=2, last_as_of=dt.date(2023, 6, 30), latest=3.0, at_deadline=at_deadline), dt.date(2023, 12, 31))
    assert (standing.status, standing.achieved, standing.gap, standing.achieved_at_deadline, standing.completed_late) == (Status.MET, 3, 1, 5, False)


# --- per-year targets: 每年新增 means every year ----------------------------------------------------


def test_a_year_missed_means_missed_even_when_the_total_is_reached() -> None:
    # three labs, all in 2020: the total 3 is the target, but 2021 ended with none
    standing = assess(yearly(), facts(entries=3, total=3.0, by_year={2020: 3.0}), dt.date(2022, 6, 30))
    assert (standing.achieved, standing.gap, standing.percent) == (3, 0, 100)
    assert [(y.year, y.achieved, y.status) for y in standing.years] == [(2020, 3, Status.MET), (2021, 0, Status.MISSED), (2022, 0, Status.BEHIND)]
    assert (standing.status, standing.missed_years) == (Status.MISSED, (2021,))
    # and at the deadline: missed, not completed late (the total was there in time)
    final = assess(yearly(), facts(entries=3, total=3.0, by_year={2020: 3.0}), DEADLINE)
    assert (final.status, final.missed_years, final.achieved_at_deadline, final.completed_late) == (Status.MISSED, (2021, 2022), 3, False)


def test_a_year_quota_falls_due_on_its_31_december() -> None:
    one = facts(total=1.0, by_year={2020: 1.0})
    # 2021-12-30: 2021 is 363 of 364 days through with nothing added → behind; the total (1) is what is due (1)
    standing = assess(yearly(), one, dt.date(2021, 12, 30))
    assert [y.status for y in standing.years] == [Status.MET, Status.BEHIND, Status.NO_DATA]
    assert standing.status is Status.ON_TRACK
    standing = assess(yearly(), one, dt.date(2021, 12, 31))
    assert [y.status for y in standing.years] == [Status.MET, Status.MISSED, Status.NO_DATA]
    assert (standing.status, standing.missed_years) == (Status.MISSED, (2021,))


def test_every_year_reached_is_met() -> None:
    standing = assess(yearly(), facts(entries=3, total=3.0, by_year={2020: 1.0, 2021: 1.0, 2022: 1.0}), DEADLINE)
    assert (standing.status, standing.missed_years, [y.status for y in standing.years]) == (Status.MET, (), [Status.MET] * 3)


def test_nothing_reported_per_year_is_no_data_before_the_deadline() -> None:
    # years have ended empty, but with no report at all the target stays no_data until its deadline
    standing = assess(yearly(), ProgressFacts(), dt.date(2022, 6, 30))
    assert (standing.status, [y.status for y in standing.years]) == (Status.NO_DATA, [Status.MISSED, Status.MISSED, Status.NO_DATA])
    assert assess(yearly(), ProgressFacts(), DEADLINE).status is Status.MISSED


def test_a_baseline_above_the_target_is_not_a_late_completion() -> None:
    # nothing was ever reported: missed and unreported, and nothing was completed (late or not)
    standing = assess(spec(value=4, baseline_value=5.0), ProgressFacts(), dt.date(2023, 6, 30))
    assert (standing.status, standing.unreported, standing.achieved, standing.completed_late) == (Status.MISSED, True, 5, False)
