"""Plain typed values of the domain: areas, categories, households, members, rounds."""
