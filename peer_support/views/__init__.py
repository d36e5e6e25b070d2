"""Browser pages of the peer-support app, one module per area."""
