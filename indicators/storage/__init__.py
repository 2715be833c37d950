"""The store: engines and transactions (db), the one writer of each aggregate (store, auth) and the public release
(release: what the public sees, rebuilt inside the writer's transaction). Every write takes the acting user."""
