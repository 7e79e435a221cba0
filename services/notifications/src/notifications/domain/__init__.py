"""Pure domain code: no SQLAlchemy, gRPC or NATS imports here."""
