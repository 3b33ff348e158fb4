@NullMarked
package social.upkeep.imports.internal;

import org.jspecify.annotations.NullMarked;
