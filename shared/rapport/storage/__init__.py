"""DynamoDB storage: the only place that knows key formats and item shapes."""
