"""Coaching logic of the sales coach: plain Python, no Rasa imports.

The Rasa action server (``actions/``) and the NLU pipeline call into this
package; everything here can be used and tested without Rasa.
"""
