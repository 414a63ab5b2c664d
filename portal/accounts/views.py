from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import DetailView, FormView, TemplateView, View

from portal import ratelimit
from portal.dates import long_date
from portal.permissions import ObjectPermissionMixin, PublicMixin, SignedInMixin
from portal.services import notification_preferences_of, notification_preferences_save
from portal.views import ServiceFormMixin, run_action, run_or_refuse

from . import selectors, services
from .adapter import SESSION_KEY
from .forms import (
    ApiTokenForm,
    InvitationForm,
    MembershipEndForm,
    NameForm,
    NotificationSettingsForm,
    OrganisationSearchForm,
)
from .invitations import invitation_resend
from .models import ApiToken, Invitation, Membership, Organisation, User
from .onboarding import first_step_for


class AccountView(SignedInMixin, TemplateView):
    template_name = "accounts/account.html"


class AccountNameView(SignedInMixin, ServiceFormMixin, FormView):
    template_name = "accounts/account_name.html"
    form_class = NameForm

    def get_initial(self):
        return {"name": self.request.user.name}

    def perform(self, form):
        return services.user_rename(user=self.request.user, name=form.cleaned_data["name"])

    def performed(self, form, result):
        messages.success(self.request, "Your name was changed.")
        return redirect("accounts:account")


class MembershipEndView(ObjectPermissionMixin, ServiceFormMixin, FormView):
    """A co-ordinator ends someone's role (confirmation page with the last day)."""

    template_name = "accounts/membership_end.html"
    form_class = MembershipEndForm
    action_permission = "accounts.end_membership"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.membership = self.check_object(
                get_object_or_404(
                    Membership.objects.select_related("user", "organisation"), pk=kwargs["pk"]
                )
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"ends_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)

    def perform(self, form):
        return services.membership_end(
            membership=self.membership, on=form.cleaned_data["ends_on"], by=self.request.user
        )

    def performed(self, form, result):
        messages.success(
            self.request,
            f"{self.membership.user}'s role as {self.membership.get_role_display().lower()} "
            f"ends after {long_date(form.cleaned_data['ends_on'])}.",
        )
        return redirect("accounts:organisation_detail", pk=self.membership.organisation_id)


class OrganisationListView(SignedInMixin, TemplateView):
    template_name = "accounts/organisation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = OrganisationSearchForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        organisations = selectors.organisations_visible_to(
            self.request.user, q=filters.get("q", ""), kind=filters.get("kind", "")
        )
        context["search_form"] = form
        context["page_obj"] = Paginator(organisations, 25).get_page(self.request.GET.get("page"))
        return context


class OrganisationDetailView(ObjectPermissionMixin, DetailView):
    model = Organisation
    template_name = "accounts/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organisation = self.object
        context["members_page"] = Paginator(selectors.members_of(organisation), 25).get_page(
            self.request.GET.get("page")
        )
        context["can_invite"] = user.has_perm("accounts.invite_to_organisation", organisation)
        if context["can_invite"]:
            context["invitations"] = selectors.invitations_of(organisation)[:50]
            context["endable_roles"] = services.invitable_roles(by=user, organisation=organisation)
        return context


