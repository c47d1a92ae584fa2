"""What the operations team runs the portal with: request context in logs, metrics, health, read replica."""
