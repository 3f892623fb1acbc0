"""The staff pages: the queue (``queue``) and a case (``case``)."""
