from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    name = "portal.privacy"
    label = "privacy"
    verbose_name = "Data protection"

    def ready(self) -> None:
        # Each app declares its personal data in one module, `<app>/personal_data.py`
        # (the register in portal.privacy.register), found here as the admin finds
        # `admin.py`: portal imports no app (docs/architecture.md).
        autodiscover_modules("personal_data")

        from portal import exports

        from .subject_access import subject_access_zip

        exports.register(
            "subject_access",
            render=lambda person, by: subject_access_zip(person, made_by=by),
            permission="privacy.export_subject_access",
            scope="privacy.export_subject_access",
        )
