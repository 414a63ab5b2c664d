"""The day ledger's arithmetic (placements.ledger.compute_ledger): plain cases and properties."""

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from placements.ledger import BEHIND_THRESHOLD_DAYS, compute_ledger
from placements.models import PlacementDay
from portal.workingdays import WorkingDays

Kind = PlacementDay.Kind


def calendar(*holidays: date) -> WorkingDays:
    """A WorkingDays without the database: weekends plus the given holidays."""
    working_days = WorkingDays.__new__(WorkingDays)
    working_days.holidays = frozenset(holidays)
    return working_days


@dataclass(frozen=True)
class Day:
    date: date
    kind: str = Kind.PLACEMENT
    is_confirmed: bool = True
    makes_up_missed_day: bool = False


MONDAY = date(2026, 3, 2)


def ledger(days, *, today, required=10, starts_on=MONDAY, ends_on=None, working_days=None):
    return compute_ledger(
        required_days=required,
        starts_on=starts_on,
        ends_on=ends_on or starts_on + timedelta(days=13),
        days=days,
        today=today,
        working_days=working_days or calendar(),
    )


def test_counts_confirmed_pending_missed_and_made_up():
    days = [
        Day(MONDAY),
        Day(MONDAY + timedelta(1), Kind.SKILLS),
        Day(MONDAY + timedelta(2), Kind.STUDY, is_confirmed=False),
        Day(MONDAY + timedelta(3), Kind.SICKNESS),
        Day(MONDAY + timedelta(4), Kind.OTHER_ABSENCE, is_confirmed=False),
        Day(MONDAY + timedelta(7), Kind.BANK_HOLIDAY),
        Day(MONDAY + timedelta(8), makes_up_missed_day=True),
        Day(MONDAY + timedelta(9), makes_up_missed_day=True, is_confirmed=False),
    ]
    result = ledger(days, today=MONDAY + timedelta(9))
    assert result.required == 10
    assert result.confirmed == 3
    assert result.pending == 2
    assert result.missed == 2
    assert result.made_up == 1
    assert result.remaining == 7


def test_remaining_never_below_zero():
    days = [Day(MONDAY + timedelta(i)) for i in range(5)]
    result = ledger(days, required=3, today=MONDAY + timedelta(4))
    assert result.remaining == 0
    assert result.projected_end_date == MONDAY + timedelta(4)


def test_no_projection_before_a_confirmed_day():
    days = [Day(MONDAY, is_confirmed=False)]
    assert ledger(days, today=MONDAY + timedelta(3)).projected_end_date is None


def test_projection_at_the_current_rate_on_working_days():
    # Monday to Friday elapsed (5 working days), 5 confirmed: 1 a day.
    days = [Day(MONDAY + timedelta(i)) for i in range(5)]
    friday = MONDAY + timedelta(4)
    result = ledger(days, today=friday, required=10)
    # 5 more working days from Friday: the next Friday.
    assert result.projected_end_date == friday + timedelta(7)
    # Half the rate doubles the time needed.
    result = ledger(days[::2], today=friday, required=10)  # 3 confirmed in 5 days
    # ceil(7 * 5 / 3) = 12 working days after Friday.
    assert result.projected_end_date == calendar().add(friday, 12)


def test_projection_skips_bank_holidays():
    days = [Day(MONDAY + timedelta(i)) for i in range(5)]
    friday = MONDAY + timedelta(4)
    next_monday = MONDAY + timedelta(7)
    result = ledger(days, today=friday, required=6, working_days=calendar(next_monday))
    assert result.projected_end_date == next_monday + timedelta(1)


def test_behind_when_more_than_three_days_short_of_the_expected_pace():
    # 20 required over 4 weeks (20 working days): one a day is the expected pace.
    ends_on = MONDAY + timedelta(25)
    # The Monday of week 3: the pace counts the 10 working days of weeks 1 and 2.
    on_day_ten = MONDAY + timedelta(14)
    six_days = [Day(MONDAY + timedelta(i)) for i in (0, 1, 2, 3, 4, 7)]
    result = ledger(six_days, required=20, ends_on=ends_on, today=on_day_ten)
    assert result.days_behind == 4
    assert result.behind is True
    seven_days = [*six_days, Day(MONDAY + timedelta(8))]
    result = ledger(seven_days, required=20, ends_on=ends_on, today=on_day_ten)
    assert result.days_behind == BEHIND_THRESHOLD_DAYS
    assert result.behind is False


