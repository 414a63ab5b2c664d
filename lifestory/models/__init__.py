from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook
from .contributions import Contribution, ContributionLink
from .media import MediaItem

__all__ = [
    "BookVersion",
    "Chapter",
    "ChapterComment",
    "Contribution",
    "ContributionLink",
    "LifeStoryBook",
    "MediaItem",
]
