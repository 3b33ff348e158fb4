/** Tiers inside. */
@NullMarked
package social.upkeep.tier.internal;

import org.jspecify.annotations.NullMarked;
