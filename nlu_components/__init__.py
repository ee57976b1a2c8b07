"""Custom Rasa NLU components of the sales coach (referenced from config.yml)."""
