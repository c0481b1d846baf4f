"""Files nndesigner writes out for other programs (never imported by the app itself)."""
