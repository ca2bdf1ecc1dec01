"""bordermap: turn conflict reporting into maps.

The end of the line: :mod:`bordermap.pipeline` runs geo -> layers for a folder of inputs, and
:mod:`bordermap.cli` is the ``bordermap`` command.
"""

__version__ = "0.1.0"
