from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook
from .letters import LaterLifeLetter
from .media import MediaItem
from .renders import BookRender

__all__ = [
    "BookRender",
    "BookVersion",
    "Chapter",
    "ChapterComment",
    "LaterLifeLetter",
    "LifeStoryBook",
    "MediaItem",
]
