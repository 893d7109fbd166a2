"""How people drive Tessera: the Qt GUI (the only Qt code in the project) and the CLI."""
