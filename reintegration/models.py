"""The returnee registry and case management (issue: returnee registry)."""
