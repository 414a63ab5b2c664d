from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook
from .letters import LaterLifeLetter
from .media import MediaItem

__all__ = [
    "BookVersion",
    "Chapter",
    "ChapterComment",
    "LaterLifeLetter",
    "LifeStoryBook",
    "MediaItem",
]
