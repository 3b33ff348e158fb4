/** Supporters inside. */
@NullMarked
package social.upkeep.supporter.internal;

import org.jspecify.annotations.NullMarked;
