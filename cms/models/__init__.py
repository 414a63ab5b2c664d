"""Public site models: page types, testimonials and page feedback."""

from .audience import Audience, AudienceListField
from .feedback import PageFeedback, PortalFeedback
from .pages import AudiencePage, HomePage, IndexPage, PublicPage, ServicePage, StandardPage
from .snippets import ServiceContact, Testimonial

__all__ = [
    "Audience",
    "AudienceListField",
    "AudiencePage",
    "HomePage",
    "IndexPage",
    "PageFeedback",
    "PortalFeedback",
    "PublicPage",
    "ServiceContact",
    "ServicePage",
    "StandardPage",
    "Testimonial",
]
