@NullMarked
package social.upkeep.transparency.internal;

import org.jspecify.annotations.NullMarked;
