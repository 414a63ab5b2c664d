"""The two scales: items, allowed answers and scoring (issue 6, requirement 5)."""

import pytest
from django.core.exceptions import ValidationError

from placements.casework.measures import ROSENBERG_SCALE, SCALES, STIRLING_SCALE

SA, A, D, SD = "strongly_agree", "agree", "disagree", "strongly_disagree"


def test_the_scales_have_the_right_shape():
    assert len(STIRLING_SCALE.items) == 12
    assert [o.value for o in STIRLING_SCALE.options] == [1, 2, 3, 4, 5]
    assert STIRLING_SCALE.options[0].label == "Never"
    assert STIRLING_SCALE.options[-1].label == "All of the time"
    assert (STIRLING_SCALE.minimum, STIRLING_SCALE.maximum) == (12, 60)
    assert len(ROSENBERG_SCALE.items) == 10
    assert [o.label for o in ROSENBERG_SCALE.options] == [
        "Strongly agree",
        "Agree",
        "Disagree",
        "Strongly disagree",
    ]
    assert [i.number for i in ROSENBERG_SCALE.items if i.reverse] == [2, 5, 6, 8, 9]
    assert set(SCALES) == {"stirling", "rosenberg"}


def test_stirling_totals():
    assert STIRLING_SCALE.total([1] * 12) == 12
    assert STIRLING_SCALE.total([5] * 12) == 60
    assert STIRLING_SCALE.total([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3, 3]) == 36
    # answers posted by a form arrive as text
    assert STIRLING_SCALE.total(["4"] * 12) == 48


def test_rosenberg_all_strongly_agree_reverse_scores_the_negative_items():
    # Items 1, 3, 4, 7, 10 (positive): Strongly agree = 3 each -> 15.
    # Items 2, 5, 6, 8, 9 (negative, reversed): Strongly agree = 0 each -> 0.
    assert ROSENBERG_SCALE.total([SA] * 10) == 15
    # All "Strongly disagree": positives 0, negatives 3 each -> 15 too.
    assert ROSENBERG_SCALE.total([SD] * 10) == 15


def test_rosenberg_known_mixed_answers():
    # The most positive answer set: agree strongly with the positive items and
    # disagree strongly with the negative ones -> 30.
    best = [SA, SD, SA, SA, SD, SD, SA, SD, SD, SA]
    assert ROSENBERG_SCALE.total(best) == 30
    assert ROSENBERG_SCALE.total([SD, SA, SD, SD, SA, SA, SD, SA, SA, SD]) == 0
    # By hand: 1 A=2, 2 D=2, 3 SA=3, 4 A=2, 5 A=1, 6 SD=3, 7 D=1, 8 SA=0, 9 D=2, 10 A=2 -> 18
    mixed = [A, D, SA, A, A, SD, D, SA, D, A]
    assert ROSENBERG_SCALE.total(mixed) == 18
    assert not ROSENBERG_SCALE.is_low(18)
    assert ROSENBERG_SCALE.is_low(14)
    assert not ROSENBERG_SCALE.is_low(15)


def test_answers_by_item_number_in_any_order():
    answers = {f"item_{n}": SA for n in range(10, 0, -1)}
    assert ROSENBERG_SCALE.total(answers) == 15


@pytest.mark.parametrize(
    "answers, item",
    [
        ([3] * 11, "item_12"),
        ([3] * 5 + [6] + [3] * 6, "item_6"),
        ([3] * 5 + [0] + [3] * 6, "item_6"),
        ([3] * 3 + [""] + [3] * 8, "item_4"),
    ],
)
def test_stirling_refuses_missing_or_out_of_range_answers_naming_the_item(answers, item):
    with pytest.raises(ValidationError) as error:
        STIRLING_SCALE.total(answers)
    assert list(error.value.message_dict) == [item]
    number = item.removeprefix("item_")
    assert f"item {number}" in error.value.message_dict[item][0].lower()


def test_rosenberg_refuses_a_stirling_style_answer():
    with pytest.raises(ValidationError) as error:
        ROSENBERG_SCALE.total([3] + [SA] * 9)
    assert "item_1" in error.value.message_dict
    assert "Strongly agree" in error.value.message_dict["item_1"][0]


def test_too_many_answers_are_refused():
    with pytest.raises(ValidationError):
        STIRLING_SCALE.total([3] * 13)
