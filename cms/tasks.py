from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def publish_scheduled_pages() -> None:
    """Publish (and unpublish) whatever editors scheduled, via Wagtail's own
    command, so approved pages with a "go live" time appear on time. Each
    publish starts a new page-cache generation (cms.cache)."""
    call_command("publish_scheduled", verbosity=0)
