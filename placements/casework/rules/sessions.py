"""Who may do what: sessions."""
