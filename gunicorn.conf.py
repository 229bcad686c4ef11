"""gunicorn settings (read from the working directory by `make serve`)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = 60


def post_worker_init(worker):
    # Load the PDF fonts and stylesheets in each worker before its first
    # request, so the first PDF a user asks for is not the slow one.
    from samordning.pdf import warm

    warm()
