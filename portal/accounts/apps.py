from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connect the receivers: an invitation is used when its sign-up completes
        # (adapter), tokens are revoked when a password changes (receivers), and
        # each sign-in records its time for the session limits (sessions).
        from . import adapter, receivers, sessions  # noqa: F401
