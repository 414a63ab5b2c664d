"""Fixtures the run tests share (test_run_days: the services, test_run_pages: the
pages): the Children's Program on TODAY with a co-ordinator of its provider and a
worker on its team, and a family arrived on a run.

A test module with a `programme` of its own overrides this one; `coordinator` and
`worker` then follow it. `arrived` needs the module's `run`."""

from __future__ import annotations

import pytest

from .people import programme_worker, provider_coordinator
from .run_days_support import TODAY, arrive, invited
from .support import childrens_program


@pytest.fixture
def programme(clock):
    clock.today_is(TODAY)
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
