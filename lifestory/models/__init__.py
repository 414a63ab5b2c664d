from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook
from .media import MediaItem
from .renders import BookRender

__all__ = ["BookRender", "BookVersion", "Chapter", "ChapterComment", "LifeStoryBook", "MediaItem"]
