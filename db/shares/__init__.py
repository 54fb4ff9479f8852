"""Shares: a consultant's short links to a listed car, and the visits that come through them."""
