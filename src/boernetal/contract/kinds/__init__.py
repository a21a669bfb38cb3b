"""The record kinds of the data contract, one module each: the ten of the spec and Børnetal's additions."""
