"""Community-based projects (issue: projects)."""
