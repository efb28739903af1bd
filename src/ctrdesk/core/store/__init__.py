"""Storage of a workspace: opening, the schema and its migrations."""

from ctrdesk.core.store.workspace import Workspace, open_workspace

__all__ = ["Workspace", "open_workspace"]
