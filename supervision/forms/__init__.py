"""Forms of the supervision app, one module per service they feed (supervision/services/)."""
