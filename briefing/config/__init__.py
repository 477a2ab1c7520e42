"""Settings as typed, validated objects: the manifest (``briefing.toml``) and command-line options.

``settings`` holds the types (Settings, Manifest, SourceEntry; DeliverySettings in ``delivery``),
``values`` the parsers of single values, ``manifest`` the loader that reads the file once and
reports every problem with its line (placed by ``lines``), ``options`` the command line over the
manifest and the run's clock, ``starter`` the file `briefing init` writes. Import from the modules;
this package runs nothing on import.
"""
