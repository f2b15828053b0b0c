"""The Textual user interface: app, screens and widgets. Imports `tuinews.core`."""
