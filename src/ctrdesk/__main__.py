import sys

from ctrdesk.cli import main

sys.exit(main())
