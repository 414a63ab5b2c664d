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


def childrens_program(**changes):
    """The Children's Program as the demo seeds it, without the demo's runs and families."""
    from placements.programmes.seed_childrens import seed_childrens_program

    provider, _ = Organisation.objects.get_or_create(
        name="Test Outpatient Service", defaults={"kind": Organisation.Kind.SERVICE_PROVIDER}
    )
    programme = seed_childrens_program(organisations={"sweden": provider})
    for name, value in changes.items():
        setattr(programme, name, value)
    if changes:
        programme.save()
    return programme
