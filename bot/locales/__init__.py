"""Catalogues of every user-facing text, one module per language."""
