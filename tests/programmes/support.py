"""Programmes for tests: POCAR as the demo seeds it."""

from placements.programmes.seed import seed_programmes
from portal.accounts.models import Organisation


def pocar(**changes):
    provider, _ = Organisation.objects.get_or_create(
        name="Test Recovery Provider", defaults={"kind": Organisation.Kind.SERVICE_PROVIDER}
    )
    programme = seed_programmes(organisations={"recovery": provider})
    if changes:
        for name, value in changes.items():
            setattr(programme, name, value)
        programme.save()
    return programme
