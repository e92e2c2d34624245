"""idstitch: in-warehouse customer identity stitching (tooling around the dbt project)."""

__version__ = "0.1.0"
