"""hitboard's read-only HTTP API (FastAPI) and MCP server, over the store's search."""
