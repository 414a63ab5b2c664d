from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook
from .contributions import Contribution, ContributionLink
from .letters import LaterLifeLetter
from .media import MediaItem
from .renders import BookRender

__all__ = [
    "BookRender",
    "BookVersion",
    "Chapter",
    "ChapterComment",
    "Contribution",
    "ContributionLink",
    "LaterLifeLetter",
    "LifeStoryBook",
    "MediaItem",
]
