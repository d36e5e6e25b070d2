"""Communities of return, their profiles and resources (issue: communities)."""
