"""Behaviour behind the screens: navigation, search, reader, idle, settings."""
