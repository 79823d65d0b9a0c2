"""One module per ``recap`` subcommand, each with ``register(app)``."""
