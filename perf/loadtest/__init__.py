"""The load test (``make load``): locust users against gunicorn on loopback."""
