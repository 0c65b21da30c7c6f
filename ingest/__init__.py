"""Feed ingestion's pure parts: fetch, parse, canonical URLs and SimHash.

Nothing here touches the database; `ingest.services` combines them.
"""
