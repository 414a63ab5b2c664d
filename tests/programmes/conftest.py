"""Fixtures the programme tests share: the Children's Program on TODAY with a
co-ordinator of its provider and a worker on its team, and a family arrived on a run.

A module that needs another day overrides `programme_today`; a module that needs
another programme (POCAR, POCAR with its strands, one with a run) names its own
fixture for it. `arrived` needs the module's `run`."""

from __future__ import annotations

import pytest

from .people import programme_worker, provider_coordinator
from .run_days_support import TODAY, arrive, invited
from .support import childrens_program


@pytest.fixture
def programme_today():
    """The day the test runs on (a module overrides it to test another day)."""
    return TODAY


@pytest.fixture
def programme(clock, programme_today):
    clock.today_is(programme_today)
    return childrens_program()


@pytest.fixture
def coordinator(programme):
    return provider_coordinator(programme)


@pytest.fixture
def worker(programme):
    return programme_worker(programme)


@pytest.fixture
def arrived(programme, run, worker, clock):
    """Vera's family arrived on the run's first day: Idun (8, `place.idun`) takes
    part, Tove (6) does not."""
    place = arrive(invited(programme, run, worker), worker, clock)
    place.idun = place.referral.children.get(name="Idun")
    return place
