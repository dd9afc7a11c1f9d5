"""The staff UI and the public participant pages: server-rendered HTML, no front-end build."""
