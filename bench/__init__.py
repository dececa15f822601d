"""`python -m bench.run`: streaming latency, CPU and memory per stream against a live gunicorn server."""
