# No models. The module exists so that Django sends this app a post_migrate signal,
# after every other app's, which is when the role groups are synchronised.
