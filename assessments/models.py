"""The handbook's instruments as data and the scoring engine (issue: assessments)."""
