from .sitemap_hreflang import register

__all__ = ["register"]
