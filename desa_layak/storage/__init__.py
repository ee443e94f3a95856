"""Storage: the SQLite file, its migrations, record helpers and the attachment store."""
