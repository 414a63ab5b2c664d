from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# Wagtail's admin still emits inline scripts and its vendor code injects inline
# styles, so /admin/ alone gets a replaced, narrower policy. No nonce is added
# there: a nonce makes browsers ignore 'unsafe-inline'.
WAGTAIL_ADMIN_PREFIX = "/admin/"
WAGTAIL_ADMIN_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    # The page editor previews in a same-origin frame.
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(WAGTAIL_ADMIN_PREFIX):
            parts = PolicyParts(
                config=parts.config,
                update=parts.update,
                replace={**(parts.replace or {}), **WAGTAIL_ADMIN_POLICY},
                nonce=None,
            )
        return parts

    def process_response(self, request, response):
        if request.path_info.startswith(WAGTAIL_ADMIN_PREFIX):
            # Preview frames are same-origin; everywhere else stays DENY.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)
