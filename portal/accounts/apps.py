from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connects the receiver that uses an invitation when its sign-up completes.
        from . import adapter  # noqa: F401
