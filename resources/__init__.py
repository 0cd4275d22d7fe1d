"""Runtime assets (preview page, stylesheets, scripts, icons), read through importlib.resources."""
