"""Pace bands, needed per month, staleness, forecasts and scorecards against hand-computed values."""

from __future__ import annotations

import datetime as dt

import pytest

from zsplan.analysis.assessment import assess_target, unit_scorecards
from zsplan.analysis.pace import Pace, achieved_series, band, forecast, is_stale, needed_per_month, pace_of, pace_ratio
from zsplan.analysis.standing import ProgressFacts, Status, TargetSpec, UnitRef, assess

BASE = dt.date(2019, 9, 30)
DEADLINE = dt.date(2022, 12, 31)
MID_2021 = dt.date(2021, 6, 30)  # 639 of 1188 days


def spec(kind="number", **fields) -> TargetSpec:
    values = {
        "id": "t",
        "name": "測試",
        "kind": kind,
        "category": "team",
        "unit": "個",
        "comparator": "at_least",
        "deadline": DEADLINE,
        "baseline_value": 0.0,
        "baseline_date": BASE,
        "progress": "flow",
        "value": 100.0,
    }
    values.update(fields)
    return TargetSpec(**values)


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (1.2, Pace.ON_TRACK),
        (0.95, Pace.ON_TRACK),
        (0.9499, Pace.ACCELERATION_NEEDED),
        (0.60, Pace.ACCELERATION_NEEDED),
        (0.5999, Pace.LIMITED_PROGRESS),
        (0.0, Pace.LIMITED_PROGRESS),
        (-0.01, Pace.DETERIORATION),
    ],
)
def test_band_boundaries(ratio: float, expected: Pace) -> None:
    assert band(ratio) is expected


def test_pace_ratio() -> None:
    assert pace_ratio(0, 50, 40) == 0.8
    assert pace_ratio(10, 10, 12) is None  # nothing expected yet
    assert pace_ratio(10, 6, 8) == 0.5  # lower is better: halfway down to the expected 6


def test_pace_of_a_standing() -> None:
    # expected by mid-2021: 100 × 639/1188 = 53.79; 51 achieved → R = 0.948 → acceleration needed
    standing = assess(spec(), ProgressFacts(entries=1, total=51), MID_2021)
    pace, ratio = pace_of(standing)
    assert ratio == pytest.approx(51 / (100 * 639 / 1188))
    assert pace is Pace.ACCELERATION_NEEDED and standing.status is Status.BEHIND
    # 52 → R = 0.967: on track by the bands, while the strict half-time check still says behind
    standing = assess(spec(), ProgressFacts(entries=1, total=52), MID_2021)
    assert pace_of(standing)[0] is Pace.ON_TRACK and standing.status is Status.BEHIND
    assert pace_of(assess(spec(), ProgressFacts(), MID_2021))[0] is Pace.NO_DATA
    assert pace_of(assess(spec(), ProgressFacts(entries=1, total=100), MID_2021))[0] is Pace.MET
    assert pace_of(assess(spec(), ProgressFacts(entries=1, total=10), dt.date(2023, 1, 1)))[0] is Pace.MISSED
    milestone = assess(spec("milestone"), ProgressFacts(entries=1, latest=0.0), MID_2021)
    assert pace_of(milestone) == (Pace.NOT_DUE, None)


def test_needed_per_month() -> None:
    standing = assess(spec(), ProgressFacts(entries=1, total=40), MID_2021)
    # 60 to go in 549 days = 549 / 30.4375 = 18.037 months → 3.33 per month
    assert needed_per_month(standing) == pytest.approx(60 / (549 / 30.4375))
    assert needed_per_month(assess(spec(), ProgressFacts(entries=1, total=100), MID_2021)) is None
    assert needed_per_month(assess(spec(), ProgressFacts(entries=1, total=40), dt.date(2023, 1, 1))) is None


def test_staleness() -> None:
    fresh = assess(spec(), ProgressFacts(entries=1, total=40, last_as_of=dt.date(2021, 1, 1)), MID_2021)
    assert not is_stale(fresh, 180)  # 180 days old: not more than 180
    assert is_stale(fresh, 179)
    assert is_stale(assess(spec(), ProgressFacts(), MID_2021), 180)
    assert not is_stale(assess(spec(), ProgressFacts(entries=1, total=100, last_as_of=BASE), MID_2021), 180)


