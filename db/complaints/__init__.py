"""Customer complaints: recorded, contacted the same day, a proposal a manager approves,
agreed, carried out, followed up until the customer says satisfied."""
