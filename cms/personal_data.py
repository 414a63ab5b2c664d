"""The public site's entries in the register of personal data."""

from portal.privacy.register import Whose, not_personal, personal_data

for page in ("HomePage", "ServicePage", "AudiencePage", "StandardPage", "IndexPage"):
    not_personal(
        f"cms.{page}",
        why="Published page copy about the services; editors' accounts are in accounts.User.",
    )
not_personal(
    "cms.ServiceContact",
    why="A team or service's published ways in (a team, never a person).",
)
personal_data(
    "cms.PageFeedback",
    whose=(Whose.VISITOR,),
    fields=("comment",),
    counts_from={"given": "created_at"},
)
personal_data(
    "cms.PortalFeedback",
    whose=(Whose.VISITOR,),
    fields=("comment",),
    counts_from={"given": "created_at"},
)
personal_data(
    "cms.Testimonial",
    whose=(Whose.CONTRIBUTOR,),
    fields=("quote",),
)
