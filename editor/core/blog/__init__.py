"""A blog repository opened in place: its kind, its posts and its own conventions."""
