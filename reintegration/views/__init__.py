"""Browser pages of the reintegration app, one module per area."""
