"""The "Was this page useful?" form on every public page, its storage and the
editors' report. Anonymous by design: see cms.models.PageFeedback."""
