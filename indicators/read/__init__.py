"""Typed reads for the pages, the CLI and the exports: the signed-in view (queries, overview) and what the public
may see (published). Read only; never imports a renderer."""
