"""Intake: the new referrals list, allocation, contact attempts and decisions."""

urlpatterns: list = []
