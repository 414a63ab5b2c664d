from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook
from .media import MediaItem

__all__ = ["BookVersion", "Chapter", "ChapterComment", "LifeStoryBook", "MediaItem"]
