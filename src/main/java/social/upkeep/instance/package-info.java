/** A fediverse server whose funding Upkeep keeps: its profile, and (later) its OAuth connection. */
@NullMarked
package social.upkeep.instance;

import org.jspecify.annotations.NullMarked;
