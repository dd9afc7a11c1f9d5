"""Staff accounts, sessions, API tokens, CSRF, throttling and response headers."""
