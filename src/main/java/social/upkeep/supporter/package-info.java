/** Someone who gives: known by their fediverse account, an email address, or both. */
@NullMarked
package social.upkeep.supporter;

import org.jspecify.annotations.NullMarked;