def test_achieved_series_per_kind() -> None:
    per_date = [(dt.date(2020, 1, 1), 10.0, 10.0), (dt.date(2020, 7, 1), 5.0, 5.0)]
    flow = assess(spec(), ProgressFacts(entries=2, total=15), MID_2021)
    assert achieved_series(flow, per_date) == [(dt.date(2020, 1, 1), 10.0), (dt.date(2020, 7, 1), 15.0)]
    stock = assess(spec(progress="stock"), ProgressFacts(entries=2, latest=5.0), MID_2021)
    assert achieved_series(stock, per_date) == [(dt.date(2020, 1, 1), 10.0), (dt.date(2020, 7, 1), 5.0)]
    items = assess(spec(progress="stock", mode="items"), ProgressFacts(entries=3, item_count=3), MID_2021)
    assert achieved_series(items, [(dt.date(2020, 1, 1), 2.0, 1.0), (dt.date(2020, 7, 1), 1.0, 1.0)]) == [
        (dt.date(2020, 1, 1), 2.0),
        (dt.date(2020, 7, 1), 3.0),
    ]


def test_forecast_by_least_squares() -> None:
    standing = assess(spec(), ProgressFacts(entries=3, total=30), MID_2021)
    # 10 every 100 days from 2020-01-01: slope 0.1/day; the deadline is 1095 days on → 10 + 109.5 = 119.5
    series = [(dt.date(2020, 1, 1), 10.0), (dt.date(2020, 4, 10), 20.0), (dt.date(2020, 7, 19), 30.0)]
    result = forecast(series, standing)
    assert result.projected == pytest.approx(10 + 0.1 * (DEADLINE - dt.date(2020, 1, 1)).days)
    assert result.slope_per_month == pytest.approx(0.1 * 30.4375)
    assert result.projected_to_miss is False
    slow = forecast([(dt.date(2020, 1, 1), 10.0), (dt.date(2021, 1, 1), 20.0)], standing)
    assert slow.projected == pytest.approx(10 + 10 / 366 * (DEADLINE - dt.date(2020, 1, 1)).days)
    assert slow.projected_to_miss is True
    one = forecast(series[:1], standing)
    assert (one.projected, one.reason) == (None, "no projection from 1 report date: at least two are needed")


def test_scorecards_rank_units_by_the_share_of_what_they_lead_behind() -> None:
    lead_a = (UnitRef("a", "甲局", "lead"), UnitRef("b", "乙局", "co"))
    lead_b = (UnitRef("b", "乙局", "lead"),)
    behind = assess(spec(id="x", units=lead_a), ProgressFacts(entries=1, total=10), MID_2021)
    met = assess(spec(id="y", units=lead_b), ProgressFacts(entries=1, total=100), MID_2021)
    missed = assess(spec(id="z", units=lead_b), ProgressFacts(entries=1, total=10), dt.date(2023, 1, 1))
    cards = unit_scorecards([assess_target(s, []) for s in (behind, met, missed)], [("a", "甲局"), ("b", "乙局")])
    # a leads 1 target, behind: 1/1; b leads 2, one missed: 1/2 -- fewer targets behind, a larger share, ranked first
    assert [card.unit_id for card in cards] == ["a", "b"]
    assert [(card.share_behind("lead"), card.share_behind("co")) for card in cards] == [(1.0, 0.0), (0.5, 1.0)]
    b = cards[1]
    assert b.lead[Status.MISSED] == 1 and b.lead[Status.MET] == 1 and b.co[Status.BEHIND] == 1
    assert [item.standing.target.id for item in b.items] == ["z", "x", "y"]  # worst first
    # the same share, nothing co-owned, one behind each: the tie goes by unit id; b, leading nothing, last
    alone = assess(spec(id="w", units=(UnitRef("c", "丙局", "lead"),)), ProgressFacts(entries=1, total=10), MID_2021)
    cards = unit_scorecards([assess_target(s, []) for s in (behind, alone)], [("a", "甲局"), ("b", "乙局"), ("c", "丙局")])
    assert [card.unit_id for card in cards] == ["a", "c", "b"]


