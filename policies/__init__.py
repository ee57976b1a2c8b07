"""Custom Rasa dialogue policies of the sales coach (referenced from config.yml)."""
