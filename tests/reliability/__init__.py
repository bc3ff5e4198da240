"""Proofs that the bot loses nothing: crashes, faults, poison updates, authorisation.

Every size is a parameter (`tests.reliability.sizes`): CI runs small ones, `bench/` the long
runs with the same code.
"""