class InvitationCreateView(
    ObjectPermissionMixin, ratelimit.RateLimitedPostMixin, ServiceFormMixin, FormView
):
    """A co-ordinator (or admin) invites one person into their organisation."""

    template_name = "accounts/invitation_form.html"
    form_class = InvitationForm
    scope_permission = "accounts.view_organisation"
    action_permission = "accounts.invite_to_organisation"
    rate_limit_action = ratelimit.INVITATION

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation = self.check_object(get_object_or_404(Organisation, pk=kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["roles"] = services.invitable_roles(
            by=self.request.user, organisation=self.organisation
        )
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def perform(self, form):
        return services.invitation_create(
            email=form.cleaned_data["email"],
            organisation=self.organisation,
            role=form.cleaned_data["role"],
            by=self.request.user,
        )

    def performed(self, form, issued):
        messages.success(
            self.request,
            f"Invitation sent to {issued.invitation.email}. The link works once and "
            f"expires in 7 days.",
        )
        return redirect("accounts:organisation_detail", pk=self.organisation.pk)


class InvitationRevokeView(ObjectPermissionMixin, DetailView):
    """GET asks for confirmation; POST withdraws the invitation."""

    model = Invitation
    template_name = "accounts/invitation_revoke.html"
    context_object_name = "invitation"
    action_permission = "accounts.revoke_invitation"

    def post(self, request, *args, **kwargs):
        invitation = self.get_object()
        return run_action(
            request,
            lambda: services.invitation_revoke(invitation=invitation, by=request.user),
            success=f"The invitation to {invitation.email} was withdrawn.",
            then=reverse("accounts:organisation_detail", args=[invitation.organisation_id]),
        )


class InvitationResendView(ObjectPermissionMixin, DetailView):
    """GET asks for confirmation; POST sends a waiting or expired invitation again
    (a new link and expiry; the old link stops working)."""

    model = Invitation
    template_name = "accounts/invitation_resend.html"
    context_object_name = "invitation"
    action_permission = "accounts.resend_invitation"

    def get_context_data(self, **kwargs):
        return super().get_context_data(days=settings.PORTAL_INVITATION_DAYS, **kwargs)

    def post(self, request, *args, **kwargs):
        invitation = self.get_object()
        # Each sending is an email: it counts against the invitations' limit.
        if not ratelimit.consume(request, ratelimit.INVITATION):
            return ratelimit.too_many_requests(request, ratelimit.INVITATION)
        return run_action(
            request,
            lambda: invitation_resend(invitation=invitation, by=request.user),
            success=lambda issued: (
                f"The invitation was sent again to {issued.invitation.email}. The new link "
                f"works once, until {long_date(timezone.localtime(issued.invitation.expires_at))}"
                "; the old one no longer works."
            ),
            then=reverse("accounts:organisation_detail", args=[invitation.organisation_id]),
        )


class InvitationAcceptView(PublicMixin, View):
    """Where the emailed link lands. Sends a new person to sign-up, an existing one
    to sign in, and lets a signed-in person accept with one button."""

    template_name = "accounts/invitation_accept.html"

    def with_usable(self, request, key, then):
        """`then(invitation)` if the link's invitation can still be accepted; else a
        page saying why (410: the link is gone)."""
        return run_or_refuse(
            request,
            lambda: services.invitation_check_usable(services.invitation_by_key(key)),
            then=then,
            template_name=self.template_name,
            status=410,
        )

    def get(self, request, key):
        return self.with_usable(
            request, key, lambda invitation: self.land(request, key, invitation)
        )

    def land(self, request, key, invitation):
        user = request.user
        if user.is_authenticated:
            if user.email.lower() != invitation.email.lower():
                return render(
                    request,
                    self.template_name,
                    {
                        "problem": "You are signed in as someone else. Sign out, then open "
                        "the link again.",
                        "wrong_user": True,
                    },
                    status=403,
                )
            return render(request, self.template_name, {"invitation": invitation})
        if User.objects.filter(email__iexact=invitation.email).exists():
            messages.info(request, "Sign in to accept your invitation.")
            login = reverse("account_login")
            return redirect(f"{login}?{urlencode({'next': request.path})}")
        request.session[SESSION_KEY] = key
        signup = reverse("account_signup")
        return redirect(f"{signup}?{urlencode({'email': invitation.email})}")

    def post(self, request, key):
        if not request.user.is_authenticated:
            return redirect(request.path)
        return self.with_usable(request, key, lambda invitation: self.accept(request, invitation))

    def accept(self, request, invitation):
        """Accept as the signed-in person; a refusal (403) is the page, with its reason."""
        return run_or_refuse(
            request,
            lambda: services.invitation_accept(invitation=invitation, user=request.user),
            then=lambda _: self.accepted(request, invitation),
            template_name=self.template_name,
            status=403,
        )

    def accepted(self, request, invitation):
        messages.success(
            request,
            f"You are now {invitation.get_role_display().lower()} for {invitation.organisation}.",
        )
        # A new practice educator, say, completes their profile first (onboarding).
        step = first_step_for(request.user, invitation.role)
        return redirect(step[1] if step else "portal:dashboard")


class ApiTokenListView(SignedInMixin, ratelimit.RateLimitedPostMixin, ServiceFormMixin, FormView):
    """Everyone sees (and may revoke) their tokens; only those whose work needs the
    API may create one: the others are told why, and their POST is refused."""

    template_name = "accounts/api_tokens.html"
    form_class = ApiTokenForm
    rate_limit_action = ratelimit.API_TOKEN

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"] = Paginator(selectors.api_tokens_of(self.request.user), 25).get_page(
            self.request.GET.get("page")
        )
        context["may_create"] = self.request.user.has_perm("accounts.add_apitoken")
        context["refusal"] = services.API_ACCESS_REFUSED
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.add_apitoken"):
            raise PermissionDenied(services.API_ACCESS_REFUSED)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.api_token_create(
            user=self.request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )

    def performed(self, form, issued):
        # Shown once: only the hash is kept.
        return render(
            self.request,
            "accounts/api_token_created.html",
            {"token": issued.token, "secret": issued.secret},
        )


class ApiTokenRevokeView(ObjectPermissionMixin, DetailView):
    model = ApiToken
    template_name = "accounts/api_token_revoke.html"
    context_object_name = "token"
    action_permission = "accounts.revoke_apitoken"

    def post(self, request, *args, **kwargs):
        token = self.get_object()
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, f"The token “{token.name}” was revoked. It no longer works.")
        return redirect("accounts:api_tokens")


class NotificationSettingsView(SignedInMixin, ServiceFormMixin, FormView):
    """How the signed-in person hears from the portal, kind by kind (issue 22,
    requirement 5). Always their own: the address names nobody else."""

    template_name = "accounts/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_kinds(self):
        if not hasattr(self, "_kinds"):
            self._kinds = selectors.notification_kinds_offered(self.request.user)
        return self._kinds

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": self.get_kinds()}

    def get_initial(self):
        return notification_preferences_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fixed_kinds"] = [kind for kind in self.get_kinds() if kind.fixed]
        return context

    def perform(self, form):
        return notification_preferences_save(
            user=self.request.user, by=self.request.user, choices=form.cleaned_data
        )

    def performed(self, form, result):
        messages.success(self.request, "Your choices of how you hear from the portal are saved.")
        return redirect("accounts:notification_settings")
