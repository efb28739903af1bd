"""The Qt user interface: thin views over the core services."""
