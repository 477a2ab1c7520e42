"""Per-source analysis: metadata, actors, figures, dates, quotes, positions, key points."""
