"""Analysis: the graph as a networkx network (``network``), its structure (``structure``: centrality,
communities, paths) and charts (``plot``)."""
