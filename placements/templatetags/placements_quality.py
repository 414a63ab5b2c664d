"""`{% quality_feedback_due placement as due %}`: whether the signed-in user is the
placement's student and can rate its setting now (placements/services/quality.py)."""

from django import template

from ..services.quality import quality_feedback_due as _due

register = template.Library()


@register.simple_tag(takes_context=True)
def quality_feedback_due(context, placement) -> bool:
    user = context.get("user")
    if user is None or not user.is_authenticated or placement.student_id != user.pk:
        return False
    return _due(placement, user)
