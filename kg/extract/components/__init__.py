"""The extraction components: one module per kind of thing found in a sentence (places, organisations, people,
honours, projects, programmes, products, events, coordinated lists, observations, plan items)."""
