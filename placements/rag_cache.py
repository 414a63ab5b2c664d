"""Today's RAG status of each placement, kept in the cache between requests.

Issue 20, requirement 3. A tutor's and a co-ordinator's dashboards rate every
placement of their university (placements.oversight), and every tutor and
co-ordinator of that university reads the same statuses: worked out on each
request, the cost grows with the university. So each placement's status is kept
under a key of its own, and a page works out only the statuses not kept yet.

The key names the day (a status is today's: it changes at midnight with nothing
written), the placement with its own rated fields (status, dates, required days,
course: a change to them is a new key even when no signal was sent), the
placement's version and a generation:
- the placement's version changes whenever something its status is worked out
  from is written: the placement, its days, concerns, midpoint review, learning
  agreement and its signatures (receivers below), and whatever a later app's
  signal source reads (it calls `rag_changed` too: supervision/signals.py);
- the generation changes with what many placements share: a course's rules,
  the bank holidays (receivers below).
A version changes at once and again when the transaction commits, so a page
that read the old rows while the change was being written cannot keep its
answer under the new version (one on_commit callback per transaction bumps every
placement its writes touched). Versions do not expire; the statuses expire
after a day at the latest.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "placements:rag:generation"
# Changes whenever any placement's version or the generation does (scopes, below).
CHANGED_KEY = "placements:rag:changed"
STATUS_SECONDS = 24 * 60 * 60
# A whole scope's statuses are let go sooner: any write anywhere makes a new key.
SCOPE_SECONDS = 60 * 60
_counter = itertools.count()


def _token() -> str:
    """A version no other process or call will make."""
    return f"{time.time_ns():x}.{os.getpid():x}.{next(_counter):x}"


def _version_key(pk: int) -> str:
    return f"placements:rag:version:{pk}"


def _shared(key: str) -> str:
    token = cache.get(key)
    if token is None:
        cache.add(key, _token(), timeout=None)
        token = cache.get(key)
    return token


def _generation() -> str:
    return _shared(GENERATION_KEY)


def _versions(pks: list[int]) -> dict[int, str]:
    """Each placement's version; a placement without one gets one (unless a writer
    gave it one meanwhile: then it is left out, and its status is not kept)."""
    found = cache.get_many([_version_key(pk) for pk in pks])
    versions = {}
    for pk in pks:
        version = found.get(_version_key(pk))
        if version is None:
            version = _token()
            if not cache.add(_version_key(pk), version, timeout=None):
                continue
        versions[pk] = version
    return versions


class Fingerprint(NamedTuple):
    """The placement's own fields its status is worked out from (placements.oversight
    reads no others): part of the key, so a changed placement never reads an old one."""

    pk: int
    status: str
    starts_on: date
    ends_on: date
    required_days: int
    course_id: int

    @classmethod
    def of(cls, placement) -> Fingerprint:
        return (
            placement
            if isinstance(placement, cls)
            else cls(*(getattr(placement, f) for f in cls._fields))
        )


class Kept:
    """The statuses kept today for `placements` (Placement or Fingerprint rows) as
    `found`, by pk; `keep` stores the others once worked out."""

    def __init__(self, placements: Iterable, today: date):
        rows = {row.pk: row for row in map(Fingerprint.of, placements)}
        generation = _generation()
        self.keys = {
            pk: ":".join(
                ["placements:rag", generation, today.isoformat(), version, *map(str, rows[pk])]
            )
            for pk, version in _versions(list(rows)).items()
        }
        stored = cache.get_many(list(self.keys.values())) if self.keys else {}
        self.found = {pk: stored[key] for pk, key in self.keys.items() if key in stored}

    def keep(self, rags: dict) -> None:
        kept = {self.keys[pk]: rag for pk, rag in rags.items() if pk in self.keys}
        if kept:
            cache.set_many(kept, timeout=STATUS_SECONDS)


class Scope:
    """The statuses of a whole scope (a university's placements: the dashboards'
    oversight, the list filtered by RAG status) kept as one value, so that the
    readers of an unchanged scope read one key, not two per placement (issue 20:
    at 2,000 students a university has about 700 live placements).

    The key holds the generation, a token that changes with every placement's
    version (any write that lets a placement's status go lets every scope's go:
    CHANGED_KEY), the day and the rated fields of every row, so it is never read
    after a change the placement keys would have seen. The token changes at once
    and again at commit, as the versions do. `found` is None when not kept."""

    def __init__(self, rows: list[Fingerprint], today: date):
        tokens = cache.get_many([GENERATION_KEY, CHANGED_KEY])
        generation = tokens.get(GENERATION_KEY) or _generation()
        changed = tokens.get(CHANGED_KEY) or _shared(CHANGED_KEY)
        # Dates as day numbers: formatting ~700 rows' dates with strftime cost a few
        # milliseconds a request (issue 20).
        fields = "|".join(
            f"{pk},{status},{starts_on.toordinal()},{ends_on.toordinal()},{days},{course}"
            for pk, status, starts_on, ends_on, days, course in sorted(rows)
        )
        digest = hashlib.sha256(fields.encode()).hexdigest()
        self.key = f"placements:rag:scope:{generation}:{changed}:{today.isoformat()}:{digest}"
        self.found = cache.get(self.key)

    def keep(self, rags: dict) -> None:
        cache.set(self.key, rags, timeout=SCOPE_SECONDS)


def rated(rows: list[Fingerprint], today: date, work_out, *, scope: bool = True) -> dict:
    """Today's status of each of `rows`: the scope's when kept whole (with `scope`),
    else those kept and `work_out(the other rows, today)`, which are kept in turn."""
    if not rows:
        return {}
    whole = Scope(rows, today) if scope else None
    if whole is not None and whole.found is not None:
        return {row.pk: whole.found[row.pk] for row in rows}
    kept = Kept(rows, today)
    missing = [row for row in rows if row.pk not in kept.found]
    worked_out = work_out(missing, today) if missing else {}
    kept.keep(worked_out)
    rags = {row.pk: kept.found.get(row.pk) or worked_out[row.pk] for row in rows}
    if whole is not None:
        whole.keep(rags)
    return rags


class _AfterCommit:
    """The versions and generation a transaction bumps again when it commits: one
    on_commit callback per transaction however many rows it writes, holding every
    placement they touch."""

    def __init__(self):
        self.pks: set[int] = set()
        self.generation = False
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _bump(self.pks, generation=self.generation)


def _bump(pks: set[int], *, generation: bool = False) -> None:
    if generation:
        cache.set(GENERATION_KEY, _token(), timeout=None)
    if pks:
        cache.set_many({_version_key(pk): _token() for pk in pks}, timeout=None)
    if pks or generation:
        cache.set(CHANGED_KEY, _token(), timeout=None)


def _bump_after_commit(pks: set[int], *, generation: bool = False) -> None:
    """Add to the transaction's callback, or register one if none is waiting (the
    first write, or the one waiting went with a rolled-back savepoint: Django drops
    it from the connection's list; or it ran already, outside a transaction)."""
    connection = transaction.get_connection()
    after = getattr(connection, "rag_after_commit", None)
    waiting = (
        after is not None
        and not after.done
        and any(func is after for _sids, func, _robust in connection.run_on_commit)
    )
    if not waiting:
        after = connection.rag_after_commit = _AfterCommit()
    after.pks |= pks
    after.generation |= generation
    if not waiting:
        transaction.on_commit(after)  # outside a transaction: runs at once


