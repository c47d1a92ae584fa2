"""Evidence checks: what a verifier should look at before signing a record (``docs/architecture.md``)."""
