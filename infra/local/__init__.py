"""The local runtime: Rapport on an embedded AWS (moto), provisioned from template.yaml."""