def test_the_current_week_is_not_expected_until_it_is_over():
    # Friday of week 2, week 2 still waiting for the PE: on pace, not behind.
    ends_on = MONDAY + timedelta(25)
    week_one = [Day(MONDAY + timedelta(i)) for i in range(5)]
    week_two = [Day(MONDAY + timedelta(i), is_confirmed=False) for i in range(7, 12)]
    result = ledger(
        [*week_one, *week_two], required=20, ends_on=ends_on, today=MONDAY + timedelta(11)
    )
    assert result.expected_to_date == 5
    assert result.days_behind == 0
    assert result.behind is False


def test_pending_days_do_not_keep_a_student_on_pace():
    ends_on = MONDAY + timedelta(25)
    today = MONDAY + timedelta(14)
    pending = [Day(MONDAY + timedelta(i), is_confirmed=False) for i in range(10)]
    result = ledger(pending, required=20, ends_on=ends_on, today=today)
    assert result.confirmed == 0
    assert result.behind is True
    assert result.days_behind == 10


def test_before_the_start_nothing_is_expected():
    result = ledger([], today=MONDAY - timedelta(days=10))
    assert result.behind is False
    assert result.days_behind == 0
    assert result.expected_to_date == 0


def test_after_the_end_the_whole_requirement_is_expected():
    result = ledger([], required=10, today=MONDAY + timedelta(days=60))
    assert result.expected_to_date == 10
    assert result.days_behind == 10


# --- properties -------------------------------------------------------------------

KINDS = st.sampled_from(list(Kind))


@st.composite
def placements_with_days(draw):
    starts_on = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
    length = draw(st.integers(min_value=1, max_value=400))
    ends_on = starts_on + timedelta(days=length)
    offsets = draw(st.sets(st.integers(min_value=-30, max_value=length + 60), max_size=60))
    days = [
        Day(
            starts_on + timedelta(days=offset),
            draw(KINDS),
            draw(st.booleans()),
            draw(st.booleans()),
        )
        for offset in sorted(offsets)
    ]
    today = starts_on + timedelta(days=draw(st.integers(min_value=-60, max_value=length + 120)))
    required = draw(st.integers(min_value=1, max_value=200))
    holidays = draw(
        st.sets(
            st.dates(min_value=starts_on - timedelta(days=60), max_value=ends_on),
            max_size=10,
        )
    )
    return {
        "required_days": required,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "days": days,
        "today": today,
        "working_days": calendar(*holidays),
    }


@settings(max_examples=200, deadline=None)
@given(placements_with_days())
def test_properties_of_any_ledger(case):
    result = compute_ledger(**case)
    counted = [d for d in case["days"] if d.kind in PlacementDay.COUNTED_KINDS]
    assert result.required == case["required_days"]
    assert result.remaining >= 0
    assert result.confirmed + result.remaining >= result.required
    assert result.confirmed == sum(1 for d in counted if d.is_confirmed)
    assert result.pending == sum(1 for d in counted if not d.is_confirmed)
    assert result.confirmed + result.pending == len(counted)
    assert result.missed == sum(1 for d in case["days"] if d.kind in PlacementDay.MISSED_KINDS)
    assert 0 <= result.made_up <= result.confirmed
    assert result.days_behind >= 0
    # Behind means more than the threshold short (days_behind is the whole days short).
    if result.behind:
        assert result.days_behind >= BEHIND_THRESHOLD_DAYS
    if result.days_behind > BEHIND_THRESHOLD_DAYS:
        assert result.behind
    if result.confirmed == 0:
        assert result.projected_end_date is None
    if result.projected_end_date is not None and result.remaining > 0:
        assert result.projected_end_date > case["today"]
        assert case["working_days"].is_working_day(result.projected_end_date)


@settings(max_examples=100, deadline=None)
@given(placements_with_days())
def test_pending_days_never_count_towards_confirmed(case):
    before = compute_ledger(**case)
    confirmed_only = [d for d in case["days"] if d.is_confirmed]
    after = compute_ledger(**{**case, "days": confirmed_only})
    assert after.confirmed == before.confirmed
    assert after.remaining == before.remaining
    assert after.made_up == before.made_up
    assert after.projected_end_date == before.projected_end_date
    assert after.behind == before.behind


@settings(max_examples=100, deadline=None)
@given(placements_with_days(), st.integers(min_value=1, max_value=30))
def test_confirming_more_days_never_puts_a_student_further_behind(case, extra):
    before = compute_ledger(**case)
    used = {d.date for d in case["days"]}
    more = list(case["days"])
    candidate = case["starts_on"]
    while extra:
        if candidate not in used:
            more.append(Day(candidate))
            extra -= 1
        candidate += timedelta(days=1)
    after = compute_ledger(**{**case, "days": more})
    assert after.confirmed > before.confirmed
    assert after.remaining <= before.remaining
    assert after.days_behind <= before.days_behind
    if before.behind is False:
        assert after.behind is False
