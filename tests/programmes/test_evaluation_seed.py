"""`seed_outcomes` (issue 18, requirement 7): a synthetic POCAR cohort whose
records give NEF's published figures, read by the page's own selector."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from placements.programmes.management.commands.seed_outcomes import MARK, SEED_FROM, SEED_TO
from placements.programmes.models import OutcomeCheck, Programme, Referral
from placements.programmes.selectors.evaluation import programme_evaluation

pytestmark = pytest.mark.django_db


def run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("seed_outcomes", stdout=out)
    return out.getvalue()


def test_the_seed_reproduces_the_published_figures_and_moves_by_the_formula():
    out = run()
    assert "cp_reduction_3m: 53% (n=40)" in out
    assert "cp_reduction_12m: 85% (n=40)" in out
    programme = Programme.objects.get(slug="pocar")
    evaluation = programme_evaluation(programme, date_from=SEED_FROM, date_to=SEED_TO)
    assert evaluation.value("cp_plans_baseline") == 40
    assert evaluation.value("cp_plans_3m") == 19
    assert evaluation.value("cp_plans_12m") == 6
    assert (evaluation.value("cp_reduction_3m"), evaluation.value("cp_reduction_12m")) == (53, 85)

    # One child's 12-month status goes from none to a plan: (40 − 7) / 40 = 82.5% → 83%.
    check = OutcomeCheck.objects.filter(point="12m", status="none").first()
    check.status = "cp"
    check.save()
    again = programme_evaluation(programme, date_from=SEED_FROM, date_to=SEED_TO)
    assert again.value("cp_plans_12m") == 7
    assert again.value("cp_reduction_12m") == 83
    assert again.value("cp_reduction_3m") == 53


def test_the_seed_is_idempotent_and_clearly_synthetic():
    run()
    second = run()
    assert "0 new families" in second
    referrals = Referral.objects.filter(referrer_email=MARK)
    assert referrals.count() == 50
    assert all(r.parent_name.startswith("Synthetic Parent") for r in referrals)
    assert OutcomeCheck.objects.filter(child__referral__in=referrals).count() == 200


def test_the_seed_refuses_production_settings(settings):
    settings.PORTAL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        run()
    assert not Referral.objects.exists()
