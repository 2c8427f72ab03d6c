"""What the REST API and FHIR share for other systems of the institution:
who calls (API clients, their tokens, rights and rate), how a refusal
answers, and the Idempotency-Key header."""
