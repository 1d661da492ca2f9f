"""Network's SQL, one module per concept, returning typed records (domain/)."""
