"""The ten record kinds of the data contract, one module each."""
