@NullMarked
package social.upkeep.instance.internal;

import org.jspecify.annotations.NullMarked;
