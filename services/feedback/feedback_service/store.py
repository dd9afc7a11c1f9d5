"""Tables of the feedback service's own schema and the queries on them."""

import sqlalchemy as sa
from netzwerkstatt.db import kernel_tables

metadata = sa.MetaData()
kernel_tables(metadata)
