"""The economics of the market as small pure functions over numbers and numpy arrays, one module
per mechanism of the brief (M1-M10); agents decide by calling them."""
