package social.upkeep.shared;

/**
 * What a public page tells search engines and link previews (Open Graph, Twitter cards): Mastodon's preview
 * card reads {@code og:title}, {@code og:description} and {@code og:image}. Pages without it are not indexed.
 */
public record PageMeta(String title, String description, String url, String image, String imageAlt,
        boolean indexable) {
}
