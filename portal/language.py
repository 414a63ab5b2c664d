"""The language of a page (issue 19, requirement 8).

Public pages take their language from the address: English unprefixed, Swedish
under /sv/ (i18n_patterns with prefix_default_language=False). Django's
LocaleMiddleware therefore gives every unprefixed address the default language,
which would keep the portal in English for everyone.

Staff pages are not duplicated per language: under /portal/ the language is
the one the user chose with the switcher (Django's set_language, which keeps it
in the `django_language` cookie), else their browser's Accept-Language, else
English. A page shows in Swedish only where it is translated; the rest keeps
its English text inside translated chrome.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Addresses whose language follows the person, not the address.
PERSON_CHOOSES = ("/portal/",)


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if not request.path_info.startswith(PERSON_CHOOSES):
            return super().process_request(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None
