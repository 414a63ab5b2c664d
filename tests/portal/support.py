"""Shared by the portal tests and the browser tests (never a test module)."""

# Django's own form messages, which no portal form may show (issue 21, requirement 5);
# with their full stop, as ours may begin alike ("Enter a number of sessions from 1 to 12.").
GENERIC_MESSAGES = (
    "This field is required",
    "Enter a valid date",
    "Enter a valid time",
    "Enter a whole number.",
    "Enter a number.",
    "Select a valid choice",
    "Ensure this value",
    "Enter a valid email address",
    "Enter a list of values",
)
