"""The design document and its files. Imports the engine, never Qt."""
