"""Programs and their items: storing, listing, deriving."""