def rag_changed(*placement_ids: int | None) -> None:
    """Something the RAG status of these placements is worked out from was written."""
    pks = {pk for pk in placement_ids if pk is not None}
    if not pks:
        return
    _bump(pks)
    _bump_after_commit(pks)


def rags_changed() -> None:
    """Something every placement's status may be worked out from was written."""
    _bump(set(), generation=True)
    _bump_after_commit(set(), generation=True)


# --- What placements' own rules read (placements.oversight) -----------------------------


def _connect() -> None:
    from portal.models import BankHoliday, Signature

    from .models import (
        Concern,
        Course,
        LearningAgreement,
        MidpointReview,
        Placement,
        PlacementDay,
    )

    def placement_written(sender, instance, **kwargs):
        rag_changed(instance.pk)

    def record_written(sender, instance, **kwargs):
        rag_changed(instance.placement_id)

    def shared_written(sender, instance, **kwargs):
        rags_changed()

    def signature_written(sender, instance, **kwargs):
        if instance.content_type.model_class() is LearningAgreement:
            placement = (
                LearningAgreement.objects.filter(pk=instance.object_id)
                .values_list("placement_id", flat=True)
                .first()
            )
            rag_changed(placement)

    # Strong references (weak=False): these receivers are made here, nothing else holds them.
    for signal in (post_save, post_delete):
        uid = "save" if signal is post_save else "delete"

        def connect(handler, model, signal=signal, uid=uid):
            signal.connect(
                handler, sender=model, weak=False, dispatch_uid=f"rag_{model.__name__}_{uid}"
            )

        connect(placement_written, Placement)
        for model in (PlacementDay, Concern, MidpointReview, LearningAgreement):
            connect(record_written, model)
        for model in (Course, BankHoliday):
            connect(shared_written, model)
        connect(signature_written, Signature)


_connect()