# --- the deadline: needed per month and forecasts stop there ---------------------------------------


def test_needed_per_month_stops_at_the_deadline() -> None:
    # one day before: 60 to go in 1 day = 1 / 30.4375 months → 60 × 30.4375 = 1826.25 per month
    assert needed_per_month(assess(spec(), ProgressFacts(entries=1, total=40), dt.date(2022, 12, 30))) == pytest.approx(60 * 30.4375)
    on_the_day = assess(spec(), ProgressFacts(entries=1, total=40), DEADLINE)
    assert (on_the_day.days_left, on_the_day.status, needed_per_month(on_the_day)) == (0, Status.MISSED, None)


def test_nothing_is_needed_for_a_per_year_target_once_a_year_is_missed() -> None:
    yearly = spec("per_year", per_year=1.0, years=(2020, 2021, 2022), value=None)
    standing = assess(yearly, ProgressFacts(entries=1, total=1, by_year={2020: 1.0}), dt.date(2022, 6, 30))
    assert (standing.status, standing.gap, needed_per_month(standing)) == (Status.MISSED, 2, None)
    assert pace_of(standing)[0] is Pace.MISSED
    result = forecast([(dt.date(2020, 3, 1), 1.0), (dt.date(2020, 6, 1), 1.0)], standing)
    assert (result.projected, result.reason) == (None, "missed (2021 quota not reached): the verdict is final, no projection")


def test_no_projection_once_the_deadline_is_reached() -> None:
    series = [(dt.date(2020, 1, 1), 10.0), (dt.date(2021, 1, 1), 20.0)]
    before = forecast(series, assess(spec(), ProgressFacts(entries=2, total=20), dt.date(2022, 12, 30)))
    assert before.projected == pytest.approx(10 + 10 / 366 * (DEADLINE - dt.date(2020, 1, 1)).days)  # 39.86
    on_the_day = assess(spec(), ProgressFacts(entries=2, total=20), DEADLINE)
    assert pace_of(on_the_day)[0] is Pace.MISSED
    result = forecast(series, on_the_day)
    assert (result.points, result.projected, result.projected_to_miss, result.slope_per_month) == (2, None, None, None)
    assert result.reason == "deadline 2022-12-31 reached: the verdict is final, no projection"


def test_achieved_series_continues_from_the_last_level() -> None:
    # a stock target's date whose last entry has no value keeps the level before it
    stock = assess(spec(progress="stock"), ProgressFacts(entries=2, latest=7.0), MID_2021)
    assert achieved_series(stock, [(dt.date(2020, 1, 1), 7.0, 7.0), (dt.date(2020, 2, 1), 0.0, None)]) == [
        (dt.date(2020, 1, 1), 7.0),
        (dt.date(2020, 2, 1), 7.0),
    ]


def test_a_late_completion_is_not_stale_but_a_missed_target_can_be() -> None:
    # 100 of 100 reached on 2023-01-10 after 90 by the deadline; judged 2024-12-31, 721 days after the last report
    at_deadline = ProgressFacts(entries=1, total=90, last_as_of=dt.date(2022, 6, 30))
    late = assess(
        spec(),
        ProgressFacts(entries=2, total=100, last_as_of=dt.date(2023, 1, 10), at_deadline=at_deadline, after_deadline=((dt.date(2023, 1, 10), 10.0, 10.0),)),
        dt.date(2024, 12, 31),
    )
    assert (late.status, late.completed_late, is_stale(late, 180)) == (Status.MISSED, True, False)
    short = assess(spec(), ProgressFacts(entries=1, total=90, last_as_of=dt.date(2022, 6, 30)), dt.date(2024, 12, 31))
    assert (short.status, short.completed_late, is_stale(short, 180)) == (Status.MISSED, False, True)
