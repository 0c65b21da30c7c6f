"""Feed ingestion's pure parts: fetch, parse, canonical URLs and SimHash.

Nothing here touches the database; `articles.services.ingest` combines them.
"""
