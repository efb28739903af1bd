"""Party-format documents: the layout engine, the document kinds, the register."""
