"""Answers to "Was this page useful?" (the feedback work owns this model)."""

from django.db import models
from wagtail.models import Page


class PageFeedback(models.Model):
    """One answer to "Was this page useful?" on a public page.

    Deliberately anonymous: no user, no IP address, no user agent. The rate
    limit per client works on a hashed key in the cache, never stored here.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=1200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self) -> str:
        return f"{'Useful' if self.useful else 'Not useful'}: {self.page}"


class PortalFeedback(models.Model):
    """One answer to "Was this page useful?" about a page of the portal, sent from
    the Beta banner's feedback link.

    Anonymous like PageFeedback: the page's path (never its query string, which can
    hold what someone searched for) and the answer; no user, address or browser.
    """

    path = models.CharField(max_length=300)
    useful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=1200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "portal feedback"
        verbose_name_plural = "portal feedback"

    def __str__(self) -> str:
        return f"{'Useful' if self.useful else 'Not useful'}: {self.path}"
