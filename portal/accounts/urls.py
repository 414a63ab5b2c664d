from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/name/", views.AccountNameView.as_view(), name="account_name"),
    path(
        "account/notifications/",
        views.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path("account/api-tokens/", views.ApiTokenListView.as_view(), name="api_tokens"),
    path("memberships/<int:pk>/end/", views.MembershipEndView.as_view(), name="membership_end"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        views.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/invite/",
        views.InvitationCreateView.as_view(),
        name="invitation_create",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(
        "invitations/<int:pk>/resend/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    # The emailed link: public, because its recipient may have no account yet.
    path("invitation/<str:key>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
