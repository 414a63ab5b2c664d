"""Dashboard panels: sessions."""
