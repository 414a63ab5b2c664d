"""Page hooks an app must fill in say so by name when forgotten, rather than failing
somewhere else: a triage decision's arguments, a token page's way to find its link."""

import pytest

from placements.casework.views.requests import DecisionMixin
from portal.token_pages import TokenPageMixin


class ForgetfulDecision(DecisionMixin):
    move = "accept"


class ForgetfulTokenPage(TokenPageMixin):
    pass


def test_a_decision_page_that_forgets_its_arguments_says_so():
    with pytest.raises(NotImplementedError, match="ForgetfulDecision must say what the decision"):
        ForgetfulDecision().arguments(form=None)


def test_a_token_page_that_forgets_how_its_link_is_found_says_so():
    with pytest.raises(NotImplementedError, match="ForgetfulTokenPage must say how its link"):
        ForgetfulTokenPage().find_link("a-token")
