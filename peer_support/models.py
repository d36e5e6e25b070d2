"""Mentors, peer-support groups and community networks (issue: peer support)."""
