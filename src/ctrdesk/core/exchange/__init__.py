"""Packages between levels: programs down, signed submissions up, and consolidation."""
