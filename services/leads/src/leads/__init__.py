"""SalesOS leads service: every lead in, normalised, stored once, assigned to a rep."""
