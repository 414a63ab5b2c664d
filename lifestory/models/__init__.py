from .books import BookVersion, Chapter, ChapterComment, LifeStoryBook

__all__ = ["BookVersion", "Chapter", "ChapterComment", "LifeStoryBook"]
