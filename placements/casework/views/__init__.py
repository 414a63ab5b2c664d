"""Casework pages, one module per part of the work; urls.py mounts them all."""
