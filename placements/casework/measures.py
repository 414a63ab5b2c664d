"""The two wellbeing questionnaires a child completes at the first and last session.

Both are free to use (DOMAIN.md, "Outcome measures"). The item wording here is
our own short, child-friendly paraphrase of what each item asks, not the
published text. Answers are kept item by item (WellbeingMeasure.answers) and
the total is always computed here from them, never typed.

- Stirling Children's Wellbeing Scale: 12 items, each answered from "Never" (1)
  to "All of the time" (5); the total runs from 12 to 60.
- Rosenberg Self-Esteem Scale: 10 items, each answered Strongly agree, Agree,
  Disagree or Strongly disagree, scored 0 to 3; the total runs from 0 to 30 and
  under 15 is low self-esteem. Standard scoring: the positively worded items
  (1, 3, 4, 7, 10) score Strongly agree 3 … Strongly disagree 0; the negatively
  worded items (2, 5, 6, 8, 9) are reverse-scored, Strongly agree 0 …
  Strongly disagree 3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Option:
    value: int | str  # what is stored in WellbeingMeasure.answers
    label: str


@dataclass(frozen=True)
class Item:
    number: int  # 1-based, as on the paper form
    text: str
    reverse: bool = False  # negatively worded: scored the other way round

    @property
    def field_name(self) -> str:
        return f"item_{self.number}"


@dataclass(frozen=True)
class Scale:
    key: str  # WellbeingMeasure.Scale value
    name: str
    short_name: str
    question: str  # what the child is asked before the items
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    minimum: int
    maximum: int
    # Totals under this are flagged (Rosenberg: under 15 is low self-esteem).
    low_below: int | None = None

    def option_for(self, answer) -> Option | None:
        for option in self.options:
            if str(option.value) == str(answer).strip():
                return option
        return None

    def score(self, item: Item, answer) -> int:
        """The score of one answer to `item` (raises KeyError for an answer not allowed)."""
        option = self.option_for(answer)
        if option is None:
            raise KeyError(answer)
        if self.key == STIRLING:
            return int(option.value)
        # Rosenberg: options run Strongly agree (index 0) … Strongly disagree (3).
        position = self.options.index(option)
        top = len(self.options) - 1
        return position if item.reverse else top - position

    def clean_answers(self, answers: Sequence | Mapping) -> list:
        """Every item answered with an allowed value, in item order, as stored.

        `answers` is a list in item order, or a mapping of item number (or
        "item_<n>") to answer. A ValidationError names each item not answered
        or answered with a value the scale does not allow.
        """
        if isinstance(answers, Mapping):
            by_number = {}
            for key, value in answers.items():
                text = str(key)
                text = text.removeprefix("item_")
                if text.isdigit():
                    by_number[int(text)] = value
            given = [by_number.get(item.number) for item in self.items]
        else:
            given = list(answers or [])
            if len(given) > len(self.items):
                raise ValidationError(
                    f"The {self.short_name} has {len(self.items)} items: "
                    f"{len(given)} answers were given."
                )
            given += [None] * (len(self.items) - len(given))
        errors: dict[str, str] = {}
        cleaned: list = []
        allowed = ", ".join(option.label for option in self.options)
        for item, answer in zip(self.items, given, strict=True):
            if answer is None or str(answer).strip() == "":
                errors[item.field_name] = f"Answer item {item.number}: {item.text}"
                continue
            option = self.option_for(answer)
            if option is None:
                errors[item.field_name] = (
                    f"Item {item.number} ({item.text}) needs one of: {allowed}."
                )
                continue
            cleaned.append(option.value)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def total(self, answers: Sequence) -> int:
        """The total of a complete, valid set of answers (in item order)."""
        cleaned = self.clean_answers(answers)
        return sum(
            self.score(item, answer) for item, answer in zip(self.items, cleaned, strict=True)
        )

    def is_low(self, total: int | None) -> bool:
        return total is not None and self.low_below is not None and total < self.low_below


STIRLING = "stirling"
ROSENBERG = "rosenberg"

STIRLING_SCALE = Scale(
    key=STIRLING,
    name="Stirling Children's Wellbeing Scale",
    short_name="Stirling wellbeing scale",
    question="Think about how you have been feeling over the last couple of weeks.",
    items=(
        Item(1, "I feel good about what is coming next"),
        Item(2, "I can find a way through problems"),
        Item(3, "I feel I am good at some things"),
        Item(4, "I feel calm"),
        Item(5, "I enjoy the things I do"),
        Item(6, "I feel cheerful"),
        Item(7, "I can get on with the things I need to do"),
        Item(8, "I like the way I am"),
        Item(9, "I feel able to say what I think"),
        Item(10, "I feel close to the people around me"),
        Item(11, "I feel full of energy"),
        Item(12, "I can cope when things go wrong"),
    ),
    options=(
        Option(1, "Never"),
        Option(2, "Not much of the time"),
        Option(3, "Some of the time"),
        Option(4, "Quite a lot of the time"),
        Option(5, "All of the time"),
    ),
    minimum=12,
    maximum=60,
)

ROSENBERG_SCALE = Scale(
    key=ROSENBERG,
    name="Rosenberg Self-Esteem Scale",
    short_name="Rosenberg self-esteem scale",
    question="How much do you agree with each of these about yourself?",
    items=(
        Item(1, "Mostly, I am happy with who I am"),
        Item(2, "At times I feel I am not good at anything", reverse=True),
        Item(3, "I think there are good things about me"),
        Item(4, "I can do things about as well as other people my age"),
        Item(5, "I feel there is not much about me to be proud of", reverse=True),
        Item(6, "Sometimes I feel I am no use to anyone", reverse=True),
        Item(7, "I feel I matter as much as anyone else"),
        Item(8, "I wish I thought better of myself", reverse=True),
        Item(9, "Mostly I feel like I get things wrong", reverse=True),
        Item(10, "I feel positive about myself"),
    ),
    options=(
        Option("strongly_agree", "Strongly agree"),
        Option("agree", "Agree"),
        Option("disagree", "Disagree"),
        Option("strongly_disagree", "Strongly disagree"),
    ),
    minimum=0,
    maximum=30,
    low_below=15,
)

SCALES: dict[str, Scale] = {STIRLING: STIRLING_SCALE, ROSENBERG: ROSENBERG_SCALE}


def scale_for(key: str) -> Scale:
    try:
        return SCALES[key]
    except KeyError:
        raise ValidationError({"scale": "Choose the Stirling or the Rosenberg scale."}) from None
