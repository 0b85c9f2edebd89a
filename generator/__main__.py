"""`python -m generator` runs the coursepack command."""

from generator.cli import main

main()
