"""The pictures of a search: its documents over time, its places on a map, its people as a network."""
