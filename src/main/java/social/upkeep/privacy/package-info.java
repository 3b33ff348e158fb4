/**
 * Supporters' privacy: erasing a supporter's data (by themselves, by the operator, or when they have been inactive
 * for years) without touching the books, purging what has been kept long enough, and each server's privacy page,
 * made from what Upkeep really keeps.
 */
@NullMarked
package social.upkeep.privacy;

import org.jspecify.annotations.NullMarked;
