"""Protecting a workspace: accounts and roles, the audit trail, encryption and backups."""
