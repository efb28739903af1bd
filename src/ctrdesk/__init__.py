"""ctrdesk: implementing programs, records and signed reports for Party committees."""

__version__ = "0.1.0"
