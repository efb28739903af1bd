"""Small reusable widgets that draw core values (charts)."""
