"""Our Rasa NLU graph components, named in ``config.yml`` by their module path.

Nothing is imported here: Rasa imports each component's module when it builds
the graph, and the rest of the product must not pay for Rasa on import.
"""
