"""Dialogs of the window that stand on their own."""
