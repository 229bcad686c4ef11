"""The insatser forms, one module per subject (insats, rekvisition, rapport, …)."""
