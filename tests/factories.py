"""factory_boy factories shared by every test package."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from faker import Faker

from portal.accounts.models import Invitation, Membership, Organisation, User, hash_secret
from portal.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"
_faker = Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Faker's names include some with an apostrophe (O'Connor), which pages escape;
    # tests that look for a name in HTML would pass or fail by chance, so the
    # factory leaves it out. Tests of such names give them explicitly.
    name = factory.LazyFunction(lambda: _faker.name().replace("'", ""))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STUDENT
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class InvitationFactory(factory.django.DjangoModelFactory):
    """Pass `key=` to know the secret; the row stores only its hash."""

    class Meta:
        model = Invitation
        exclude = ["key"]

    key = factory.Sequence(lambda n: f"invitation-key-{n}")
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STUDENT
    key_hash = factory.LazyAttribute(lambda o: hash_secret(o.key))
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


def user_with_role(role: str, organisation: Organisation | None = None, **user_fields) -> User:
    """A verified user holding `role` in `organisation` (a new one if not given)."""
    from portal.accounts.services import membership_grant

    user = UserFactory(**user_fields)
    membership_grant(
        user=user,
        organisation=organisation or OrganisationFactory(),
        role=role,
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    return user
