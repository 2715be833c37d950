"""Files in and out, and data made on purpose: the catalogue file, figure imports, open-data exports, backups, the demo
store and the Malmö-scale generator."""
