"""The people of a unit: Party members, their positions, their list as a spreadsheet."""
