"""The model. Importing it points Piccolo at our configuration module."""

import os

os.environ.setdefault("PICCOLO_CONF", "db.piccolo_conf")
