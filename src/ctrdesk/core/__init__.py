"""The GUI-free core of ctrdesk.

Nothing under this package may import Qt: everything here is usable from the
command line, from tests and from the GUI alike.
"""
