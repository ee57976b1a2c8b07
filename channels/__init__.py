"""Rasa input/output channels for the places sales teams chat: Slack, Teams, a web page.

The coach writes replies once, in the markup of ``coach/markup.py``; each channel
here renders them, turns suggestion buttons into its platform's buttons, and
checks that requests really come from the platform.
"""
