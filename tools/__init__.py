"""Developer tools: NLU evaluation and the benchmark (not used by the running coach)."""
