import pytest


@pytest.fixture(autouse=True)
def private_storage_dir(settings, tmp_path):
    """Private storage in a temporary folder, so no test writes under var/private."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location
