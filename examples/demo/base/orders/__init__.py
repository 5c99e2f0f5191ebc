"""The orders service: a small Flask API over SQLite."""
