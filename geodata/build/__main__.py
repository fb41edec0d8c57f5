"""`python -m geodata.build`: see geodata/build/__init__.py."""

import sys

from geodata.build.write import main

sys.exit(main())
