"""The committee's records: sessions, dialogues and concerns, inspection and supervision,
ideological issues and ratings; what is due; readings the records already know."""
