"""The registry, loaded from the national directories (manage.py import_registry).

- `formats`: reading the public extracts as they are published — FINESS
  (data.gouv.fr) and the RPPS "Personne_activite" extract of the Annuaire
  Santé (annuaire.sante.fr) — line by line, each bad line reported with its
  number;
- `savoir_faire`: the directory's specialties (savoir-faire codes) that the
  platform's Specialty list knows;
- `service`: what those files mean for the registry (a plan of changes, the
  diff a dry run prints) and applying it in batches, through the audit trail.
"""
