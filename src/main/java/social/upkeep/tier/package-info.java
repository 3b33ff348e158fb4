/** Membership tiers and donation options: what supporters can choose to give. */
@NullMarked
package social.upkeep.tier;

import org.jspecify.annotations.NullMarked;
